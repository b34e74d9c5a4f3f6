/**
 * SGR (Select Graphic Rendition) sequences for styled runs: the full sequence for
 * a style, and the shortest transition from one style to the next, so a repaint
 * writes only what changed.
 */
import { Attr, Color, DEFAULT_COLOR, isRgb, RGB_FLAG } from '../common/cells';
import { ColorDepth, downgrade } from './palette';

export interface Style {
  fg: Color;
  bg: Color;
  attrs: number;
}

export const DEFAULT_STYLE: Style = { fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0 };

/** SGR "on" codes per attribute bit, and the code that turns each off. */
const ATTR_CODES: Array<[bit: number, on: string, off: string]> = [
  [Attr.bold, '1', '22'],
  [Attr.dim, '2', '22'],
  [Attr.italic, '3', '23'],
  [Attr.underline, '4', '24'],
  [Attr.blink, '5', '25'],
  [Attr.inverse, '7', '27'],
  [Attr.invisible, '8', '28'],
  [Attr.strikethrough, '9', '29'],
  [Attr.overline, '53', '55'],
];

function colorParams(c: Color, bg: boolean, depth: ColorDepth): string {
  const d = downgrade(c, depth);
  if (d === DEFAULT_COLOR) return bg ? '49' : '39';
  if (isRgb(d)) {
    const v = d - RGB_FLAG;
    return `${bg ? 48 : 38};2;${(v >> 16) & 255};${(v >> 8) & 255};${v & 255}`;
  }
  if (d < 8) return String((bg ? 40 : 30) + d);
  if (d < 16) return String((bg ? 100 : 90) + d - 8);
  return `${bg ? 48 : 38};5;${d}`;
}

/** The full sequence for `s`, starting from a reset. */
export function sgrFull(s: Style, depth: ColorDepth = 'truecolor'): string {
  const params = ['0'];
  for (const [bit, on] of ATTR_CODES) if (s.attrs & bit) params.push(on);
  if (s.fg !== DEFAULT_COLOR) params.push(colorParams(s.fg, false, depth));
  if (s.bg !== DEFAULT_COLOR) params.push(colorParams(s.bg, true, depth));
  return `\x1b[${params.join(';')}m`;
}

/** The shortest sequence that turns style `from` into `to` ('' if they are equal). */
export function sgrTransition(from: Style, to: Style, depth: ColorDepth = 'truecolor'): string {
  if (from.fg === to.fg && from.bg === to.bg && from.attrs === to.attrs) return '';
  if (to.fg === DEFAULT_COLOR && to.bg === DEFAULT_COLOR && to.attrs === 0) return '\x1b[0m';
  const params: string[] = [];
  const removed = from.attrs & ~to.attrs;
  let kept = from.attrs;
  for (const [bit, , off] of ATTR_CODES) {
    if (removed & bit && !params.includes(off)) {
      params.push(off);
      // 22 turns off both bold and dim; re-enable the one that stays below.
      if (off === '22') kept &= ~(Attr.bold | Attr.dim);
    }
    if (removed & bit) kept &= ~bit;
  }
  for (const [bit, on] of ATTR_CODES) if (to.attrs & bit && !(kept & bit)) params.push(on);
  if (from.fg !== to.fg) params.push(colorParams(to.fg, false, depth));
  if (from.bg !== to.bg) params.push(colorParams(to.bg, true, depth));
  return `\x1b[${params.join(';')}m`;
}
