/**
 * Reads a pane's output log (format: log-format.ts): what is there, whether it is
 * intact, and the bytes of any range. Used by the daemon (capture, replay,
 * resurrection) and by the CLI (grep reads the files itself, so a slow search
 * never occupies the daemon).
 *
 * Nothing on disk can make it throw: a missing or unreadable file, a torn or
 * garbage index, a segment shorter than its index says or bytes that fail their
 * checksum each become a line in `damage`, and everything readable stays readable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { CheckMark, indexName, parseIndex, parseSegmentName, SizeMark, TimeMark } from './log-format';

export interface SegmentInfo {
  start: number;
  /** Bytes of this segment that belong to the stream (a longer file is cut at the next segment's start). */
  size: number;
  file: string;
}

export interface LogView {
  dir: string;
  segments: SegmentInfo[];
  /** First offset still on disk (older segments were rotated away). */
  start: number;
  /** Just past the last byte on disk. */
  end: number;
  /** Sorted by offset. */
  times: TimeMark[];
  sizes: SizeMark[];
  damage: string[];
}

/** A checksum record longer than this cannot come from our writer; it is not worth reading. */
const MAX_CHECK_BYTES = 256 * 1024 * 1024;

/** Lists the segments and reads the index. With `verify`, also checks every checksummed range. */
export async function scanLog(dir: string, opts: { verify?: boolean } = {}): Promise<LogView> {
  const view: LogView = { dir, segments: [], start: 0, end: 0, times: [], sizes: [], damage: [] };
  let files: string[];
  try {
    files = (await fs.promises.readdir(dir)).sort();
  } catch (e) {
    view.damage.push(`output log missing (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return view;
  }
  for (const file of files) {
    const start = parseSegmentName(file);
    if (start === null) continue;
    try {
      const st = await fs.promises.stat(path.join(dir, file));
      view.segments.push({ start, size: st.size, file: path.join(dir, file) });
    } catch (e) {
      view.damage.push(`segment ${file} unreadable (${(e as Error).message})`);
    }
  }
  const checks: CheckMark[] = [];
  let badLines = 0;
  for (const seg of view.segments) {
    let text: string;
    try {
      text = await fs.promises.readFile(path.join(dir, indexName(seg.start)), 'latin1');
    } catch {
      // No index: the bytes are still good, only their times are unknown.
      continue;
    }
    const idx = parseIndex(text);
    badLines += idx.bad;
    view.times.push(...idx.times);
    view.sizes.push(...idx.sizes);
    checks.push(...idx.checks);
  }
  if (badLines > 0) view.damage.push(`${badLines} unreadable index line${badLines === 1 ? '' : 's'} (times may be approximate)`);
  view.times.sort((a, b) => a.o - b.o);
  view.sizes.sort((a, b) => a.o - b.o);
  checkContinuity(view);
  checkLengths(view, checks);
  if (opts.verify) await verifyChecksums(view, checks);
  return view;
}

function checkContinuity(view: LogView): void {
  const segs = view.segments;
  for (let i = 0; i + 1 < segs.length; i++) {
    const end = segs[i].start + segs[i].size;
    const next = segs[i + 1].start;
    if (end < next) view.damage.push(`${next - end} bytes missing before offset ${next}`);
    if (end > next) {
      view.damage.push(`segment at offset ${segs[i].start} runs ${end - next} bytes into the next one; the extra bytes are ignored`);
      segs[i].size = next - segs[i].start;
    }
  }
  view.start = segs.length > 0 ? segs[0].start : 0;
  view.end = segs.length > 0 ? segs[segs.length - 1].start + segs[segs.length - 1].size : 0;
}

function checkLengths(view: LogView, checks: CheckMark[]): void {
  let lost = 0;
  for (const c of checks) {
    const seg = segmentAt(view, c.o);
    if (!seg) continue;
    const have = seg.start + seg.size - c.o;
    if (have < c.n) lost = Math.max(lost, c.o + c.n - (seg.start + seg.size));
  }
  if (lost > 0) view.damage.push(`truncated: ${lost} bytes written before the crash are gone`);
}

async function verifyChecksums(view: LogView, checks: CheckMark[]): Promise<void> {
  let badBytes = 0;
  let first = -1;
  // Each segment is read once, whole (8 MiB by default), not once per batch record:
  // a busy pane writes four records a second, hundreds of thousands in a day.
  let loaded: { seg: SegmentInfo; data: Buffer | undefined } | undefined;
  for (const c of checks.sort((a, b) => a.o - b.o)) {
    const seg = segmentAt(view, c.o);
    if (!seg || c.n > MAX_CHECK_BYTES) continue;
    const n = Math.min(c.n, seg.start + seg.size - c.o);
    if (n < c.n) continue; // truncated: reported by checkLengths
    if (loaded?.seg !== seg) loaded = { seg, data: await readAt(seg.file, 0, seg.size) };
    const at = c.o - seg.start;
    const buf = loaded.data && loaded.data.length >= at + n ? loaded.data.subarray(at, at + n) : undefined;
    if (!buf || crc32(buf) !== c.c) {
      badBytes += n;
      if (first < 0) first = c.o;
    }
  }
  if (badBytes > 0) view.damage.push(`${badBytes} bytes from offset ${first} on fail their checksum (garbage on disk); shown as they are`);
}

function segmentAt(view: LogView, offset: number): SegmentInfo | undefined {
  let lo = 0;
  let hi = view.segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = view.segments[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.start + s.size) lo = mid + 1;
    else return s;
  }
  return undefined;
}

async function readAt(file: string, position: number, length: number): Promise<Buffer | undefined> {
  let fh: fs.promises.FileHandle | undefined;
  try {
    fh = await fs.promises.open(file, 'r');
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/**
 * The bytes of [from, to), in order, in chunks of at most `chunkBytes`, each with
 * its stream offset. Holes (missing segments) are skipped; unreadable files end
 * the range early rather than throw.
 */
export async function* readRange(
  view: LogView,
  from: number,
  to: number,
  chunkBytes = 64 * 1024,
): AsyncGenerator<{ offset: number; data: Buffer }> {
  for (const seg of view.segments) {
    const lo = Math.max(from, seg.start);
    const hi = Math.min(to, seg.start + seg.size);
    if (lo >= hi) continue;
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(seg.file, 'r');
    } catch {
      return;
    }
    try {
      for (let pos = lo; pos < hi; ) {
        const want = Math.min(chunkBytes, hi - pos);
        const buf = Buffer.allocUnsafe(want);
        const { bytesRead } = await fh.read(buf, 0, want, pos - seg.start);
        if (bytesRead === 0) break;
        yield { offset: pos, data: bytesRead === want ? buf : buf.subarray(0, bytesRead) };
        pos += bytesRead;
      }
    } catch {
      return;
    } finally {
      await fh.close().catch(() => undefined);
    }
  }
}

/** The pane size in force at `offset`: the last size mark at or before it, else the first one. */
export function sizeAt(view: LogView, offset: number): { cols: number; rows: number } | undefined {
  let found: SizeMark | undefined = view.sizes[0];
  for (const s of view.sizes) {
    if (s.o > offset) break;
    found = s;
  }
  return found ? { cols: found.w, rows: found.h } : undefined;
}
