/**
 * Builds the frame an attached client needs next: the rows that changed since
 * what it was last sent, plus layout, cursor, modes and status when they changed.
 * The daemon never sends more than the visible screen area per frame, however
 * much output the programs produced in between.
 */
import type { CursorState, Row } from '../common/cells';
import type { Frame, ModesInfo, PaneRect, StatusInfo } from '../protocol/attach-messages';
import { MAX_TITLE_CHARS, MAX_WAITING } from '../protocol/common-validators';
import type { Pane } from './pane';
import { screenRows } from './screen-rows';
import type { Session } from './session';

/** What one client has been sent so far. */
export class SentState {
  /** Per pane, the Row objects last sent (identity tells unchanged rows). */
  rows = new Map<number, Row[]>();
  layoutKey = '';
  statusKey = '';
  modes: ModesInfo | null = null;
  cursor: CursorState | null = null;

  reset(): void {
    this.rows.clear();
    this.layoutKey = this.statusKey = '';
    this.modes = null;
    this.cursor = null;
  }
}

export interface FrameOptions {
  full: boolean;
  bell: boolean;
  readOnly: boolean;
  clients: number;
  /** Some pane in this window waits for the user (filled by agent state, when known). */
  attention?: (pane: Pane) => boolean;
  /** Names of other sessions waiting for the user (asked only when the status is rebuilt). */
  waiting?: () => string[];
  /** Changes whenever the attention picture changes, so the status is rebuilt. */
  attentionKey?: number;
}

/** Returns the frame to send, or null when the client already shows everything. */
export function buildFrame(session: Session, sent: SentState, opts: FrameOptions): Frame | null {
  const win = session.window;
  if (!win) return null;
  if (opts.full) sent.reset();
  const rects = win.visibleRects();
  // Layout only changes through session.changed(), which bumps the version.
  const layoutKey = `${session.version}:${session.cols}x${session.rows}`;
  const frame: Frame = {
    t: 'frame',
    seq: 0,
    full: opts.full,
    cols: session.cols,
    rows: session.rows,
    active: win.activeId,
    panes: [],
    cursor: hiddenCursor(),
  };
  let news = opts.full || opts.bell;
  if (layoutKey !== sent.layoutKey) {
    frame.layout = layoutOf(win, rects);
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
  if (!sent.cursor || !sameCursor(sent.cursor, frame.cursor)) {
    sent.cursor = frame.cursor;
    news = true;
  }
  if (active) {
    const modes: ModesInfo = active.screen.modes();
    if (!sent.modes || !sameModes(sent.modes, modes)) {
      frame.modes = modes;
      sent.modes = modes;
      news = true;
    }
  }
  const statusKey = `${session.version}|${session.viewers.size}|${active?.screen.title ?? ''}|${opts.attentionKey ?? 0}`;
  if (statusKey !== sent.statusKey) {
    frame.status = statusOf(session, opts);
    sent.statusKey = statusKey;
    news = true;
  }
  if (opts.bell) frame.bell = true;
  return news ? frame : null;
}

function layoutOf(win: NonNullable<Session['window']>, rects: Map<number, { x: number; y: number; w: number; h: number }>): PaneRect[] {
  const layout: PaneRect[] = [];
  for (const [id, r] of rects) {
    const pane = win.pane(id);
    const rect: PaneRect = { id, x: r.x, y: r.y, w: r.w, h: r.h };
    if (pane && pane.state.kind === 'exited') {
      rect.exited = pane.state.signal ? `killed by signal ${pane.state.signal}` : `exited ${pane.state.code}`;
    }
    layout.push(rect);
  }
  return layout;
}

function sameCursor(a: CursorState, b: CursorState): boolean {
  return a.x === b.x && a.y === b.y && a.visible === b.visible && a.style === b.style && a.blink === b.blink;
}

function sameModes(a: ModesInfo, b: ModesInfo): boolean {
  return (
    a.applicationCursorKeys === b.applicationCursorKeys &&
    a.applicationKeypad === b.applicationKeypad &&
    a.bracketedPaste === b.bracketedPaste &&
    a.mouseTracking === b.mouseTracking &&
    a.mouseEncoding === b.mouseEncoding &&
    a.sendFocus === b.sendFocus &&
    a.altScreen === b.altScreen
  );
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
    title: (active ? active.screen.title || active.argv.join(' ') : '').slice(0, MAX_TITLE_CHARS),
    clients: opts.clients,
    waiting: waitingOf(opts),
    readOnly: opts.readOnly,
  };
}

function waitingOf(opts: FrameOptions): string[] | undefined {
  const names = opts.waiting?.();
  // As many as the status line could ever show (and the frame schema takes).
  return names && names.length ? names.slice(0, MAX_WAITING) : undefined;
}
