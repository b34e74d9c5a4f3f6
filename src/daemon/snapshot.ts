/**
 * Reading a pane's screen for `capture` (and later for attach): history lines and
 * screen rows as styled runs, taken only after the parser has caught up.
 */
import type { Snapshot } from '../protocol/messages';
import type { Pane } from './pane';

/** `scrollback`: history lines wanted above the screen; -1 for all that is kept. */
export async function snapshotPane(pane: Pane, scrollback: number): Promise<Snapshot> {
  await pane.screen.flushed();
  const screen = pane.screen;
  const history = screen.historyLength;
  const want = scrollback < 0 ? history : Math.min(scrollback, history);
  const lines = [];
  for (let i = history - want; i < history + screen.rows; i++) lines.push(screen.bufferLine(i));
  return { cols: screen.cols, rows: screen.rows, cursor: screen.cursor(), lines, historyLines: want };
}

/** History lines one `wait` push may carry (see linesSince). */
export const MAX_SCROLLED_LINES_PER_PUSH = 2000;

/**
 * Text for `wait`: every line that appeared since `fromAbs` (an absolute line
 * number, see ScreenModel.trimmedLines), then the screen. Returns where the next
 * call should start: the top of the current screen.
 */
export function linesSince(pane: Pane, fromAbs: number): { lines: string[]; nextAbs: number } {
  const screen = pane.screen;
  const trimmed = screen.trimmedLines;
  const history = screen.historyLength;
  // A flood can scroll thousands of lines between two pushes; sending them all would
  // make a waiting client cost as much as the output itself. Keep the newest ones.
  const start = Math.max(0, Math.min(fromAbs - trimmed, history), history - MAX_SCROLLED_LINES_PER_PUSH);
  const lines: string[] = [];
  for (let i = start; i < history + screen.rows; i++) lines.push(screen.bufferLineText(i));
  return { lines, nextAbs: trimmed + history };
}
