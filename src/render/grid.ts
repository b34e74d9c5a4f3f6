/**
 * The client's picture of the user's terminal: a grid of cells in flat arrays
 * (one string and three numbers per cell), composed from pane mirrors and chrome,
 * then diffed against the previous grid to write only what changed.
 */
import type { Row } from '../common/cells';
import type { Style } from './sgr';
import { cellsOf } from './width';

export class Grid {
  readonly chars: string[];
  readonly widths: Uint8Array;
  readonly fg: Int32Array;
  readonly bg: Int32Array;
  readonly attrs: Uint16Array;

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    const n = cols * rows;
    this.chars = new Array<string>(n).fill(' ');
    this.widths = new Uint8Array(n).fill(1);
    this.fg = new Int32Array(n).fill(-1);
    this.bg = new Int32Array(n).fill(-1);
    this.attrs = new Uint16Array(n);
  }

  set(x: number, y: number, ch: string, width: number, fg: number, bg: number, attrs: number): void {
    if (x < 0 || y < 0 || x >= this.cols || y >= this.rows) return;
    ch = printableCell(ch);
    const i = y * this.cols + x;
    this.chars[i] = ch;
    this.widths[i] = width;
    this.fg[i] = fg;
    this.bg[i] = bg;
    this.attrs[i] = attrs;
  }

  fill(x: number, y: number, w: number, h: number, ch: string, style: Style): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.set(xx, yy, ch, 1, style.fg, style.bg, style.attrs);
  }

  /**
   * Copies a styled row to (x, y), at most `width` columns. A wide character that
   * would straddle the right edge becomes a blank, as a terminal would show it.
   */
  putRow(x: number, y: number, row: Row, width: number): void {
    let col = 0;
    for (const [text, fg, bg, attrs, w] of row) {
      if (col >= width) break;
      if (w !== undefined) {
        if (col + w > width) {
          this.set(x + col, y, ' ', 1, fg, bg, attrs);
          col = width;
          break;
        }
        this.set(x + col, y, text, w, fg, bg, attrs);
        for (let k = 1; k < w; k++) this.set(x + col + k, y, '', 0, fg, bg, attrs);
        col += w;
        continue;
      }
      const n = Math.min(text.length, width - col);
      for (let k = 0; k < n; k++) this.set(x + col + k, y, text[k], 1, fg, bg, attrs);
      col += n;
    }
  }

  /** Writes text the client draws itself (status, messages); returns the columns used. */
  putText(x: number, y: number, text: string, style: Style, maxWidth = this.cols - x): number {
    let col = 0;
    for (const [ch, w] of cellsOf(text)) {
      if (col + w > maxWidth) break;
      this.set(x + col, y, ch, w, style.fg, style.bg, style.attrs);
      if (w === 2) this.set(x + col + 1, y, '', 0, style.fg, style.bg, style.attrs);
      col += w;
    }
    return col;
  }

  /** Copies row `y` of `from` (same size) into this grid. */
  copyRow(from: Grid, y: number): void {
    const a = y * this.cols;
    const b = a + this.cols;
    for (let i = a; i < b; i++) this.chars[i] = from.chars[i];
    this.widths.set(from.widths.subarray(a, b), a);
    this.fg.set(from.fg.subarray(a, b), a);
    this.bg.set(from.bg.subarray(a, b), a);
    this.attrs.set(from.attrs.subarray(a, b), a);
  }

  sameCell(other: Grid, i: number): boolean {
    return (
      this.chars[i] === other.chars[i] &&
      this.fg[i] === other.fg[i] &&
      this.bg[i] === other.bg[i] &&
      this.attrs[i] === other.attrs[i] &&
      this.widths[i] === other.widths[i]
    );
  }
}

/* eslint-disable no-control-regex */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Every cell is written to the user's terminal as it is, so no control character
 * may be in one: an ESC from a remote daemon, a window name or a command line
 * would otherwise reach the terminal as a command (OSC 52 clipboard writes,
 * title changes, query replies). They are dropped; an emptied cell is a blank.
 */
function printableCell(ch: string): string {
  if (ch.length === 1) {
    const c = ch.charCodeAt(0);
    return c < 0x20 || (c >= 0x7f && c < 0xa0) ? ' ' : ch;
  }
  if (!CONTROL.test(ch)) return ch;
  return ch.replace(CONTROLS, '') || ' ';
}
