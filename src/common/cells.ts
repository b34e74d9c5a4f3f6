/**
 * The styled-run model of a screen row: what the daemon extracts from its terminal
 * emulator, what travels to clients, and what the renderer paints.
 *
 * A row is a list of runs. Each run is one style plus text in which every UTF-16
 * code unit is one single-width cell, except runs that carry an explicit width:
 * those hold exactly one cell (a wide character, an astral-plane character or a
 * base character with combining marks) occupying `width` columns. This keeps plain
 * text compact on the wire while making every column position unambiguous.
 */

/** -1: the terminal's default colour; 0..255: palette index; RGB_FLAG | 0xRRGGBB: truecolor. */
export type Color = number;
export const DEFAULT_COLOR = -1;
export const RGB_FLAG = 0x1000000;

export function rgbColor(r: number, g: number, b: number): Color {
  return RGB_FLAG | ((r & 255) << 16) | ((g & 255) << 8) | (b & 255);
}

export function isRgb(c: Color): boolean {
  return c >= RGB_FLAG;
}

/** Text attribute bits, one per SGR attribute. */
export const Attr = {
  bold: 1,
  dim: 2,
  italic: 4,
  underline: 8,
  blink: 16,
  inverse: 32,
  invisible: 64,
  strikethrough: 128,
  overline: 256,
} as const;
export type AttrName = keyof typeof Attr;
export const ATTR_NAMES = Object.keys(Attr) as AttrName[];

/** [text, fg, bg, attrs] or, for a single special cell, [text, fg, bg, attrs, width]. */
export type Run = [text: string, fg: Color, bg: Color, attrs: number, width?: number];
export type Row = Run[];

export interface CursorState {
  x: number;
  y: number;
  visible: boolean;
  /** DECSCUSR shape. */
  style: 'block' | 'underline' | 'bar';
  blink: boolean;
}

/** One cell, expanded (for JSON output and for renderers that need a grid). */
export interface Cell {
  ch: string;
  width: number;
  fg: Color;
  bg: Color;
  attrs: number;
}

/** Expands a row into one entry per column; the second column of a wide cell is width 0 with ch ''. */
export function rowToCells(row: Row): Cell[] {
  const cells: Cell[] = [];
  for (const [text, fg, bg, attrs, width] of row) {
    if (width !== undefined) {
      cells.push({ ch: text, width, fg, bg, attrs });
      for (let i = 1; i < width; i++) cells.push({ ch: '', width: 0, fg, bg, attrs });
    } else {
      for (let i = 0; i < text.length; i++) cells.push({ ch: text[i], width: 1, fg, bg, attrs });
    }
  }
  return cells;
}

/** Number of columns a row covers. */
export function rowWidth(row: Row): number {
  let n = 0;
  for (const run of row) n += run[4] ?? run[0].length;
  return n;
}

/** The row's text with trailing blanks removed (what `capture` prints). */
export function rowText(row: Row): string {
  let s = '';
  for (const run of row) s += run[0];
  return s.replace(/\s+$/u, '');
}

/**
 * Drops the blanks at the end of a row that look like nothing (default colours, no
 * attributes). Frames send rows this way: a row of a mostly empty screen is a few
 * bytes instead of a full width of spaces; the receiver pads with blanks.
 */
export function trimRow(row: Row): Row {
  let end = row.length;
  while (end > 0) {
    const [text, fg, bg, attrs, width] = row[end - 1];
    if (fg !== DEFAULT_COLOR || bg !== DEFAULT_COLOR || attrs !== 0 || width !== undefined) break;
    const trimmed = text.replace(/ +$/, '');
    if (trimmed === '') {
      end--;
      continue;
    }
    if (trimmed.length === text.length) break;
    const out = row.slice(0, end);
    out[end - 1] = [trimmed, fg, bg, attrs];
    return out;
  }
  return end === row.length ? row : row.slice(0, end);
}
