/**
 * The screen model driven from byte fixtures, without a PTY (xterm.js's way of
 * testing its parser): what the daemon extracts is exactly what was drawn.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Attr, rgbColor, rowText, rowToCells, trimRow } from '../../src/common/cells';
import { checkFastRows, createScreen, extractRow } from '../../src/daemon/screen';
import { fastRow, RawLine } from '../../src/daemon/fast-row';
import { Terminal } from '@xterm/headless';
import { Unicode11Addon } from '@xterm/addon-unicode11';

const fixture = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'fidelity.ans'));

async function screenOf(bytes: Uint8Array, cols = 60, rows = 6) {
  const s = createScreen(cols, rows, 100);
  s.write(bytes);
  await s.flushed();
  return s;
}

describe('screen extraction', () => {
  it('keeps truecolor, 256 colours and every attribute', async () => {
    const s = await screenOf(fixture);
    const cells = rowToCells(s.screenRow(0));
    expect(cells[0]).toMatchObject({ ch: 'T', fg: rgbColor(255, 100, 0), bg: -1, attrs: 0 });
    expect(cells[5]).toMatchObject({ ch: 'P', fg: 196, bg: 21 });
    expect(cells[10]).toMatchObject({ ch: 'B', attrs: Attr.bold });
    expect(cells[15]).toMatchObject({ ch: 'I', attrs: Attr.italic });
    expect(cells[20]).toMatchObject({ ch: 'U', attrs: Attr.underline });
    expect(cells[25]).toMatchObject({ ch: 'S', attrs: Attr.strikethrough });
    expect(cells[30]).toMatchObject({ ch: 'D', attrs: Attr.dim });
    expect(cells[34]).toMatchObject({ ch: 'I', attrs: Attr.inverse });
    const last = rowToCells(s.screenRow(2));
    expect(last[0]).toMatchObject({ ch: 'A', fg: rgbColor(1, 2, 3), bg: 250, attrs: Attr.bold | Attr.italic | Attr.underline });
    expect(last[3]).toMatchObject({ ch: ' ', fg: -1, bg: -1, attrs: 0 });
  });

  it('places wide CJK and emoji in two columns and keeps combining marks', async () => {
    const s = await screenOf(fixture);
    const row = s.screenRow(1);
    expect(rowText(row)).toBe('中文字|🚀✅|e\u0301|bright');
    const cells = rowToCells(row);
    expect(cells[0]).toMatchObject({ ch: '中', width: 2, bg: rgbColor(10, 20, 30) });
    expect(cells[1]).toMatchObject({ ch: '', width: 0 });
    expect(cells[6]).toMatchObject({ ch: '|', width: 1 });
    expect(cells[7]).toMatchObject({ ch: '🚀', width: 2, fg: rgbColor(0, 255, 0) });
    expect(cells[9]).toMatchObject({ ch: '✅', width: 2 });
    expect(cells[12]).toMatchObject({ ch: 'e\u0301', width: 1 });
    expect(cells[14]).toMatchObject({ ch: 'b', fg: 9 });
    expect(cells.length).toBe(60);
  });

  it('reports the cursor and its DECSCUSR shape and visibility', async () => {
    const s = await screenOf(Buffer.from('ab\r\ncd\x1b[5 q\x1b[?25l'));
    expect(s.cursor()).toEqual({ x: 2, y: 1, visible: false, style: 'bar', blink: true });
    s.write(Buffer.from('\x1b[?25h\x1b[2 q'));
    await s.flushed();
    expect(s.cursor()).toMatchObject({ visible: true, style: 'block', blink: false });
  });

  it('reports the input modes a program asked for', async () => {
    const s = await screenOf(Buffer.from('\x1b[?1h\x1b[?2004h\x1b[?1002h\x1b[?1006h\x1b[?1004h\x1b[?1049h'));
    expect(s.modes()).toEqual({
      applicationCursorKeys: true,
      applicationKeypad: false,
      bracketedPaste: true,
      mouseTracking: 'drag',
      mouseEncoding: 'SGR',
      sendFocus: true,
      altScreen: true,
    });
  });

  it('answers terminal queries towards the program', async () => {
    const s = createScreen(20, 5, 10);
    const replies: string[] = [];
    s.onResponse((d) => replies.push(d));
    s.write(Buffer.from('\x1b[6n'));
    await s.flushed();
    expect(replies.join('')).toBe('\x1b[1;1R');
  });

  it('counts lines dropped from full history, so line numbers stay stable', async () => {
    const s = createScreen(10, 2, 3);
    s.write(Buffer.from('1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n7'));
    await s.flushed();
    expect(s.historyLength).toBe(3);
    expect(s.trimmedLines).toBe(2);
    expect(s.bufferLineText(0)).toBe('3');
  });

  it('parses the echo of typed input at once, not on a later tick', () => {
    const s = createScreen(20, 5, 10);
    s.onResponse(() => undefined);
    s.typeInput('x');
    let parsed = false;
    s.write(Buffer.from('x'), () => {
      parsed = true;
    });
    expect(parsed).toBe(true);
  });

  it('keeps unchanged rows as the same objects, even after scrolling', async () => {
    const s = createScreen(10, 3, 10);
    s.write(Buffer.from('a\r\nb\r\nc'));
    await s.flushed();
    const before = s.screenRows();
    expect(s.screenRows()).toEqual(before);
    expect(s.screenRows()[1]).toBe(before[1]);
    s.write(Buffer.from('\r\nd'));
    await s.flushed();
    const after = s.screenRows();
    expect(after[0]).toBe(before[1]); // 'b' scrolled up: same row object, nothing re-read
    expect(after[1]).toBe(before[2]);
    expect(after[2]).not.toBe(before[2]);
  });

  it('re-reads only touched rows yet always matches a full read, whatever the program does', async () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const ops = [
      () => `text${Math.floor(rand() * 1000)}`,
      () => '\r\n',
      () => `\x1b[${1 + Math.floor(rand() * 8)};${1 + Math.floor(rand() * 20)}H`,
      () => '\x1b[K',
      () => '\x1b[2J',
      () => '\x1b[L',
      () => '\x1b[M',
      () => '\x1b[2;5r',
      () => '\x1b[r',
      () => '\x1b[S',
      () => '\x1b[T',
      () => '\x1b[?1049h',
      () => '\x1b[?1049l',
      () => '\x1b[31;44m中文🚀\x1b[0m',
      () => 'e\u0301',
      () => '\x1bc',
      () => '\x1b[3P',
      () => '\x1b[2@',
    ];
    const s = createScreen(20, 8, 50);
    for (let step = 0; step < 400; step++) {
      let chunk = '';
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) chunk += ops[Math.floor(rand() * ops.length)]();
      s.write(Buffer.from(chunk));
      await s.flushed();
      if (step % 50 === 49) s.resize(15 + Math.floor(rand() * 10), 5 + Math.floor(rand() * 5));
      const fresh = Array.from({ length: s.rows }, (_, y) => trimRow(s.screenRow(y)));
      expect(s.screenRows(), `after step ${step}: ${JSON.stringify(chunk)}`).toEqual(fresh);
    }
  });

  it('reads cells from xterm\'s words exactly as its public API does', async () => {
    expect(checkFastRows()).toBe(true);
    const t = new Terminal({ cols: 30, rows: 4, allowProposedApi: true });
    t.loadAddon(new Unicode11Addon());
    t.unicode.activeVersion = '11';
    let seed = 7;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const sgr = ['0', '1', '2', '3', '4', '4:3', '4:0', '58;5;9', '24', '5', '7', '8', '9', '53', '22', '31', '97', '41', '107', '38;5;123', '48;5;45', '38;2;10;20;30', '48;2;200;100;0'];
    const text = ['a', 'Z', ' ', '中', '🚀', 'e\u0301', '─', '✅', '\x1b]8;;https://example.com\x07L\x1b]8;;\x07'];
    for (let k = 0; k < 300; k++) {
      let chunk = '';
      for (let j = 0; j < 8; j++) chunk += `\x1b[${sgr[Math.floor(rand() * sgr.length)]}m${text[Math.floor(rand() * text.length)]}`;
      await new Promise<void>((r) => t.write(chunk, r));
    }
    const cell = t.buffer.active.getNullCell();
    for (let y = 0; y < 4; y++) {
      const line = t.buffer.active.getLine(t.buffer.active.baseY + y)!;
      const raw = (line as unknown as { _line: RawLine })._line;
      expect(fastRow(raw, 30), `row ${y}`).toEqual(extractRow(line, 30, cell));
    }
  });
});
