/**
 * Turns a range of a pane's output log back into screen lines, by replaying it
 * through a throwaway terminal (the same emulator as live panes, so the lines are
 * exactly what the pane showed): every line that scrolls off the top is handed out
 * as it goes, then the final screen. This is how `capture --scrollback all` and
 * `replay` reach past the modest in-memory scrollback.
 *
 * Memory stays flat however long the log: lines are harvested after every small
 * chunk, so the throwaway terminal only ever holds a chunk's worth of history.
 * Pane resizes recorded in the log are applied at the same byte offsets, so lines
 * wrap where they wrapped live.
 */
import { CursorState, Row, rowText } from '../common/cells';
import { LogView, readRange, sizeAt } from '../storage/log-reader';
import { LIMITS } from '../protocol/common-validators';
import { createScreen } from './screen';
import type { ScreenModel } from './screen-model';

/**
 * Bytes replayed between harvests. A byte can add at most one line to the history
 * (a line feed), so the throwaway terminal keeps CHUNK_BYTES + HEADROOM_LINES lines
 * and never drops one before it is harvested; at 120 columns that is at most
 * 13 MB, for as long as the replay runs.
 */
const CHUNK_BYTES = 8192;
/** Room for the lines a resize pushes into history: more rows than any terminal has. */
const HEADROOM_LINES = 1024;
/**
 * Harvested lines held back before they are handed out: a resize that adds rows
 * pulls up to that many back onto the screen, and a held line can be taken back
 * instead of coming out twice. No pane has more rows than this.
 */
const HOLD_ROWS = LIMITS.maxRows;

export interface RenderedScreen {
  cols: number;
  rows: number;
  cursor: CursorState;
  /** The final screen's rows, top to bottom. */
  screen: Row[];
  /** Lines that could not be harvested in time (only after a resize reflowed history). */
  lost: number;
}

export interface RenderOptions {
  from: number;
  to: number;
  /** Size to use when the log recorded none. */
  fallback: { cols: number; rows: number };
  /**
   * Receives history lines, oldest first, as they scroll off. May return a
   * promise (to wait for a slow client); the replay waits for it.
   */
  onHistory(rows: Row[]): void | Promise<void>;
  /** True once nobody wants the rest (the client went away): rendering stops early. */
  cancelled?(): boolean;
}

export async function renderLog(view: LogView, opts: RenderOptions): Promise<RenderedScreen> {
  const size = sizeAt(view, opts.from) ?? opts.fallback;
  const screen = createScreen(size.cols, size.rows, CHUNK_BYTES + HEADROOM_LINES);
  try {
    const resizes = view.sizes.filter((s) => s.o > opts.from && s.o < opts.to);
    let next = 0;
    let harvested = 0;
    let lost = 0;
    // Harvested lines not handed out yet, so that a resize can take them back.
    let held: Row[] = [];
    const handOut = async (rows: Row[], all = false) => {
      for (const row of rows) held.push(row);
      const ready = all ? held.length : held.length - HOLD_ROWS;
      if (ready <= 0) return;
      const out = held.slice(0, ready);
      held = held.slice(ready);
      await opts.onHistory(out);
    };
    const harvest = async () => {
      await screen.flushed();
      if (screen.modes().altScreen) return;
      const trimmed = screen.trimmedLines;
      const top = trimmed + screen.historyLength;
      if (harvested < trimmed) {
        lost += trimmed - harvested;
        harvested = trimmed;
      }
      if (top <= harvested) return;
      const rows: Row[] = [];
      for (let abs = harvested; abs < top; abs++) rows.push(screen.bufferLine(abs - trimmed));
      harvested = top;
      await handOut(rows);
    };
    for await (const { offset, data } of readRange(view, opts.from, opts.to, CHUNK_BYTES)) {
      // Parsing a whole log is seconds of the daemon's time: not for a client that left.
      if (opts.cancelled?.()) break;
      let pos = 0;
      while (pos < data.length) {
        while (next < resizes.length && resizes[next].o <= offset + pos) {
          await harvest();
          const { w, h } = resizes[next];
          // A new width re-wraps history and renumbers its lines, so the history
          // (all harvested by now) is dropped first and only the screen reflows.
          // The price: a wider screen is not topped up from history as the live
          // one was.
          if (w !== screen.cols) screen.dropHistory();
          screen.resize(w, h);
          // Added rows pull the newest lines back out of history, as terminals do:
          // they are on the screen again, to be harvested when they next scroll off.
          const top = screen.trimmedLines + screen.historyLength;
          if (!screen.modes().altScreen && top < harvested) {
            const back = Math.min(harvested - top, held.length);
            held.length -= back;
            harvested -= back;
          }
          next++;
        }
        const stop = next < resizes.length ? Math.min(data.length, resizes[next].o - offset) : data.length;
        const reset = data.indexOf(RESET, pos);
        if (reset >= 0 && reset < stop) {
          // A terminal reset wipes the screen and its history: take both first.
          screen.write(data.subarray(pos, reset));
          await harvest();
          await handOut(screenLines(screen));
          screen.write(RESET);
          await screen.flushed();
          harvested = screen.trimmedLines + screen.historyLength;
          pos = reset + RESET.length;
          continue;
        }
        screen.write(data.subarray(pos, stop));
        pos = stop;
      }
      await harvest();
    }
    await screen.flushed();
    if (!opts.cancelled?.()) await handOut([], true);
    const rows: Row[] = [];
    for (let y = 0; y < screen.rows; y++) rows.push(screen.screenRow(y));
    return { cols: screen.cols, rows: screen.rows, cursor: screen.cursor(), screen: rows, lost };
  } finally {
    screen.dispose();
  }
}

/** ESC c (RIS): the program resets the terminal, screen and history included. */
const RESET = Buffer.from('\x1bc');

/** The screen's rows down to its last non-blank one (what a reset is about to wipe). */
function screenLines(screen: ScreenModel): Row[] {
  const rows: Row[] = [];
  for (let y = 0; y < screen.rows; y++) rows.push(screen.bufferLine(screen.historyLength + y));
  while (rows.length > 0 && rowText(rows[rows.length - 1]) === '') rows.pop();
  return rows;
}
