/**
 * Builds the frame an attached client needs next: the rows that changed since
 * what it was last sent, plus layout, cursor, modes and status when they changed.
 * The daemon never sends more than the visible screen area per frame, however
 * much output the programs produced in between.
 */
import type { CursorState, Row } from '../common/cells';
import type { Frame, ModesInfo, PaneRect, StatusInfo } from '../protocol/attach-messages';
import type { Pane } from './pane';
import { screenRows } from './screen-rows';
import type { Session } from './session';

/** What one client has been sent so far. */
export class SentState {
  /** Per pane, the Row objects last sent (identity tells unchanged rows). */
  rows = new Map<number, Row[]>();
  layoutKey = '';
  modesKey = '';
  statusKey = '';
  cursorKey = '';

  reset(): void {
    this.rows.clear();
    this.layoutKey = this.modesKey = this.statusKey = this.cursorKey = '';
  }
}

export interface FrameOptions {
  full: boolean;
  bell: boolean;
  readOnly: boolean;
  clients: number;
  /** Some pane in this window waits for the user (filled by agent state, when known). */
  attention?: (pane: Pane) => boolean;
}

/** Returns the frame to send, or null when the client already shows everything. */
export function buildFrame(session: Session, sent: SentState, opts: FrameOptions): Frame | null {
  const win = session.window;
  if (!win) return null;
  if (opts.full) sent.reset();
  const rects = win.visibleRects();
  const layout: PaneRect[] = [];
  for (const [id, r] of rects) {
    const pane = win.pane(id);
    const rect: PaneRect = { id, x: r.x, y: r.y, w: r.w, h: r.h };
    if (pane && pane.state.kind === 'exited') {
      rect.exited = pane.state.signal ? `killed by signal ${pane.state.signal}` : `exited ${pane.state.code}`;
    }
    layout.push(rect);
  }
  const layoutKey = `${session.cols}x${session.rows}:${JSON.stringify(layout)}`;
  const frame: Frame = {
    t: 'frame',
    full: opts.full,
    cols: session.cols,
    rows: session.rows,
    active: win.activeId,
    panes: [],
    cursor: hiddenCursor(),
  };
  let news = opts.full || opts.bell;
  if (layoutKey !== sent.layoutKey) {
    frame.layout = layout;
    sent.layoutKey = layoutKey;
    for (const id of [...sent.rows.keys()]) if (!rects.has(id)) sent.rows.delete(id);
    news = true;
  }
  for (const id of rects.keys()) {
    const pane = win.pane(id);
    if (!pane) continue;
    const rows = screenRows(pane);
    const before = sent.rows.get(id);
    const changed: Array<[number, Row]> = [];
    for (let y = 0; y < rows.length; y++) if (!before || before[y] !== rows[y]) changed.push([y, rows[y]]);
    if (changed.length) {
      frame.panes.push({ id, rows: changed });
      news = true;
    }
    sent.rows.set(id, rows);
  }
  const active = win.active;
  if (active) frame.cursor = active.screen.cursor();
  const cursorKey = JSON.stringify(frame.cursor);
  if (cursorKey !== sent.cursorKey) {
    sent.cursorKey = cursorKey;
    news = true;
  }
  if (active) {
    const modes: ModesInfo = active.screen.modes();
    const modesKey = JSON.stringify(modes);
    if (modesKey !== sent.modesKey) {
      frame.modes = modes;
      sent.modesKey = modesKey;
      news = true;
    }
  }
  const status = statusOf(session, opts);
  const statusKey = JSON.stringify(status);
  if (statusKey !== sent.statusKey) {
    frame.status = status;
    sent.statusKey = statusKey;
    news = true;
  }
  if (opts.bell) frame.bell = true;
  return news ? frame : null;
}

function hiddenCursor(): CursorState {
  return { x: 0, y: 0, visible: false, style: 'block', blink: false };
}

function statusOf(session: Session, opts: FrameOptions): StatusInfo {
  const active = session.window?.active;
  return {
    session: session.name,
    workspace: session.workspace,
    windows: session.windows.map((w, index) => ({
      index,
      name: w.name,
      active: index === session.activeWindow,
      bell: w.bell,
      zoomed: w.zoomed,
      attention: opts.attention ? w.panes.some(opts.attention) : false,
    })),
    title: active ? active.screen.title || active.argv.join(' ') : '',
    clients: opts.clients,
    readOnly: opts.readOnly,
  };
}
