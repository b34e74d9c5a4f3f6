/**
 * `capture` gives back exactly the cells a program drew: through the real PTY and
 * daemon, as JSON cells, and as SGR that redraws the same cells in another terminal.
 */
import * as path from 'node:path';
import { Terminal } from '@xterm/headless';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'fidelity.ans');

let sp: SpacesHome;
beforeAll(async () => {
  sp = new SpacesHome();
  await sp.ok(['new', 'fid', '-d', '--cols', '60', '--rows', '6', '--', 'sh', '-c', `cat ${FIXTURE}; printf 'DO''NE'; exec sleep 600`]);
  await sp.ok(['wait', 'fid', '--for', 'DONE', '--timeout', '10']);
});
afterAll(async () => {
  await sp.cleanup();
});

type JsonCell = { ch: string; width: number; fg: number | string | null; bg: number | string | null; attrs?: string[] };

async function cellsOf(): Promise<JsonCell[][]> {
  const j = JSON.parse(await sp.ok(['capture', 'fid', '--json']));
  return j.lines.map((l: { cells: JsonCell[] }) => l.cells);
}

/** Replays SGR text into a fresh terminal and reads its cells back in the JSON shape. */
async function replay(ansi: string): Promise<JsonCell[][]> {
  const t = new Terminal({ cols: 60, rows: 6, allowProposedApi: true });
  t.loadAddon(new Unicode11Addon());
  t.unicode.activeVersion = '11';
  await new Promise<void>((r) => t.write(ansi.replace(/\n/g, '\r\n'), r));
  const cell = t.buffer.active.getNullCell();
  const rows: JsonCell[][] = [];
  for (let y = 0; y < 6; y++) {
    const line = t.buffer.active.getLine(y)!;
    const row: JsonCell[] = [];
    for (let x = 0; x < 60; x++) {
      line.getCell(x, cell);
      const color = (def: boolean, rgb: boolean, v: number) => (def ? null : rgb ? `#${v.toString(16).padStart(6, '0')}` : v);
      const attrs = (['bold', 'dim', 'italic', 'underline', 'blink', 'inverse', 'invisible', 'strikethrough', 'overline'] as const).filter(
        (a) => (cell as unknown as Record<string, () => number>)[`is${a[0].toUpperCase()}${a.slice(1)}`]() !== 0,
      );
      const c: JsonCell = {
        ch: cell.getWidth() === 0 ? '' : cell.getChars() || ' ',
        width: cell.getWidth(),
        fg: color(cell.isFgDefault(), cell.isFgRGB(), cell.getFgColor()),
        bg: color(cell.isBgDefault(), cell.isBgRGB(), cell.getBgColor()),
      };
      if (attrs.length) c.attrs = [...attrs];
      row.push(c);
    }
    rows.push(row);
  }
  return rows;
}

describe('capture', () => {
  it('returns exactly the cells drawn, as JSON', async () => {
    const rows = await cellsOf();
    expect(rows[0][0]).toEqual({ ch: 'T', width: 1, fg: '#ff6400', bg: null });
    expect(rows[0][5]).toEqual({ ch: 'P', width: 1, fg: 196, bg: 21 });
    expect(rows[0][10]).toEqual({ ch: 'B', width: 1, fg: null, bg: null, attrs: ['bold'] });
    expect(rows[0][15]).toEqual({ ch: 'I', width: 1, fg: null, bg: null, attrs: ['italic'] });
    expect(rows[0][20]).toEqual({ ch: 'U', width: 1, fg: null, bg: null, attrs: ['underline'] });
    expect(rows[0][25]).toEqual({ ch: 'S', width: 1, fg: null, bg: null, attrs: ['strikethrough'] });
    expect(rows[1][0]).toEqual({ ch: '中', width: 2, fg: null, bg: '#0a141e' });
    expect(rows[1][1]).toEqual({ ch: '', width: 0, fg: null, bg: '#0a141e' });
    expect(rows[1][7]).toEqual({ ch: '🚀', width: 2, fg: '#00ff00', bg: null });
    expect(rows[1][9]).toEqual({ ch: '✅', width: 2, fg: '#00ff00', bg: null });
    expect(rows[1][12]).toEqual({ ch: 'e\u0301', width: 1, fg: null, bg: null });
    expect(rows[1][14]).toEqual({ ch: 'b', width: 1, fg: 9, bg: null });
    expect(rows[2][0]).toEqual({ ch: 'A', width: 1, fg: '#010203', bg: 250, attrs: ['bold', 'italic', 'underline'] });
  });

  it('prints SGR that redraws the same cells', async () => {
    const ansi = await sp.ok(['capture', 'fid', '--ansi']);
    expect(ansi).toContain('\x1b[38;2;255;100;0mTRUE');
    const again = await replay(ansi);
    const json = await cellsOf();
    // The cursor line differs only by where the program left the cursor; compare drawn rows.
    for (let y = 0; y < 3; y++) expect(again[y], `row ${y}`).toEqual(json[y]);
  });

  it('prints plain text, and history on request', async () => {
    const text = await sp.ok(['capture', 'fid']);
    expect(text.split('\n')[1]).toBe('中文字|🚀✅|e\u0301|bright');
    await sp.ok(['new', 'hist', '-d', '--rows', '5', '--', 'sh', '-c', 'seq 1 50; exec sleep 600']);
    await sp.ok(['wait', 'hist', '--for', '^50$']);
    // Every row is printed, the empty one under the cursor too.
    const screen = (await sp.ok(['capture', 'hist'])).split('\n').slice(0, -1);
    expect(screen).toEqual(['47', '48', '49', '50', '']);
    expect(screen[0]).toBe('47');
    const some = (await sp.ok(['capture', 'hist', '--scrollback', '10'])).trimEnd().split('\n');
    expect(some[0]).toBe('37');
    const all = (await sp.ok(['capture', 'hist', '-S', 'all'])).trimEnd().split('\n');
    expect(all[0]).toBe('1');
    expect(all).toContain('50');
    const bad = await sp.run(['capture', 'hist', '--scrollback', 'lots']);
    expect(bad.stderr).toMatch(/--scrollback must be a whole number .* \(or 'all'\)/);
  });

  it('prints a long history as JSON, written a piece at a time', async () => {
    // Far more history than the pane keeps in memory, so it is read back from the log.
    // The whole document used to be one string: past a few hundred thousand lines it
    // outgrew V8's string limit; now it is written in chunks.
    const n = 100_000;
    await sp.ok(['new', 'long', '-d', '--cols', '10', '--rows', '5', '--', 'sh', '-c', `seq 1 ${n}; printf 'LONG''DONE'; exec sleep 600`]);
    await sp.ok(['wait', 'long', '--for', 'LONGDONE', '--timeout', '20']);
    const j = JSON.parse(await sp.ok(['capture', 'long', '-S', 'all', '--json']));
    expect(j.lines).toHaveLength(n + 1);
    expect(j.historyLines).toBe(n - 4);
    expect(j.lines[0].index).toBe(-(n - 4));
    expect(j.lines[0].cells[0]).toEqual({ ch: '1', width: 1, fg: null, bg: null });
    expect(j.lines[n].index).toBe(4);
    expect(j.lines[n].text).toBe('LONGDONE');
    // Every line, in order, none lost or doubled where one chunk ends and the next begins.
    const texts: string[] = j.lines.slice(0, n).map((l: { text: string }) => l.text);
    expect(texts.every((t, i) => t === String(i + 1))).toBe(true);
  });
});
