/**
 * Replaying a log through a throwaway terminal (log-render.ts) hands out every
 * line once, in order, even when the pane was resized in between: rows added
 * (which pull lines back out of history), rows taken away, and widths that
 * re-wrap long lines in both directions.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Row, rowText } from '../../src/common/cells';
import { renderLog } from '../../src/daemon/log-render';
import { createScreen } from '../../src/daemon/screen';
import { scanLog } from '../../src/storage/log-reader';
import { LogWriter } from '../../src/storage/log-writer';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `line N` padded with dots to WIDTH characters: long ones wrap on narrow panes. */
const numbered = (from: number, to: number, width: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i} `.padEnd(width, '.') + '\r\n').join('');

async function replayAll(sub: string): Promise<string[]> {
  const view = await scanLog(path.join(dir, sub));
  const history: Row[] = [];
  const out = await renderLog(view, {
    from: view.start,
    to: view.end,
    fallback: { cols: 80, rows: 24 },
    onHistory: (rows) => void history.push(...rows),
  });
  expect(out.lost).toBe(0);
  return [...history, ...out.screen].map(rowText);
}

/** The numbers of the `line N` markers, in the order they appear. */
const markers = (rows: string[]) => rows.flatMap((r) => [...r.matchAll(/line (\d+) /g)].map((m) => Number(m[1])));

describe('replaying a log', () => {
  it('hands out every line once, in order, across resizes of rows and columns', async () => {
    const w = LogWriter.open(path.join(dir, 'p0'), { segmentBytes: 1 << 20, maxBytes: 1 << 24 }, { cols: 80, rows: 24 }, () => 1, () => undefined);
    w.append(Buffer.from(numbered(0, 50, 20)));
    w.resize(80, 40); // more rows: a terminal pulls lines back out of history
    w.append(Buffer.from(numbered(50, 100, 20)));
    w.resize(40, 10); // fewer rows and columns: lines wrap, the screen's top goes to history
    w.append(Buffer.from(numbered(100, 150, 60)));
    w.resize(100, 30); // wider and taller: wrapped lines join again
    w.append(Buffer.from(numbered(150, 200, 60)));
    w.resize(30, 12);
    w.append(Buffer.from(numbered(200, 230, 70)));
    await w.close();
    const rows = await replayAll('p0');
    expect(markers(rows)).toEqual(Array.from({ length: 230 }, (_, i) => i));
  });

  it('ends on the screen the pane showed when only its rows changed', async () => {
    const w = LogWriter.open(path.join(dir, 'p1'), { segmentBytes: 1 << 20, maxBytes: 1 << 24 }, { cols: 80, rows: 24 }, () => 1, () => undefined);
    const live = createScreen(80, 24, 1000);
    const both = (f: (s: { append(b: Buffer): void; resize(c: number, r: number): void }) => void) => {
      f({ append: (b) => w.append(b), resize: (c, r) => w.resize(c, r) });
      f({ append: (b) => live.write(b), resize: (c, r) => live.resize(c, r) });
    };
    both((s) => s.append(Buffer.from(numbered(0, 60, 20))));
    both((s) => s.resize(80, 10)); // pushes the top 14 into history
    both((s) => s.append(Buffer.from(numbered(60, 65, 20))));
    both((s) => s.resize(80, 40)); // pulls 30 lines back onto the screen
    both((s) => s.append(Buffer.from(numbered(65, 70, 20) + 'last')));
    await w.close();
    await live.flushed();
    const rows = await replayAll('p1');
    expect(markers(rows)).toEqual(Array.from({ length: 70 }, (_, i) => i));
    const liveScreen = Array.from({ length: live.rows }, (_, y) => rowText(live.screenRow(y)));
    expect(liveScreen[0]).toMatch(/^line 31 /);
    expect(rows.slice(-40)).toEqual(liveScreen);
    live.dispose();
  });
});
