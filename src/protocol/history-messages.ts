/**
 * Messages about durable history: replay of a span of a pane's output log, where
 * the logs are (for grep), resurrection, and the pushes that stream history ahead
 * of a reply (capture from the log, replay).
 */
import { LIMITS, rowV } from './common-validators';
import { arrayOf, bool, bytes, int, lit, obj, optional, str, stringMap } from './schema';

const id = int({ min: 0, max: 2 ** 31 - 1 });
const name = str({ max: LIMITS.maxNameLength });
const target = str({ max: LIMITS.maxNameLength * 2 });

/**
 * What a pane produced in a window of time, streamed as `history` pushes (rows)
 * or `output` pushes (`raw`: the exact bytes) before the reply. The window starts
 * at `since` (ms since the epoch) or at the last detach (`sinceDetach`, ending at
 * the attach that followed it, if any); with neither, the whole log.
 */
export const replayV = obj({
  t: lit('replay'),
  id,
  target,
  since: optional(int({ min: 0 })),
  sinceDetach: optional(bool()),
  raw: optional(bool()),
});

/** Where the logs of the named sessions (all, if none) are, once everything so far is on disk: `grep` reads them itself. */
export const logsV = obj({ t: lit('logs'), id, names: arrayOf(name, { max: LIMITS.maxNames }) });

export const resurrectV = obj({
  t: lit('resurrect'),
  id,
  names: arrayOf(name, { max: LIMITS.maxNames }),
  all: bool(),
  /** Also start again commands that are neither shells nor resumable agents. */
  rerun: bool(),
  /** Even if programs of the session still run from before the restart (a second copy). */
  force: optional(bool()),
  /** The resurrecting client's environment (like `new`); the manifest's saved variables win. */
  env: stringMap(),
});

/** History rows of request `id` (capture from the log, replay), oldest first; the reply follows the last one. */
export const historyV = obj({ t: lit('history'), id, rows: arrayOf(rowV, { max: LIMITS.maxPushRows }) });

/** Raw output bytes of request `id` (replay --raw). */
export const outputV = obj({ t: lit('output'), id, data: bytes({ max: LIMITS.maxPushBytes }) });

export const replayReplyV = obj({
  /** The byte range of the log shown, and when it began and ended (ms; absent if unknown). */
  from: int({ min: 0 }),
  to: int({ min: 0 }),
  start: optional(int({ min: 0 })),
  end: optional(int({ min: 0 })),
  lines: int({ min: 0 }),
  /** Why the window is empty or approximate (no detach recorded...). */
  note: optional(str({ max: 4096 })),
});

export const logsReplyV = arrayOf(
  obj({ session: name, pane: target, dir: str({ max: 4096 }), state: str({ max: 32 }) }),
  { max: 100000 },
);

export const resurrectReplyV = obj({
  resurrected: arrayOf(obj({ name, notes: arrayOf(str({ max: 4096 }), { max: 10000 }) }), { max: LIMITS.maxNames }),
  failed: arrayOf(obj({ name, message: str({ max: 8192 }) }), { max: LIMITS.maxNames }),
});
