/**
 * Validators shared by several message groups: limits, styled rows, the cursor.
 */
import type { Row } from '../common/cells';
import { arrayOf, bool, int, obj, oneOf, str, tuple, Validator } from './schema';

/** Upper bounds on what a request may ask for; anything bigger is a bug or an attack. */
export const LIMITS = {
  /** Terminals wider or taller than this do not exist; xterm itself caps near here. */
  maxCols: 1000,
  maxRows: 500,
  /** Scrollback lines one pane may keep in memory. */
  maxScrollback: 1_000_000,
  maxArgs: 4096,
  maxNameLength: 256,
  /** One `send` may paste a sizeable file but not an unbounded one. */
  maxSendBytes: 4 << 20,
  /** One read of typed input; a paste arrives in several. */
  maxInputBytes: 1 << 20,
  /** History streamed from the log travels in pieces this big, far below the frame limit. */
  maxPushRows: 2000,
  maxPushBytes: 1 << 20,
  /** Sessions one request may name. */
  maxNames: 1000,
} as const;

const color = int({ min: -1, max: 0x1ffffff });

/**
 * Code units one cell may carry (a base character and its combining marks). A
 * program can pile thousands of marks on one cell; the daemon keeps this many, so
 * no run it sends can break the 4,096 limit below and get every viewer dropped.
 */
export const MAX_CELL_CHARS = 32;
/** A window title as it travels in frames (OSC titles and argv can be any length). */
export const MAX_TITLE_CHARS = 1024;
/** Sessions waiting for the user named in one frame's status. */
export const MAX_WAITING = 64;

export const runV: Validator<Row[number]> = tuple(
  [str({ max: 4096 }), color, color, int({ min: 0, max: 0xffff }), int({ min: 0, max: 2 })],
  { optionalFrom: 4 },
) as Validator<Row[number]>;
export const rowV: Validator<Row> = arrayOf(runV, { max: LIMITS.maxCols });

export const cursorV = obj({
  x: int({ min: 0, max: LIMITS.maxCols }),
  y: int({ min: 0, max: LIMITS.maxRows }),
  visible: bool(),
  style: oneOf('block', 'underline', 'bar'),
  blink: bool(),
});

