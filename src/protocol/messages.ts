/**
 * Every message on the socket, one typed union per direction (zellij's
 * ClientToServerMsg / ServerToClientMsg). Requests carry an `id` that the daemon
 * echoes on the reply; streams (watch) reuse the id of the request that opened them.
 *
 * The validators below are the single source of truth: the TypeScript types are
 * inferred from them, and both ends run them on everything they receive.
 */
import { arrayOf, bool, int, Infer, lit, obj, oneOf, optional, str, stringMap, tagged, Validator, any } from './schema';
import { cursorV, LIMITS, rowV } from './common-validators';
import {
  ackV, attachReplyV, attachV, detachedV, detachV, dragBorderV, focusV, frameV, inputV, killPaneV, newWindowV, renameWindowV,
  resizePaneV, resizeV, selectV, splitV, zoomV,
} from './attach-messages';

export { LIMITS };

const id = int({ min: 0, max: 2 ** 31 - 1 });
const name = str({ max: LIMITS.maxNameLength });
const target = str({ max: LIMITS.maxNameLength * 2 });

// ---------------------------------------------------------------- client -> daemon

export const helloV = obj({
  t: lit('hello'),
  v: int({ min: 0 }),
  role: oneOf('cli', 'attach', 'proxy'),
});

/**
 * "Still here", sent every heartbeat interval by both ends of a link that cannot
 * report its own death (ssh: a dead TCP path is silent for minutes). The client
 * starts; the daemon answers in kind from the first one on. See heartbeat.ts.
 */
export const heartbeatV = obj({ t: lit('heartbeat') });

const newV = obj({
  t: lit('new'),
  id,
  name,
  cwd: str({ max: 4096 }),
  /** Program and arguments; empty means the user's shell. */
  argv: arrayOf(str({ max: 1 << 16 }), { max: LIMITS.maxArgs }),
  /** The creating client's environment; the pane inherits it. */
  env: stringMap(),
  cols: int({ min: 2, max: LIMITS.maxCols }),
  rows: int({ min: 2, max: LIMITS.maxRows }),
  scrollback: optional(int({ min: 0, max: LIMITS.maxScrollback })),
});

const lsV = obj({ t: lit('ls'), id });

const sendV = obj({
  t: lit('send'),
  id,
  target,
  /** Typed as is. */
  literal: optional(str({ max: LIMITS.maxSendBytes })),
  /** tmux send-keys words: key names become their bytes, other words are typed as is. */
  keys: optional(arrayOf(str({ max: LIMITS.maxSendBytes }), { max: LIMITS.maxArgs })),
});

const captureV = obj({
  t: lit('capture'),
  id,
  target,
  /** History lines above the screen to include; -1 for all of it. */
  scrollback: int({ min: -1, max: LIMITS.maxScrollback }),
});

const watchV = obj({ t: lit('watch'), id, target });

const killV = obj({ t: lit('kill'), id, target });

const renameV = obj({ t: lit('rename'), id, from: name, to: name });

const killServerV = obj({ t: lit('kill-server'), id });

/** Messages that expect a reply (they carry an `id`). */
const requestMembers = {
  new: newV,
  ls: lsV,
  send: sendV,
  capture: captureV,
  watch: watchV,
  kill: killV,
  rename: renameV,
  'kill-server': killServerV,
  attach: attachV,
  split: splitV,
  'new-window': newWindowV,
  select: selectV,
  focus: focusV,
  'kill-pane': killPaneV,
  zoom: zoomV,
  'resize-pane': resizePaneV,
  'rename-window': renameWindowV,
  'drag-border': dragBorderV,
};

export const requestV = tagged(requestMembers);

/** Messages of an attached client that need no reply. */
export const attachedMessageV = tagged({ input: inputV, resize: resizeV, detach: detachV, ack: ackV });

export const clientMessageV = tagged({
  hello: helloV,
  ...requestMembers,
  input: inputV,
  resize: resizeV,
  detach: detachV,
  ack: ackV,
  heartbeat: heartbeatV,
});

export type Hello = Infer<typeof helloV>;
export type AttachedMessage = Infer<typeof attachedMessageV>;
export type Request = Infer<typeof requestV>;
export type ClientMessage = Infer<typeof clientMessageV>;
export type RequestType = Request['t'];
export type RequestOf<T extends RequestType> = Extract<Request, { t: T }>;

// ---------------------------------------------------------------- daemon -> client

const errorV = obj({ code: str({ max: 64 }), message: str({ max: 8192 }) });

const welcomeV = obj({ t: lit('welcome'), v: int({ min: 0 }), pid: int({ min: 0 }) });

/** The reply to request `id`; `value`'s shape depends on the request (see replyValueV). */
const replyV = obj({
  t: lit('reply'),
  id,
  ok: bool(),
  value: optional(any()),
  error: optional(errorV),
});

/** Pushed on a `watch` stream: lines that appeared since the last push, then the screen. */
const linesV = obj({
  t: lit('lines'),
  id,
  lines: arrayOf(str({ max: 1 << 16 }), { max: LIMITS.maxScrollback }),
  /** Set once the pane's program has exited; the stream ends after it. */
  exited: optional(obj({ code: int(), signal: optional(int()) })),
});

/** Sent just before the daemon closes a connection on purpose, saying why. */
const byeV = obj({ t: lit('bye'), message: str({ max: 8192 }), code: optional(str({ max: 64 })) });

export const daemonMessageV = tagged({
  welcome: welcomeV,
  reply: replyV,
  lines: linesV,
  bye: byeV,
  frame: frameV,
  detached: detachedV,
  heartbeat: heartbeatV,
});

export type DaemonMessage = Infer<typeof daemonMessageV>;
export type Welcome = Infer<typeof welcomeV>;
export type Reply = Infer<typeof replyV>;
export type LinesEvent = Infer<typeof linesV>;

// ---------------------------------------------------------------- reply values

export const sessionInfoV = obj({
  name,
  workspace: str({ max: 4096 }),
  cwd: str({ max: 4096 }),
  command: str({ max: 1 << 16 }),
  pid: optional(int()),
  state: oneOf('running', 'exited'),
  exitCode: optional(int()),
  exitSignal: optional(int()),
  created: int({ min: 0 }),
  lastActivity: int({ min: 0 }),
  attached: int({ min: 0 }),
  windows: int({ min: 0 }),
  panes: int({ min: 0 }),
});
export type SessionInfo = Infer<typeof sessionInfoV>;

export const snapshotV = obj({
  cols: int({ min: 1, max: LIMITS.maxCols }),
  rows: int({ min: 1, max: LIMITS.maxRows }),
  cursor: cursorV,
  /** History lines (oldest first) followed by the screen's rows. */
  lines: arrayOf(rowV, { max: LIMITS.maxScrollback + LIMITS.maxRows }),
  /** How many of `lines` are history above the screen. */
  historyLines: int({ min: 0 }),
});
export type Snapshot = Infer<typeof snapshotV>;

const nothingV: Validator<undefined> = { check: (v, p) => (v === undefined || v === null ? null : `${p}: expected nothing`) };

export const replyValueV = {
  new: obj({ name, pid: int({ min: 0 }) }),
  ls: arrayOf(sessionInfoV, { max: 100000 }),
  send: nothingV,
  capture: snapshotV,
  watch: nothingV,
  kill: nothingV,
  rename: nothingV,
  'kill-server': nothingV,
  attach: attachReplyV,
  split: obj({ pane: int({ min: 0 }) }),
  'new-window': obj({ window: int({ min: 0 }) }),
  select: nothingV,
  focus: nothingV,
  'kill-pane': nothingV,
  zoom: nothingV,
  'resize-pane': nothingV,
  'rename-window': nothingV,
  'drag-border': nothingV,
} satisfies Record<RequestType, Validator<unknown>>;

export type ReplyValue<T extends RequestType> = Infer<(typeof replyValueV)[T]>;

