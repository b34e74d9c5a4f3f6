/**
 * `capture --json`, written a piece at a time: what printableJson prints for
 * `{ cols, rows, cursor, historyLines, lines: [{ index, text, cells: [{ ch, width,
 * fg, bg, attrs? }] }] }` (a unit test holds it to that object, built plainly),
 * but a cell of JSON is some forty bytes, so a long history made it a string of gigabytes
 * (past V8's string limit at a few hundred thousand lines) built from millions
 * of cell objects. Here each line is serialized straight from its runs and the
 * text goes out in chunks, each awaited, so memory follows the chunk size and not
 * the document.
 */
import { ATTR_NAMES, Attr, Color, isRgb, RGB_FLAG, Row, rowText } from '../common/cells';
import { printableJson, printableLine } from '../common/printable';
import type { CaptureData } from './capture-format';

/**
 * Text handed to `write` at a time. Small on purpose: turning a string built by
 * concatenation into bytes measured ten times slower per byte at 256 Ki characters
 * and up than at 64 Ki (1 GB of JSON: 8 s against 0.5 s).
 */
const CHUNK_CHARS = 1 << 16;

/** Writes `data` as JSON through `write` (which resolves once the text is flushed), ending with a newline. */
export async function writeCaptureJson(data: CaptureData, write: (text: string) => Promise<void>): Promise<void> {
  const { cols, rows, cursor, historyLines } = data;
  // The top-level fields as printableJson prints them, left open for the lines array.
  let out = `${printableJson({ cols, rows, cursor, historyLines }).slice(0, -1)},"lines":[`;
  for (let i = 0; i < data.lines.length; i++) {
    out += (i > 0 ? ',' : '') + jsonLine(data.lines[i], i - historyLines);
    if (out.length >= CHUNK_CHARS) {
      await write(out);
      out = '';
    }
  }
  await write(`${out}]}\n`);
}

/** One element of `lines`: what printableJson prints for `{ index, text, cells }`. */
function jsonLine(row: Row, index: number): string {
  let cells = '';
  for (const [text, fg, bg, attrs, width] of row) {
    // Every cell of a run shares its style: its JSON is built once per run, not per cell.
    if (width !== undefined) {
      cells += cellJson(text, styleJson(width, fg, bg, attrs));
      if (width > 1) {
        const spacer = cellJson('', styleJson(0, fg, bg, attrs));
        for (let i = 1; i < width; i++) cells += spacer;
      }
    } else {
      const style = styleJson(1, fg, bg, attrs);
      // A repeated character (the blanks padding most rows to the width) is one cell
      // repeated: one string instead of one per column.
      for (let i = 0, j; i < text.length; i = j) {
        for (j = i + 1; j < text.length && text[j] === text[i]; j++);
        cells += cellJson(text[i], style).repeat(j - i);
      }
    }
  }
  // Cells were each followed by a comma; the last one's is dropped.
  return `{"index":${index},"text":${printableJson(printableLine(rowText(row)))},"cells":[${cells.slice(0, -1)}]}`;
}

/** A cell and a trailing comma: `{"ch":...` then the style's fields and the closing brace. */
function cellJson(ch: string, style: string): string {
  return `{"ch":${chJson(ch)},${style},`;
}

/**
 * A cell's `ch` as printableJson prints it. Almost every cell is printable ASCII,
 * which JSON leaves as it is: quoting it directly spares millions of
 * JSON.stringify calls on a long history.
 */
function chJson(ch: string): string {
  if (ch.length === 1) {
    const c = ch.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) return `"${ch}"`;
  }
  return printableJson(printableLine(ch));
}

/** The fields after `ch` (`"width":1,"fg":null,...}`), through printableJson like the rest. */
function styleJson(width: number, fg: Color, bg: Color, attrs: number): string {
  const style: { width: number; fg: number | string | null; bg: number | string | null; attrs?: string[] } = {
    width,
    fg: jsonColor(fg),
    bg: jsonColor(bg),
  };
  const names = ATTR_NAMES.filter((n) => attrs & Attr[n]);
  if (names.length) style.attrs = names;
  return printableJson(style).slice(1);
}

/** A cell colour in JSON: null for the default, `#rrggbb` for truecolor, else the palette index. */
export function jsonColor(c: Color): number | string | null {
  if (c < 0) return null;
  if (isRgb(c)) return `#${(c - RGB_FLAG).toString(16).padStart(6, '0')}`;
  return c;
}
