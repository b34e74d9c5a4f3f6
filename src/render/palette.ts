/**
 * Colour depth conversion, for outer terminals that cannot show truecolor (or 256
 * colours). Colours are only ever downgraded when the terminal needs it.
 */
import { isRgb, RGB_FLAG, Color } from '../common/cells';

export type ColorDepth = 'truecolor' | '256' | '16';

/** The six intensity steps of xterm's 6x6x6 colour cube (indices 16..231). */
const CUBE = [0, 95, 135, 175, 215, 255];

/** The standard xterm values of the 16 ANSI colours, for nearest-colour matching. */
const ANSI16: Array<[number, number, number]> = [
  [0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205], [229, 229, 229],
  [127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255], [255, 0, 255], [0, 255, 255], [255, 255, 255],
];

export function paletteRgb(index: number): [number, number, number] {
  if (index < 16) return ANSI16[index];
  if (index < 232) {
    const i = index - 16;
    return [CUBE[Math.floor(i / 36)], CUBE[Math.floor(i / 6) % 6], CUBE[i % 6]];
  }
  const v = 8 + (index - 232) * 10;
  return [v, v, v];
}

function dist(a: [number, number, number], b: [number, number, number]): number {
  // Weighted so that green differences count most, as the eye sees them.
  const dr = a[0] - b[0];
  const dg = a[1] - b[1];
  const db = a[2] - b[2];
  return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

function nearestCubeStep(v: number): number {
  let best = 0;
  for (let i = 1; i < CUBE.length; i++) if (Math.abs(CUBE[i] - v) < Math.abs(CUBE[best] - v)) best = i;
  return best;
}

export function rgbTo256(r: number, g: number, b: number): number {
  const ri = nearestCubeStep(r);
  const gi = nearestCubeStep(g);
  const bi = nearestCubeStep(b);
  const cube = 16 + 36 * ri + 6 * gi + bi;
  const grey = Math.max(0, Math.min(23, Math.round((((r + g + b) / 3) - 8) / 10)));
  const greyIndex = 232 + grey;
  return dist([r, g, b], paletteRgb(cube)) <= dist([r, g, b], paletteRgb(greyIndex)) ? cube : greyIndex;
}

export function to16(rgb: [number, number, number]): number {
  let best = 0;
  for (let i = 1; i < 16; i++) if (dist(rgb, ANSI16[i]) < dist(rgb, ANSI16[best])) best = i;
  return best;
}

/** Converts a colour to what a terminal of `depth` can show. */
export function downgrade(c: Color, depth: ColorDepth): Color {
  if (c < 0 || depth === 'truecolor') return c;
  if (isRgb(c)) {
    const v = c - RGB_FLAG;
    const rgb: [number, number, number] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    return depth === '256' ? rgbTo256(...rgb) : to16(rgb);
  }
  if (depth === '16' && c >= 16) return to16(paletteRgb(c));
  return c;
}
