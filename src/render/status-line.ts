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
  /** Replaces the line after the session's name for a moment (errors, confirmations). */
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
  return windowStrip(status, cols).labels;
}

interface WindowStrip {
  labels: WindowLabel[];
  /** Columns of the `<` and `>` that say windows were left out on that side. */
  left?: number;
  right?: number;
}

/**
 * The window labels that fit, always including the active one: when they do not
 * all fit, a run of neighbours around it, with `<` and `>` where windows are left
 * out (as tmux does), so the current window never drops off the line.
 */
function windowStrip(status: StatusInfo, cols: number): WindowStrip {
  const start = textWidth(sessionLabel(status)) + 1;
  const room = cols - 1 - start;
  const all = status.windows.map((w) => {
    const flags = `${w.active ? '*' : ''}${w.zoomed ? 'Z' : ''}${w.bell ? '!' : ''}${w.attention ? '?' : ''}`;
    const text = ` ${w.index}:${truncate(w.name, 16)}${flags} `;
    const style = w.bell ? STATUS_STYLES.bell : w.attention ? STATUS_STYLES.attention : w.active ? STATUS_STYLES.activeWindow : STATUS_STYLES.window;
    return { index: w.index, text, style, width: textWidth(text) };
  });
  let from = 0;
  let to = all.length;
  if (all.reduce((n, l) => n + l.width, 0) > room) {
    // One column each for the markers, whichever side turns out to need one.
    const fit = room - 2;
    const active = Math.max(0, status.windows.findIndex((w) => w.active));
    if (fit < 4 || !all[active]) return { labels: [] };
    if (all[active].width > fit) {
      const text = truncate(all[active].text, fit);
      all[active] = { ...all[active], text, width: textWidth(text) };
    }
    from = active;
    to = active + 1;
    let used = all[active].width;
    for (let grew = true; grew; ) {
      grew = false;
      if (to < all.length && used + all[to].width <= fit) {
        used += all[to++].width;
        grew = true;
      }
      if (from > 0 && used + all[from - 1].width <= fit) {
        used += all[--from].width;
        grew = true;
      }
    }
  }
  let x = start + (from > 0 ? 1 : 0);
  const labels: WindowLabel[] = [];
  for (const l of all.slice(from, to)) {
    labels.push({ ...l, x });
    x += l.width;
  }
  return { labels, left: from > 0 ? start : undefined, right: to < all.length ? x : undefined };
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
  if (extras.message) {
    // A message (an error, a question waiting for y/n) takes the line after the
    // session's name, as tmux's do: cut to fit beside the windows, it could vanish.
    // Only the mode (COPY, reconnecting…) keeps its place at the right.
    const mode = extras.mode ? truncate(` ${extras.mode} `, Math.max(0, cols - x - 8)) : '';
    const modeStart = cols - textWidth(mode);
    grid.putText(x, y, truncate(extras.message, Math.max(0, modeStart - x - 1)), STATUS_STYLES.message);
    if (mode) grid.putText(modeStart, y, mode, STATUS_STYLES.mode);
    return;
  }
  const strip = windowStrip(status, cols);
  if (strip.left !== undefined) x = strip.left + grid.putText(strip.left, y, '<', STATUS_STYLES.window);
  for (const l of strip.labels) x = l.x + grid.putText(l.x, y, l.text, l.style);
  if (strip.right !== undefined) x = strip.right + grid.putText(strip.right, y, '>', STATUS_STYLES.window);
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
  if (rightStart - x > 4) grid.putText(x + 1, y, truncate(status.title, rightStart - x - 2), STATUS_STYLES.title);
  let rx = rightStart;
  if (mode) rx += grid.putText(rx, y, mode, STATUS_STYLES.mode, cols - rx);
  if (waiting) rx += grid.putText(rx, y, waiting, STATUS_STYLES.attention, cols - rx);
  grid.putText(rx, y, right, STATUS_STYLES.title, cols - rx);
}
