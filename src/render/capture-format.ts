/**
 * What `spaces capture` prints: plain text, or text with SGR colours. JSON cells
 * are written a piece at a time by capture-json.ts.
 */
import { Row, rowText, CursorState } from '../common/cells';
import { printableLine } from '../common/printable';
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
