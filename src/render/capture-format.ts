/**
 * What `spaces capture` prints: plain text, text with SGR colours, or JSON cells.
 */
import { ATTR_NAMES, Attr, Color, isRgb, RGB_FLAG, Row, rowText, rowToCells, CursorState } from '../common/cells';
import { printableJson, printableLine } from '../common/printable';
import { DEFAULT_STYLE, sgrTransition, Style } from './sgr';

export interface CaptureData {
  cols: number;
  rows: number;
  cursor: CursorState;
  lines: Row[];
  historyLines: number;
}

export function captureText(lines: Row[]): string {
  return lines.map((r) => `${printableLine(rowText(r))}\n`).join('');
}

/** Each line with the SGR needed to reproduce its styles, reset at the end of the line. */
export function captureAnsi(lines: Row[]): string {
  let out = '';
  for (const row of lines) {
    let style: Style = DEFAULT_STYLE;
    for (const [text, fg, bg, attrs] of trimTrailingBlanks(row)) {
      const next = { fg, bg, attrs };
      out += sgrTransition(style, next) + printableLine(text);
      style = next;
    }
    out += sgrTransition(style, DEFAULT_STYLE) + '\n';
  }
  return out;
}

/** Drops blanks at the end of a row that a terminal would show as nothing (default colours, no attributes). */
function trimTrailingBlanks(row: Row): Row {
  const out = row.slice();
  while (out.length > 0) {
    const [text, fg, bg, attrs, width] = out[out.length - 1];
    if (fg !== -1 || bg !== -1 || attrs !== 0 || width !== undefined) break;
    const trimmed = text.replace(/ +$/, '');
    if (trimmed === text) break;
    if (trimmed === '') {
      out.pop();
      continue;
    }
    out[out.length - 1] = [trimmed, fg, bg, attrs];
    break;
  }
  return out;
}

/** A cell colour in JSON: null for the default, `#rrggbb` for truecolor, else the palette index. */
export function jsonColor(c: Color): number | string | null {
  if (c < 0) return null;
  if (isRgb(c)) return `#${(c - RGB_FLAG).toString(16).padStart(6, '0')}`;
  return c;
}

export interface JsonCell {
  ch: string;
  width: number;
  fg: number | string | null;
  bg: number | string | null;
  attrs?: string[];
}

export function captureJson(data: CaptureData): string {
  const lines = data.lines.map((row, i) => ({
    index: i - data.historyLines,
    text: printableLine(rowText(row)),
    cells: rowToCells(row).map((c): JsonCell => {
      const cell: JsonCell = { ch: printableLine(c.ch), width: c.width, fg: jsonColor(c.fg), bg: jsonColor(c.bg) };
      const names = ATTR_NAMES.filter((n) => c.attrs & Attr[n]);
      if (names.length) cell.attrs = names;
      return cell;
    }),
  }));
  return printableJson({ cols: data.cols, rows: data.rows, cursor: data.cursor, historyLines: data.historyLines, lines });
}
