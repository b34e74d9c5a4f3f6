/**
 * Every message on the socket, one typed union per direction (zellij's
 * ClientToServerMsg / ServerToClientMsg). Requests carry an `id` that the daemon
 * echoes on the reply; streams (watch) reuse the id of the request that opened them.
 *
 * The validators below are the single source of truth: the TypeScript types are
 * inferred from them, and both ends run them on everything they receive.
 */
import { arrayOf, bool, int, Infer, lit, num, obj, oneOf, optional, str, stringMap, tagged, Validator, any } from './schema';
import { cursorV, LIMITS, rowV } from './common-validators';
import {
  ackV, attachReplyV, attachV, attentionV, gridFrameV, gridV, detachedV, detachV, dragBorderV, focusV, frameV, inputV, killPaneV, newWindowV, renameWindowV,
  resizePaneV, resizeV, selectV, splitV, zoomV,
} from './attach-messages';
import {
  historyV, logsReplyV, logsV, outputV, replayReplyV, replayV, resurrectReplyV, resurrectV,
} from './history-messages';

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
  /** Agent preset name (`--agent`); `argv` then holds only the extra arguments. */
  agent: optional(name),
  /** Paste the workspace's context file into the agent once it is ready for input. */
  withContext: optional(bool()),
  /** Set by `--worktree`: the session works in this git worktree, made from `workspaceRoot`'s repository. */
  worktree: optional(obj({ path: str({ max: 4096 }), branch: str({ max: 4096 }) })),
  /** Overrides the workspace found from `cwd` (a worktree belongs to the repository it came from). */
  workspaceRoot: optional(str({ max: 4096 })),
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
  /** Pasted as a terminal pastes: bracketed when the program enabled bracketed paste. */
  paste: optional(str({ max: LIMITS.maxSendBytes })),
});

const captureV = obj({
  t: lit('capture'),
  id,
  target,
  /** History lines above the screen to include; -1 for all of it. */
  scrollback: int({ min: -1, max: LIMITS.maxScrollback }),
  /**
   * Reach back through the pane's output log when its in-memory history is not
   * enough; that history arrives as `history` pushes ahead of the reply. Without
   * it, "all" means all that is in memory (bounded and quick: scrollback mode).
   */
  history: optional(bool()),
});

const watchV = obj({ t: lit('watch'), id, target });

const killV = obj({ t: lit('kill'), id, target });

const renameV = obj({ t: lit('rename'), id, from: name, to: name });

const killServerV = obj({ t: lit('kill-server'), id });

/** Why the daemon thinks a pane is working, needs input, idle or exited. */
const whyV = obj({ t: lit('why'), id, target });

/** Appends a dated entry to the session's workspace context file. */
const checkpointV = obj({ t: lit('checkpoint'), id, target, message: str({ min: 1, max: LIMITS.maxSendBytes }) });

/** Reads a workspace's context file: by workspace name or path, else the workspace of `cwd`. */
const contextV = obj({ t: lit('context'), id, workspace: optional(str({ max: 4096 })), cwd: str({ max: 4096 }) });

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
  why: whyV,
  checkpoint: checkpointV,
  context: contextV,
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
  grid: gridV,
  replay: replayV,
  logs: logsV,
  resurrect: resurrectV,
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
  attention: attentionV,
  'grid-frame': gridFrameV,
  heartbeat: heartbeatV,
  history: historyV,
  output: outputV,
});

export type DaemonMessage = Infer<typeof daemonMessageV>;
export type Welcome = Infer<typeof welcomeV>;
export type Reply = Infer<typeof replyV>;
export type LinesEvent = Infer<typeof linesV>;
export type HistoryPush = Infer<typeof historyV>;
export type OutputPush = Infer<typeof outputV>;

// ---------------------------------------------------------------- reply values

export const liveStateV = oneOf('working', 'needs-input', 'idle', 'exited');
export const sessionStateV = oneOf('working', 'needs-input', 'idle', 'exited', 'resurrectable', 'damaged');

export const sessionInfoV = obj({
  name,
  workspace: str({ max: 4096 }),
  /** The workspace's directory (the git root of the cwd, or the cwd). */
  workspaceRoot: optional(str({ max: 4096 })),
  cwd: str({ max: 4096 }),
  command: str({ max: 1 << 16 }),
  pid: optional(int()),
  /**
   * The most urgent state among its panes: needs-input, then working, idle, exited.
   * Sessions found on disk after a restart are `resurrectable`, or `damaged` when
   * something there was not intact (see `problem`), or `exited` when all their
   * programs had exited by themselves before it.
   */
  state: sessionStateV,
  /** When the session entered `state`. */
  stateSince: optional(int({ min: 0 })),
  /** Preset of the primary pane's agent, when started with --agent. */
  agent: optional(name),
  conversationId: optional(str({ max: 256 })),
  /** The command line that resumes the agent's conversation (what resurrection runs). */
  resume: optional(arrayOf(str({ max: 1 << 16 }), { max: LIMITS.maxArgs })),
  worktree: optional(obj({ path: str({ max: 4096 }), branch: str({ max: 4096 }) })),
  /** Every pane's state, for views that show more than the session's summary. */
  paneStates: optional(arrayOf(obj({ pane: str({ max: 32 }), state: liveStateV, agent: optional(name) }), { max: 4096 })),
  /** What was found damaged, for `damaged` sessions. */
  problem: optional(str({ max: 8192 })),
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
  /** History lines sent ahead of this reply as `history` pushes (history read from the log). */
  streamed: optional(int({ min: 0 })),
});
export type Snapshot = Infer<typeof snapshotV>;

export const verdictV = obj({
  state: liveStateV,
  rule: str({ max: 64 }),
  since: int({ min: 0 }),
  at: num(),
  detail: str({ max: 8192 }),
  pattern: optional(str({ max: 4096 })),
  lines: arrayOf(str({ max: 1 << 16 }), { max: LIMITS.maxRows }),
});
export type VerdictInfo = Infer<typeof verdictV>;

export const whyReplyV = obj({
  /** The pane, as NAME:W.P. */
  target: str({ max: LIMITS.maxNameLength * 2 }),
  agent: optional(name),
  current: verdictV,
  /** Earlier verdicts, oldest first. */
  history: arrayOf(verdictV, { max: 1000 }),
});
export type WhyReply = Infer<typeof whyReplyV>;

const nothingV: Validator<undefined> = { check: (v, p) => (v === undefined || v === null ? null : `${p}: expected nothing`) };

export const replyValueV = {
  new: obj({
    name,
    pid: int({ min: 0 }),
    /** What was started (with --agent, the preset's full command line). */
    argv: optional(arrayOf(str({ max: 1 << 16 }), { max: LIMITS.maxArgs })),
    conversationId: optional(str({ max: 256 })),
  }),
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
  grid: obj({ sessions: int({ min: 0 }) }),
  why: whyReplyV,
  checkpoint: obj({ file: str({ max: 4096 }), entry: str({ max: LIMITS.maxSendBytes * 2 }) }),
  context: obj({
    workspace: str({ max: 4096 }),
    root: str({ max: 4096 }),
    file: str({ max: 4096 }),
    /** Absent when the workspace has no context file yet. */
    text: optional(str({ max: 64 << 20 })),
  }),
  replay: replayReplyV,
  logs: logsReplyV,
  resurrect: resurrectReplyV,
} satisfies Record<RequestType, Validator<unknown>>;

export type ReplyValue<T extends RequestType> = Infer<(typeof replyValueV)[T]>;

