/**
 * Reading a screen row straight from xterm's cell words instead of through its
 * public cell API (a dozen method calls per cell): about ten times faster, which
 * is most of the daemon's cost per keystroke echo and per frame in a flood.
 *
 * The layout is xterm's (common/buffer/Constants.ts): three 32-bit words per cell,
 * [content, fg, bg]. Content holds the code point (21 bits), a "combined" flag
 * (the characters are in `_combined[x]`) and the width (2 bits). fg and bg hold a
 * colour (24 bits), its mode (2 bits) and attribute flags. Cells with extended
 * attributes (underline styles, hyperlinks) are underlined as the public API says:
 * exactly when their underline style is not "none". Whether this layout
 * still holds is checked once against the public API (screen.ts); if it does not,
 * the public API is used everywhere.
 */
import { Attr, DEFAULT_COLOR, RGB_FLAG, Row, Run } from '../common/cells';
import { MAX_CELL_CHARS } from '../protocol/common-validators';

/** xterm's internal line: three words per cell, and the strings of multi-codepoint cells. */
export interface RawLine {
  _data?: Uint32Array;
  _combined?: Record<number, string>;
  /** Underline styles and colours, hyperlinks: cells flagged HAS_EXTENDED have one. */
  _extendedAttrs?: Record<number, { underlineStyle?: number } | undefined>;
}

const CODEPOINT_MASK = 0x1fffff;
const IS_COMBINED = 0x200000;
const WIDTH_SHIFT = 22;
const CM_MASK = 0x3000000;
const CM_RGB = 0x3000000;
const CM_DEFAULT = 0;
const COLOR_MASK = 0xffffff;
const PCOLOR_MASK = 0xff;
// fg flags
const INVERSE = 0x4000000;
const BOLD = 0x8000000;
const UNDERLINE = 0x10000000;
const BLINK = 0x20000000;
const INVISIBLE = 0x40000000;
const STRIKETHROUGH = 0x80000000;
// bg flags
const ITALIC = 0x4000000;
const DIM = 0x8000000;
const HAS_EXTENDED = 0x10000000;
const OVERLINE = 0x40000000;

function color(word: number): number {
  const mode = word & CM_MASK;
  if (mode === CM_DEFAULT) return DEFAULT_COLOR;
  if (mode === CM_RGB) return RGB_FLAG | (word & COLOR_MASK);
  return word & PCOLOR_MASK;
}

function attrs(fg: number, bg: number): number {
  let a = 0;
  if (fg & BOLD) a |= Attr.bold;
  if (bg & DIM) a |= Attr.dim;
  if (bg & ITALIC) a |= Attr.italic;
  if (fg & UNDERLINE) a |= Attr.underline;
  if (fg & BLINK) a |= Attr.blink;
  if (fg & INVERSE) a |= Attr.inverse;
  if (fg & INVISIBLE) a |= Attr.invisible;
  if (fg & STRIKETHROUGH) a |= Attr.strikethrough;
  if (bg & OVERLINE) a |= Attr.overline;
  return a;
}

/** The row as styled runs, or null when the line is not what we expect. */
export function fastRow(raw: RawLine, cols: number): Row | null {
  const data = raw._data;
  if (!data || data.length < cols * 3) return null;
  const row: Row = [];
  let run: Run | null = null;
  for (let x = 0; x < cols; x++) {
    const i = x * 3;
    const content = data[i];
    const fgw = data[i + 1];
    const bgw = data[i + 2];
    const width = content >>> WIDTH_SHIFT;
    if (width === 0) continue; // second half of a wide character
    let chars: string;
    if (content & IS_COMBINED) chars = (raw._combined?.[x] ?? ' ').slice(0, MAX_CELL_CHARS);
    else {
      const cp = content & CODEPOINT_MASK;
      chars = cp === 0 ? ' ' : String.fromCodePoint(cp);
    }
    const fg = color(fgw);
    const bg = color(bgw);
    let a = fgw >>> 26 === 0 && (bgw & (DIM | ITALIC | OVERLINE)) === 0 ? 0 : attrs(fgw, bgw);
    if (bgw & HAS_EXTENDED) {
      const ext = raw._extendedAttrs?.[x];
      if (ext && typeof ext.underlineStyle === 'number') a = ext.underlineStyle !== 0 ? a | Attr.underline : a & ~Attr.underline;
    }
    if (width === 1 && chars.length === 1) {
      if (run && run[1] === fg && run[2] === bg && run[3] === a && run.length === 4) run[0] += chars;
      else {
        run = [chars, fg, bg, a];
        row.push(run);
      }
    } else {
      row.push([chars, fg, bg, a, width]);
      run = null;
    }
  }
  return row;
}
