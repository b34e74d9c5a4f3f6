/**
 * The status line: session, window list (with bell `!`, waiting-for-input `?` and
 * zoom `Z` markers), the focused pane's title, and on the right the workspace,
 * other clients, and whatever mode the client is in.
 */
import type { StatusInfo } from '../protocol/attach-messages';
import { Attr } from '../common/cells';
import type { Grid } from './grid';
import type { Style } from './sgr';
import { textWidth, truncate } from './width';

/** Palette colours: every terminal that runs agent TUIs has 256 colours. */
export const STATUS_STYLES = {
  bar: { fg: 252, bg: 236, attrs: 0 },
  session: { fg: 16, bg: 114, attrs: Attr.bold },
  window: { fg: 250, bg: 236, attrs: 0 },
  activeWindow: { fg: 231, bg: 240, attrs: Attr.bold },
  bell: { fg: 231, bg: 160, attrs: Attr.bold },
  attention: { fg: 16, bg: 221, attrs: Attr.bold },
  title: { fg: 245, bg: 236, attrs: 0 },
  mode: { fg: 16, bg: 221, attrs: Attr.bold },
  message: { fg: 231, bg: 24, attrs: 0 },
} satisfies Record<string, Style>;

export interface StatusExtras {
  /** Shown at the right edge, highlighted (a mode such as "COPY 12/340"). */
  mode?: string;
  /** Replaces the title area for a moment (errors, confirmations). */
  message?: string;
  /** The ssh host of a remote view: where these programs really run. */
  host?: string;
}

interface WindowLabel {
  index: number;
  text: string;
  style: Style;
  x: number;
  width: number;
}

function sessionLabel(status: StatusInfo): string {
  return ` ${truncate(status.session, 24)} `;
}

/** Where each window's label sits on the status line (for drawing and for mouse clicks). */
export function windowLabels(status: StatusInfo, cols: number): WindowLabel[] {
  const out: WindowLabel[] = [];
  let x = textWidth(sessionLabel(status)) + 1;
  for (const w of status.windows) {
    const flags = `${w.active ? '*' : ''}${w.zoomed ? 'Z' : ''}${w.bell ? '!' : ''}${w.attention ? '?' : ''}`;
    const text = ` ${w.index}:${truncate(w.name, 16)}${flags} `;
    const style = w.bell ? STATUS_STYLES.bell : w.attention ? STATUS_STYLES.attention : w.active ? STATUS_STYLES.activeWindow : STATUS_STYLES.window;
    const width = textWidth(text);
    if (x + width > cols - 1) break;
    out.push({ index: w.index, text, style, x, width });
    x += width;
  }
  return out;
}

/** The window whose label is at column x of the status line, if any. */
export function windowAt(status: StatusInfo | null, cols: number, x: number): number | undefined {
  if (!status) return undefined;
  return windowLabels(status, cols).find((l) => x >= l.x && x < l.x + l.width)?.index;
}

export function drawStatus(grid: Grid, y: number, status: StatusInfo | null, extras: StatusExtras = {}): void {
  const cols = grid.cols;
  grid.fill(0, y, cols, 1, ' ', STATUS_STYLES.bar);
  if (!status) return;
  let x = grid.putText(0, y, sessionLabel(status), STATUS_STYLES.session) + 1;
  for (const l of windowLabels(status, cols)) x = l.x + grid.putText(l.x, y, l.text, l.style);
  const rightParts: string[] = [];
  if (status.readOnly) rightParts.push('read-only');
  if (status.clients > 1) rightParts.push(`${status.clients} clients`);
  rightParts.push(status.workspace);
  if (extras.host) rightParts.push(`on ${extras.host}`);
  const right = ` ${rightParts.join(' · ')} `;
  const mode = extras.mode ? ` ${extras.mode} ` : '';
  // Other sessions whose agents wait for the user: the reason to look elsewhere.
  const waiting = status.waiting?.length ? ` ? ${truncate(status.waiting.join(' '), 30)} ` : '';
  const rightWidth = Math.min(textWidth(right) + textWidth(mode) + textWidth(waiting), Math.max(0, cols - x - 2));
  const rightStart = cols - rightWidth;
  const middle = extras.message ?? status.title;
  const middleStyle = extras.message ? STATUS_STYLES.message : STATUS_STYLES.title;
  if (rightStart - x > 4) grid.putText(x + 1, y, truncate(middle, rightStart - x - 2), middleStyle);
  let rx = rightStart;
  if (mode) rx += grid.putText(rx, y, mode, STATUS_STYLES.mode, cols - rx);
  if (waiting) rx += grid.putText(rx, y, waiting, STATUS_STYLES.attention, cols - rx);
  grid.putText(rx, y, right, STATUS_STYLES.title, cols - rx);
}
