/**
 * Mouse reports from the user's terminal: forwarded to the pane (re-encoded in the
 * coordinates and encoding the program asked for) when the program wants the
 * mouse, else used by spaces itself (focus, border drags, wheel into scrollback).
 */
import type { ModesInfo, PaneRect } from '../protocol/attach-messages';
import type { MouseEvent } from './key-tokens';

const MOTION = 32;
const WHEEL = 64;

export function isWheel(ev: MouseEvent): boolean {
  return (ev.button & WHEEL) !== 0;
}

export function isWheelUp(ev: MouseEvent): boolean {
  return isWheel(ev) && (ev.button & 3) === 0;
}

export function isMotion(ev: MouseEvent): boolean {
  return (ev.button & MOTION) !== 0;
}

export function isPrimaryPress(ev: MouseEvent): boolean {
  return !ev.release && !isMotion(ev) && !isWheel(ev) && (ev.button & 3) === 0;
}

/** Does a program in this mouse mode want this event? */
function wanted(ev: MouseEvent, mode: string): boolean {
  if (mode === 'none') return false;
  if (mode === 'x10') return !ev.release && !isMotion(ev);
  if (mode === 'vt200') return !isMotion(ev);
  if (mode === 'drag') return !isMotion(ev) || (ev.button & 3) !== 3;
  return true;
}

/** The bytes the pane's program expects for `ev`, or null if it does not want it. */
export function encodeForPane(ev: MouseEvent, rect: PaneRect, modes: ModesInfo): string | null {
  if (!wanted(ev, modes.mouseTracking)) return null;
  const x = ev.x - rect.x;
  const y = ev.y - rect.y;
  if (x < 0 || y < 0 || x >= rect.w || y >= rect.h) return null;
  if (modes.mouseEncoding === 'SGR' || modes.mouseEncoding === 'SGR_PIXELS') {
    return `\x1b[<${ev.button};${x + 1};${y + 1}${ev.release ? 'm' : 'M'}`;
  }
  // X10/normal encoding: one byte per value, offset by 32, so coordinates stop at 222.
  if (x > 222 || y > 222) return null;
  const b = ev.release ? 3 | (ev.button & ~3) : ev.button;
  return `\x1b[M${String.fromCharCode(32 + b, 33 + x, 33 + y)}`;
}

/** The pane whose right (h) or bottom (v) border is at (x, y). */
export function borderAt(layout: PaneRect[], x: number, y: number): { pane: number; dir: 'h' | 'v' } | undefined {
  for (const r of layout) {
    if (x === r.x + r.w && y >= r.y && y < r.y + r.h) return { pane: r.id, dir: 'h' };
    if (y === r.y + r.h && x >= r.x && x < r.x + r.w) return { pane: r.id, dir: 'v' };
  }
  return undefined;
}
