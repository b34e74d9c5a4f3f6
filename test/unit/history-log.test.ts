/**
 * The output log on a real (temporary) directory: what goes in comes out, in
 * order, across segments and rotation; times map to offsets; and every kind of
 * damage is reported without stopping anything.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { offsetAtTime, parseIndex, segmentName, timeAtOffset } from '../../src/storage/log-format';
import { readRange, scanLog, sizeAt } from '../../src/storage/log-reader';
import { LogWriter, SLOW_DISK_BACKOFF_MS, SLOW_SYNC_WRITE_MS, TIME_MARK_MS } from '../../src/storage/log-writer';

let dir: string;
let clock: number;
const now = () => clock;
const problems: string[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-'));
  clock = 1_000_000;
  problems.length = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function open(limits = { segmentBytes: 1000, maxBytes: 1_000_000 }, sub = 'p0'): LogWriter {
  return LogWriter.open(path.join(dir, sub), limits, { cols: 80, rows: 24 }, now, (m) => problems.push(m));
}

async function readAll(sub = 'p0'): Promise<Buffer> {
  const view = await scanLog(path.join(dir, sub));
  const parts: Buffer[] = [];
  for await (const { data } of readRange(view, view.start, view.end, 77)) parts.push(data);
  return Buffer.concat(parts);
}

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}\r\n`).join('');

describe('output log', () => {
  it('keeps every byte in order across segments, with 0600 files in a 0700 directory', async () => {
    const w = open();
    const text = lines(0, 2000);
    for (let i = 0; i < text.length; i += 333) w.append(Buffer.from(text.slice(i, i + 333)));
    await w.close();
    expect((await readAll()).toString()).toBe(text);
    const files = fs.readdirSync(path.join(dir, 'p0'));
    expect(files.filter((f) => f.endsWith('.log')).length).toBeGreaterThan(20);
    expect(fs.statSync(path.join(dir, 'p0')).mode & 0o777).toBe(0o700);
    for (const f of files) expect(fs.statSync(path.join(dir, 'p0', f)).mode & 0o777).toBe(0o600);
    const view = await scanLog(path.join(dir, 'p0'), { verify: true });
    expect(view.damage).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('drops the oldest segments past the cap, keeping stream offsets', async () => {
    const w = open({ segmentBytes: 1000, maxBytes: 5000 });
    const text = lines(0, 3000);
    w.append(Buffer.from(text));
    await w.close();
    const view = await scanLog(path.join(dir, 'p0'), { verify: true });
    expect(view.damage).toEqual([]);
    expect(view.end).toBe(Buffer.byteLength(text));
    expect(view.end - view.start).toBeLessThanOrEqual(5000);
    expect(view.start % 1000).toBe(0);
    expect((await readAll()).toString()).toBe(text.slice(view.start));
  });

  it('continues an existing log where it ended (a resurrected pane)', async () => {
    const a = open();
    a.append(Buffer.from('before\r\n'));
    await a.close();
    const b = open();
    expect(b.openedAt).toBe(8);
    b.append(Buffer.from('after\r\n'));
    await b.close();
    expect((await readAll()).toString()).toBe('before\r\nafter\r\n');
  });

  it('maps times to offsets, and records sizes', async () => {
    const w = open();
    w.append(Buffer.from('a'.repeat(100)));
    clock += 10_000;
    w.append(Buffer.from('b'.repeat(100)));
    clock += 10; // within the mark granularity: no new mark
    w.append(Buffer.from('c'.repeat(100)));
    w.resize(100, 30);
    clock += 10_000;
    w.append(Buffer.from('d'.repeat(100)));
    await w.close();
    const view = await scanLog(path.join(dir, 'p0'));
    const t0 = 1_000_000;
    expect(offsetAtTime(view.times, t0 + 10_005, TIME_MARK_MS, view.end)).toBe(100);
    expect(offsetAtTime(view.times, t0 + 5_000, TIME_MARK_MS, view.end)).toBe(100);
    expect(offsetAtTime(view.times, t0 + 20_010, TIME_MARK_MS, view.end)).toBe(300);
    expect(offsetAtTime(view.times, t0 + 99_999, TIME_MARK_MS, view.end)).toBe(view.end);
    expect(timeAtOffset(view.times, 250)).toBe(t0 + 10_000);
    expect(sizeAt(view, 50)).toEqual({ cols: 80, rows: 24 });
    expect(sizeAt(view, 350)).toEqual({ cols: 100, rows: 30 });
  });

  it('writes batch after small batch in place, and across rotations, with marks and sizes where they belong', async () => {
    // Flushing after every append: each batch is small, so all but the first of
    // each segment take the synchronous path; rotations take the other one.
    const w = open({ segmentBytes: 1000, maxBytes: 1_000_000 });
    let text = '';
    let notYetOnDisk = 0;
    for (let i = 0; i < 60; i++) {
      const chunk = `line ${i}\r\n`.repeat(5);
      w.append(Buffer.from(chunk));
      text += chunk;
      if (i === 30) w.resize(100, 30);
      clock += 1000;
      const flushed = w.flush();
      if (i > 0 && i !== 30) {
        // Written in place: on disk before flush() even yields (the batch after a
        // rotation may still be on its way; the total catches up below).
        const onDisk = fs.readdirSync(path.join(dir, 'p0')).filter((f) => f.endsWith('.log'));
        const bytes = onDisk.reduce((n, f) => n + fs.statSync(path.join(dir, 'p0', f)).size, 0);
        if (bytes !== Buffer.byteLength(text)) notYetOnDisk++;
      }
      await flushed;
    }
    await w.close();
    // ~2,900 bytes in 1,000-byte segments: two rotations; every other batch was on disk at once.
    expect(notYetOnDisk).toBeLessThanOrEqual(3);
    expect(fs.readdirSync(path.join(dir, 'p0')).filter((f) => f.endsWith('.log')).length).toBe(Math.ceil(Buffer.byteLength(text) / 1000));
    expect((await readAll()).toString()).toBe(text);
    const view = await scanLog(path.join(dir, 'p0'), { verify: true });
    expect(view.damage).toEqual([]);
    expect(view.end).toBe(Buffer.byteLength(text));
    const at30 = Buffer.byteLength(text.slice(0, text.indexOf('line 31')));
    expect(sizeAt(view, at30 - 1)).toEqual({ cols: 80, rows: 24 });
    expect(sizeAt(view, at30)).toEqual({ cols: 100, rows: 30 });
    expect(offsetAtTime(view.times, 1_000_000 + 31_000, TIME_MARK_MS, view.end)).toBe(at30);
    expect(problems).toEqual([]);
  });

  it('reports a truncated segment, garbage bytes, a hole and a garbled index, and still reads the rest', async () => {
    const w = open();
    w.append(Buffer.from(lines(0, 400)));
    await w.flush();
    w.append(Buffer.from(lines(400, 800)));
    await w.close();
    const p = path.join(dir, 'p0');
    const segs = fs.readdirSync(p).filter((f) => f.endsWith('.log')).sort();
    // Garbage in the middle of the second segment, a torn tail on the last,
    // a missing segment in between, and junk in an index.
    const second = path.join(p, segs[1]);
    const buf = fs.readFileSync(second);
    buf.write('GARBAGE', 10);
    fs.writeFileSync(second, buf);
    const last = path.join(p, segs[segs.length - 1]);
    fs.truncateSync(last, Math.floor(fs.statSync(last).size / 2));
    fs.rmSync(path.join(p, segs[3]));
    fs.appendFileSync(path.join(p, segs[0].replace('.log', '.idx')), '{"o":\n\x00\x01garbage\n');
    const view = await scanLog(p, { verify: true });
    const damage = view.damage.join('\n');
    expect(damage).toMatch(/unreadable index lines/);
    expect(damage).toMatch(/bytes missing before offset/);
    expect(damage).toMatch(/truncated/);
    expect(damage).toMatch(/fail their checksum/);
    const text = (await readAll()).toString('latin1');
    expect(text.startsWith('line 0\r\n')).toBe(true);
    expect(text).toContain('GARBAGE');
  });

  it('never throws on a missing directory or foreign files', async () => {
    const view = await scanLog(path.join(dir, 'nothing-here'), { verify: true });
    expect(view.damage[0]).toMatch(/output log missing/);
    fs.mkdirSync(path.join(dir, 'odd'));
    fs.writeFileSync(path.join(dir, 'odd', 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(dir, 'odd', segmentName(0)), 'raw');
    const odd = await scanLog(path.join(dir, 'odd'), { verify: true });
    expect(odd.end).toBe(3);
    expect(odd.damage).toEqual([]);
    expect(parseIndex('{"o":1,"t":2,"w":0,"h":5}\n[]\nnull\n{"o":-1,"t":1}\n').bad).toBe(4);
  });

  it('reports a disk error once, then carries on at the true stream offset', async () => {
    const w = open();
    w.append(Buffer.from('kept\r\n'));
    await w.flush();
    fs.rmSync(path.join(dir, 'p0'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'p0'), 'a file where the directory was');
    // The next batch needs a new segment in a directory that is gone.
    w.append(Buffer.from('lost\r\n'.repeat(300)));
    await w.flush();
    w.append(Buffer.from('lost again\r\n'.repeat(300)));
    await w.flush();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/were not saved/);
    fs.rmSync(path.join(dir, 'p0'));
    fs.mkdirSync(path.join(dir, 'p0'));
    const lostUpTo = w.end;
    w.append(Buffer.from('back\r\n'));
    await w.close();
    const view = await scanLog(path.join(dir, 'p0'));
    expect(view.start).toBe(lostUpTo);
    expect((await readAll()).toString()).toBe('back\r\n');
  });
  it('keeps small batches off the event loop while another pane floods the disk', async () => {
    const quiet = open(undefined, 'p0');
    const flood = open(undefined, 'p1');
    quiet.append(Buffer.from('opened\r\n'));
    await quiet.flush();
    const size = () => fs.statSync(path.join(dir, 'p0', segmentName(0))).size;
    const before = size();
    flood.append(Buffer.alloc(200 * 1024, 'x')); // too big to write in place
    const flooding = flood.flush();
    quiet.append(Buffer.from('small\r\n'));
    const quietDone = quiet.flush();
    expect(size()).toBe(before); // not written in place while the flood's batch is in flight
    await Promise.all([flooding, quietDone]);
    expect(size()).toBe(before + 7);
    quiet.append(Buffer.from('again\r\n'));
    const again = quiet.flush();
    expect(size()).toBe(before + 14); // the flood is on disk: in place again
    await again;
    await Promise.all([quiet.close(), flood.close()]);
  });

  // Last in the file: it leaves the shared "disk was slow" mark set, for a clock
  // that the other tests restart below it.
  it('after a slow in-place write, writes off the event loop for a while, then in place again', async () => {
    let slow = false;
    // A disk that takes longer than SLOW_SYNC_WRITE_MS: the clock moves while it writes.
    const w = LogWriter.open(path.join(dir, 'p0'), { segmentBytes: 1_000_000, maxBytes: 10_000_000 }, { cols: 80, rows: 24 }, () => (slow ? (clock += SLOW_SYNC_WRITE_MS + 1) : clock), (m) => problems.push(m));
    const onDisk = () => fs.statSync(path.join(dir, 'p0', segmentName(0))).size;
    let text = 'first\r\n';
    w.append(Buffer.from(text));
    await w.flush(); // opens the segment (asynchronously)
    const batch = async (line: string): Promise<boolean> => {
      w.append(Buffer.from(line));
      text += line;
      const flushed = w.flush();
      const atOnce = onDisk() === Buffer.byteLength(text);
      await flushed;
      return atOnce;
    };
    expect(await batch('fast\r\n')).toBe(true);
    slow = true;
    expect(await batch('slow\r\n')).toBe(true); // written in place, but it took too long
    slow = false;
    expect(await batch('after\r\n')).toBe(false); // so the next ones go through the pool
    clock += SLOW_DISK_BACKOFF_MS + 1;
    expect(await batch('later\r\n')).toBe(true);
    await w.close();
    expect((await readAll()).toString()).toBe(text);
    expect(problems).toEqual([]);
  });
});
