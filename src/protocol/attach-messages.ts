/**
 * Messages of interactive clients: attaching, typed input, resizes, the frames the
 * daemon paints them with, and the window/pane operations bound to keys (which
 * the CLI can send too).
 */
import { arrayOf, bool, bytes, int, Infer, lit, obj, oneOf, optional, str, tuple } from './schema';
import { cursorV, LIMITS as L, MAX_TITLE_CHARS, MAX_WAITING, rowV } from './common-validators';
import type { Row } from '../common/cells';

const id = int({ min: 0, max: 2 ** 31 - 1 });
const target = str({ max: 512 });
const size = { cols: int({ min: 2, max: L.maxCols }), rows: int({ min: 2, max: L.maxRows }) };

// ---------------------------------------------------------------- client -> daemon

export const attachV = obj({
  t: lit('attach'),
  id,
  /** Session (optionally `:W.P` to focus); empty means the most recently used session. */
  target: str({ max: 512 }),
  ...size,
  readOnly: bool(),
  /** The pane this client runs in ($SPACES_PANE), if any: attaching to its own session would nest it in itself. */
  fromPane: optional(str({ max: 32 })),
});

/** Bytes typed by the user (after the client took its own keys out). */
export const inputV = obj({ t: lit('input'), data: bytes({ max: L.maxInputBytes }) });

export const resizeV = obj({ t: lit('resize'), ...size });

export const detachV = obj({ t: lit('detach') });

/** The client has painted every frame up to `seq` (flow control across links the daemon cannot see into). */
export const ackV = obj({ t: lit('ack'), seq: int({ min: 0 }) });

export const splitV = obj({
  t: lit('split'),
  id,
  target,
  /** h: the new pane goes to the right; v: below. */
  dir: oneOf('h', 'v'),
  argv: arrayOf(str({ max: 1 << 16 }), { max: 4096 }),
  cwd: optional(str({ max: 4096 })),
});

export const newWindowV = obj({
  t: lit('new-window'),
  id,
  target,
  argv: arrayOf(str({ max: 1 << 16 }), { max: 4096 }),
  name: optional(str({ max: 256 })),
  cwd: optional(str({ max: 4096 })),
});

/** Makes the target window and pane the active ones. */
export const selectV = obj({ t: lit('select'), id, target });

/** Moves focus from the target's active pane, or between windows. */
export const focusV = obj({
  t: lit('focus'),
  id,
  target,
  to: oneOf('left', 'right', 'up', 'down', 'next-pane', 'prev-pane', 'next-window', 'prev-window', 'last-window'),
});

export const killPaneV = obj({ t: lit('kill-pane'), id, target });

export const zoomV = obj({ t: lit('zoom'), id, target });

export const resizePaneV = obj({
  t: lit('resize-pane'),
  id,
  target,
  dir: oneOf('h', 'v'),
  delta: int({ min: -1000, max: 1000 }),
});

export const renameWindowV = obj({ t: lit('rename-window'), id, target, name: str({ max: 256 }) });

/** Drags the border right of (dir h) or below (dir v) the target pane to a window position. */
export const dragBorderV = obj({ t: lit('drag-border'), id, target, dir: oneOf('h', 'v'), to: int({ min: 0, max: L.maxCols }) });

/** Turns the connection into a live grid of every session (or a workspace's). */
export const gridV = obj({
  t: lit('grid'),
  id,
  /** Only sessions of this workspace; empty for all. */
  workspace: str({ max: 4096 }),
  ...size,
});

// ---------------------------------------------------------------- daemon -> client

export const modesV = obj({
  applicationCursorKeys: bool(),
  applicationKeypad: bool(),
  bracketedPaste: bool(),
  mouseTracking: str({ max: 16 }),
  mouseEncoding: str({ max: 16 }),
  sendFocus: bool(),
  altScreen: bool(),
});

const paneRectV = obj({
  id: int({ min: 0 }),
  x: int({ min: 0, max: L.maxCols }),
  y: int({ min: 0, max: L.maxRows }),
  w: int({ min: 1, max: L.maxCols }),
  h: int({ min: 1, max: L.maxRows }),
  /** Program exited: the view marks the pane as dead. */
  exited: optional(str({ max: 64 })),
});

const windowInfoV = obj({
  index: int({ min: 0 }),
  name: str({ max: 256 }),
  active: bool(),
  bell: bool(),
  zoomed: bool(),
  /** Some pane in it waits for the user (agents). */
  attention: bool(),
});

export const statusV = obj({
  session: str({ max: 256 }),
  workspace: str({ max: 4096 }),
  windows: arrayOf(windowInfoV, { max: 10000 }),
  /** The focused pane's title (OSC 0/2), or its command. */
  title: str({ max: MAX_TITLE_CHARS }),
  clients: int({ min: 0 }),
  readOnly: bool(),
  /** Other sessions with a pane waiting for the user (agents asking a question). */
  waiting: optional(arrayOf(str({ max: 256 }), { max: MAX_WAITING })),
});

/** Changed rows of one pane: [y, row] pairs. */
const paneRowsV = obj({
  id: int({ min: 0 }),
  rows: arrayOf(tuple<[number, Row]>([int({ min: 0, max: L.maxRows }), rowV]), { max: L.maxRows }),
});

export const frameV = obj({
  t: lit('frame'),
  /** Counts frames sent to this client; acknowledged with `ack`. */
  seq: int({ min: 0 }),
  /** Forget everything held so far (first frame, after a stall, after a layout change). */
  full: bool(),
  /** The window area the layout was computed for. */
  cols: int({ min: 1, max: L.maxCols }),
  rows: int({ min: 1, max: L.maxRows }),
  /** Visible panes; present when it changed (always with `full`). */
  layout: optional(arrayOf(paneRectV, { max: 1000 })),
  active: int({ min: 0 }),
  panes: arrayOf(paneRowsV, { max: 1000 }),
  /** The focused pane's cursor, in pane coordinates. */
  cursor: cursorV,
  modes: optional(modesV),
  status: optional(statusV),
  /** A pane rang its bell: ring the user's. */
  bell: optional(bool()),
});

export const tileV = obj({
  session: str({ max: 256 }),
  workspace: str({ max: 4096 }),
  agent: optional(str({ max: 64 })),
  state: oneOf('working', 'needs-input', 'idle', 'exited'),
  /** Why, in a few words (the live-state rule's detail). */
  detail: str({ max: 512 }),
  /** The pane the tile shows (the session's focused pane), and its size. */
  pane: int({ min: 0 }),
  cols: int({ min: 1, max: L.maxCols }),
  rows: int({ min: 1, max: L.maxRows }),
});

/** Frames of the grid: tiles (when they change) and the changed rows of the panes they show. */
export const gridFrameV = obj({
  t: lit('grid-frame'),
  seq: int({ min: 0 }),
  full: bool(),
  tiles: optional(arrayOf(tileV, { max: 10000 })),
  panes: arrayOf(paneRowsV, { max: 10000 }),
});

/**
 * A pane this client is not looking at (another session, or another window)
 * started waiting for the user: ring the bell and raise a desktop notification.
 */
export const attentionV = obj({
  t: lit('attention'),
  session: str({ max: 256 }),
  /** Where it is, as a target (`NAME:W.P`). */
  target: str({ max: 512 }),
  /** What it is waiting for, in a few words (the rule's detail). */
  text: str({ max: 512 }),
});

/** The daemon ended this client's view: detached by request, session gone, or daemon stopping. */
export const detachedV = obj({ t: lit('detached'), reason: str({ max: 1024 }) });

export const attachReplyV = obj({
  session: str({ max: 256 }),
  /** Line feeds the active pane printed since the last client detached, and when that was ("N lines since you left"). */
  away: optional(obj({ lines: int({ min: 0 }), since: int({ min: 0 }) })),
});

export type Frame = Infer<typeof frameV>;
export type GridFrame = Infer<typeof gridFrameV>;
export type Tile = Infer<typeof tileV>;
export type Attention = Infer<typeof attentionV>;
export type PaneRect = Infer<typeof paneRectV>;
export type StatusInfo = Infer<typeof statusV>;
export type WindowInfo = Infer<typeof windowInfoV>;
export type ModesInfo = Infer<typeof modesV>;

