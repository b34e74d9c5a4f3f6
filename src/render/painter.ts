/**
 * Turns a composed grid into the bytes for the user's terminal: only the cells
 * that differ from the previous grid, each run positioned once, styles changed
 * minimally, runs of trailing blanks erased with EL, the whole frame wrapped in
 * synchronized output (DEC 2026) so agent TUIs never tear or flicker.
 */
import type { CursorState } from '../common/cells';
import { Grid } from './grid';
import type { ColorDepth } from './palette';
import { DEFAULT_STYLE, sgrFull, sgrTransition, Style } from './sgr';

/** Synchronized output: the terminal shows the frame only once it is complete. */
const SYNC_BEGIN = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';

/**
 * Unchanged cells between two changed ones are rewritten rather than skipped
 * when the gap is this short: a cursor move costs about as many bytes.
 */
const MERGE_GAP = 4;

/** DECSCUSR codes: blinking block 1, steady block 2, underline 3/4, bar 5/6. */
function cursorShape(c: CursorState): string {
  const base = c.style === 'underline' ? 3 : c.style === 'bar' ? 5 : 1;
  return `\x1b[${base + (c.blink ? 0 : 1)} q`;
}

export class Painter {
  private prev: Grid | null = null;
  private shape = '';
  private visible: boolean | null = null;
  /** Where the terminal's cursor was left by the last paint ('' if unknown). */
  private cursorAt = '';

  constructor(private readonly depth: ColorDepth) {}

  /** Forgets what the terminal shows (after a resize, or when something else wrote to it). */
  invalidate(): void {
    this.prev = null;
    this.shape = '';
    this.visible = null;
    this.cursorAt = '';
  }

  /**
   * Bytes that bring the terminal to `next`, looking only at `rows` (the rows that
   * may have changed since the last call, or all of them).
   */
  paint(next: Grid, cursor: CursorState | null, rows: 'all' | Set<number> = 'all'): string {
    let out = '';
    let prev = this.prev;
    // null: the terminal's current SGR is unknown, so the first styled write resets it.
    let style: Style | null = null;
    if (!prev || prev.cols !== next.cols || prev.rows !== next.rows) {
      out += '\x1b[0m\x1b[H\x1b[2J';
      style = DEFAULT_STYLE;
      prev = new Grid(next.cols, next.rows);
      this.prev = prev;
      rows = 'all';
    }
    let cx = -1;
    let cy = -1;
    const cols = next.cols;
    const order = rows === 'all' ? null : [...rows].filter((y) => y >= 0 && y < next.rows).sort((a, b) => a - b);
    const count = order ? order.length : next.rows;
    for (let k = 0; k < count; k++) {
      const y = order ? order[k] : k;
      const rowStart = y * cols;
      // Everything from `blankFrom` to the end of the row is a default blank.
      let blankFrom = cols;
      while (blankFrom > 0 && isBlank(next, rowStart + blankFrom - 1)) blankFrom--;
      let x = 0;
      while (x < cols) {
        if (next.sameCell(prev, rowStart + x)) {
          x++;
          continue;
        }
        if (next.widths[rowStart + x] === 0 && x > 0) x--; // rewrite the wide character this belongs to
        if (cy !== y || cx !== x) out += `\x1b[${y + 1};${x + 1}H`;
        cy = y;
        let gap = 0;
        while (x < cols) {
          const i = rowStart + x;
          if (x >= blankFrom) {
            // The rest is blank: erase instead of writing spaces (EL fills with the current
            // background, so reset to default colours first).
            if (!style || style.fg !== -1 || style.bg !== -1 || style.attrs !== 0) out += '\x1b[0m';
            style = DEFAULT_STYLE;
            out += '\x1b[K';
            x = cols;
            break;
          }
          gap = next.sameCell(prev, i) ? gap + 1 : 0;
          if (gap > MERGE_GAP) break;
          const w = next.widths[i];
          if (w === 0) {
            x++;
            continue;
          }
          const s = { fg: next.fg[i], bg: next.bg[i], attrs: next.attrs[i] };
          out += style ? sgrTransition(style, s, this.depth) : sgrFull(s, this.depth);
          style = s;
          out += next.chars[i];
          x += w;
          cx = x;
        }
      }
      prev.copyRow(next, y);
    }
    if (style && (style.attrs !== 0 || style.fg !== -1 || style.bg !== -1)) out += '\x1b[0m';
    // Writing moved the terminal's cursor; otherwise it is still where we left it.
    if (out) this.cursorAt = '';
    out += this.cursorCommands(cursor);
    return out ? SYNC_BEGIN + out + SYNC_END : '';
  }

  private cursorCommands(cursor: CursorState | null): string {
    let out = '';
    const show = Boolean(cursor && cursor.visible);
    if (cursor) {
      const at = `\x1b[${cursor.y + 1};${cursor.x + 1}H`;
      if (at !== this.cursorAt) out += at;
      this.cursorAt = at;
    }
    if (show !== this.visible) {
      out += show ? '\x1b[?25h' : '\x1b[?25l';
      this.visible = show;
    }
    if (cursor && show) {
      const shape = cursorShape(cursor);
      if (shape !== this.shape) {
        out += shape;
        this.shape = shape;
      }
    }
    return out;
  }
}

function isBlank(g: Grid, i: number): boolean {
  return g.chars[i] === ' ' && g.fg[i] === -1 && g.bg[i] === -1 && g.attrs[i] === 0;
}

