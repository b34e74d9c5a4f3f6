/**
 * The painter's output, played into a real terminal emulator, must reproduce the
 * grid exactly, frame after frame: random grids with colours, attributes, wide
 * characters and blank runs, painted incrementally over each other.
 */
import { Terminal } from '@xterm/headless';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { describe, expect, it } from 'vitest';
import { Attr, rgbColor } from '../../src/common/cells';
import { Grid } from '../../src/render/grid';
import { Painter } from '../../src/render/painter';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NARROW = ['a', 'b', 'x', '#', ' ', ' ', ' ', 'é', '─'];
const WIDE = ['中', '文', '🚀', '✅'];
const COLORS = [-1, -1, 1, 12, 196, rgbColor(10, 200, 30), rgbColor(255, 0, 128)];
const ATTRS = [0, 0, Attr.bold, Attr.italic | Attr.underline, Attr.inverse, Attr.dim, Attr.bold | Attr.dim, Attr.strikethrough];

function randomGrid(rand: () => number, cols: number, rows: number, base?: Grid): Grid {
  const g = new Grid(cols, rows);
  if (base) for (let y = 0; y < rows; y++) g.copyRow(base, y);
  const changes = base ? Math.floor(rand() * 40) : cols * rows;
  for (let k = 0; k < changes; k++) {
    const y = Math.floor(rand() * rows);
    const x = base ? Math.floor(rand() * cols) : k % cols;
    const row = base ? y : Math.floor(k / cols);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const fg = pick(COLORS);
    const bg = rand() < 0.7 ? -1 : pick(COLORS);
    const attrs = pick(ATTRS);
    const i = row * cols + x;
    // Never leave half of a wide character behind.
    if (g.widths[i] === 0 || (g.widths[i] === 2 && x + 1 < cols)) continue;
    if (rand() < 0.15 && x + 1 < cols && g.widths[i + 1] === 1) {
      g.set(x, row, pick(WIDE), 2, fg, bg, attrs);
      g.set(x + 1, row, '', 0, fg, bg, attrs);
    } else {
      g.set(x, row, pick(NARROW), 1, fg, bg, attrs);
    }
  }
  return g;
}

async function play(term: Terminal, data: string): Promise<void> {
  await new Promise<void>((r) => term.write(data, r));
}

function screenOf(term: Terminal, cols: number, rows: number): string[] {
  const buf = term.buffer.active;
  const cell = buf.getNullCell();
  const out: string[] = [];
  for (let y = 0; y < rows; y++) {
    const line = buf.getLine(y)!;
    for (let x = 0; x < cols; x++) {
      line.getCell(x, cell);
      const fg = cell.isFgDefault() ? -1 : cell.isFgRGB() ? 0x1000000 | cell.getFgColor() : cell.getFgColor();
      const bg = cell.isBgDefault() ? -1 : cell.isBgRGB() ? 0x1000000 | cell.getBgColor() : cell.getBgColor();
      let a = 0;
      if (cell.isBold()) a |= Attr.bold;
      if (cell.isDim()) a |= Attr.dim;
      if (cell.isItalic()) a |= Attr.italic;
      if (cell.isUnderline()) a |= Attr.underline;
      if (cell.isInverse()) a |= Attr.inverse;
      if (cell.isStrikethrough()) a |= Attr.strikethrough;
      const ch = cell.getWidth() === 0 ? '' : cell.getChars() || ' ';
      // A blank's style only shows through its background.
      out.push(ch === ' ' && a === 0 ? `${y},${x}: |${bg}` : `${y},${x}:${ch}|${fg}|${bg}|${a}`);
    }
  }
  return out;
}

function gridCells(g: Grid): string[] {
  const out: string[] = [];
  for (let y = 0; y < g.rows; y++) {
    for (let x = 0; x < g.cols; x++) {
      const i = y * g.cols + x;
      const ch = g.chars[i];
      out.push(ch === ' ' && g.attrs[i] === 0 ? `${y},${x}: |${g.bg[i]}` : `${y},${x}:${ch}|${g.fg[i]}|${g.bg[i]}|${g.attrs[i]}`);
    }
  }
  return out;
}

describe('painter', () => {
  it('reproduces every grid exactly, painting only differences', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rand = rng(seed);
      const cols = 30;
      const rows = 8;
      const term = new Terminal({ cols, rows, allowProposedApi: true });
      term.loadAddon(new Unicode11Addon());
      term.unicode.activeVersion = '11';
      const painter = new Painter('truecolor');
      let g = randomGrid(rand, cols, rows);
      await play(term, painter.paint(g, { x: 0, y: 0, visible: true, style: 'block', blink: false }));
      expect(screenOf(term, cols, rows), `seed ${seed} first frame`).toEqual(gridCells(g));
      for (let frame = 0; frame < 15; frame++) {
        const next = randomGrid(rand, cols, rows, g);
        const out = painter.paint(next, { x: 3, y: 2, visible: true, style: 'bar', blink: false });
        await play(term, out);
        expect(screenOf(term, cols, rows), `seed ${seed} frame ${frame}`).toEqual(gridCells(next));
        g = next;
      }
      // An unchanged grid paints nothing at all.
      const same = new Grid(cols, rows);
      for (let y = 0; y < rows; y++) same.copyRow(g, y);
      expect(painter.paint(same, { x: 3, y: 2, visible: true, style: 'bar', blink: false })).toBe('');
    }
  });

  it('repaints only the rows it is told about, and wraps frames in synchronized output', async () => {
    const painter = new Painter('truecolor');
    const a = new Grid(10, 3);
    a.putText(0, 0, 'top', { fg: -1, bg: -1, attrs: 0 });
    const first = painter.paint(a, null);
    expect(first.startsWith('\x1b[?2026h')).toBe(true);
    expect(first.endsWith('\x1b[?2026l')).toBe(true);
    const b = new Grid(10, 3);
    b.copyRow(a, 0);
    b.putText(0, 2, 'bottom', { fg: 2, bg: -1, attrs: 0 });
    const out = painter.paint(b, null, new Set([2]));
    expect(out).toContain('\x1b[3;1H');
    expect(out).toContain('bottom');
    expect(out).not.toContain('top');
  });
});

describe('what reaches the terminal', () => {
  it('never contains control characters from cell text, whoever sent it', () => {
    const g = new Grid(20, 2);
    g.putRow(0, 0, [['a\x1b]52;c;aGk=\x07b', -1, -1, 0], ['\x9b2J', -1, -1, 0, 1]], 20);
    g.putText(0, 1, 'title\x1b]0;pwn\x07!', { fg: -1, bg: -1, attrs: 0 });
    const out = new Painter('truecolor').paint(g, null);
    // Only our own sequences remain: CSI, SGR and synchronized output.
    const ours = out.replace(/\x1b\[[\d;?]*[A-Za-z]/g, '');
    expect(ours).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(ours).toContain(']52;c;aGk=');
  });
});
