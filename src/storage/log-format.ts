/**
 * The on-disk format of a pane's output log. Pure: names and index records only.
 *
 * A pane's log is a directory of segments. Segment `<start>.log` holds the exact
 * bytes the program wrote from stream offset `<start>` (16 decimal digits, so
 * names sort in stream order) up to the next segment's start. Offsets count every
 * byte the pane ever produced, so they stay stable when old segments are deleted.
 *
 * Next to it, `<start>.idx` holds one JSON object per line about that segment:
 *   {"o":1234,"t":1700000000000}                 bytes from offset o on arrived at time t (ms)
 *   {"o":1234,"t":1700000000000,"w":120,"h":40}  the pane was resized to w x h at offset o
 *   {"o":1234,"n":65536,"c":305419896}           CRC-32 of the n bytes written from offset o
 * JSON lines because the index is small (a few records a second at most) and a
 * torn last line, or garbage, costs only that line: each line stands alone.
 */

export const SEGMENT_DIGITS = 16;
const SEGMENT_RE = /^(\d{16})\.log$/;

export function segmentName(start: number): string {
  return `${String(start).padStart(SEGMENT_DIGITS, '0')}.log`;
}

export function indexName(start: number): string {
  return `${String(start).padStart(SEGMENT_DIGITS, '0')}.idx`;
}

/** The start offset named by a segment file, or null for any other file. */
export function parseSegmentName(file: string): number | null {
  const m = SEGMENT_RE.exec(file);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

export interface TimeMark {
  o: number;
  t: number;
}

export interface SizeMark extends TimeMark {
  w: number;
  h: number;
}

export interface CheckMark {
  o: number;
  n: number;
  c: number;
}

export type IndexRecord = TimeMark | SizeMark | CheckMark;

export function encodeRecord(r: IndexRecord): string {
  return `${JSON.stringify(r)}\n`;
}

export interface ParsedIndex {
  times: TimeMark[];
  sizes: SizeMark[];
  checks: CheckMark[];
  /** Lines that are not a record we understand (torn or garbage). */
  bad: number;
}

/** Terminals never get bigger than this; anything larger is garbage. */
const MAX_DIMENSION = 10_000;

const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Reads an index file's text. A last line without its newline was torn by a crash
 * and is not counted as bad: it is what a crash normally leaves.
 */
export function parseIndex(text: string): ParsedIndex {
  const out: ParsedIndex = { times: [], sizes: [], checks: [], bad: 0 };
  const lines = text.split('\n');
  lines.pop();
  for (const line of lines) {
    if (line === '') continue;
    let r: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(line);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      r = v as Record<string, unknown>;
    } catch {
      out.bad++;
      continue;
    }
    if (!isOffset(r.o)) {
      out.bad++;
    } else if (isOffset(r.n) && typeof r.c === 'number' && Number.isInteger(r.c) && r.c >= 0 && r.c <= 0xffffffff) {
      out.checks.push({ o: r.o, n: r.n, c: r.c });
    } else if (typeof r.t === 'number' && Number.isFinite(r.t) && r.t >= 0) {
      if (r.w === undefined && r.h === undefined) out.times.push({ o: r.o, t: r.t });
      else if (isDimension(r.w) && isDimension(r.h)) {
        // A size mark is a time mark too (the writer counts it as one).
        out.sizes.push({ o: r.o, t: r.t, w: r.w, h: r.h });
        out.times.push({ o: r.o, t: r.t });
      } else out.bad++;
    } else {
      out.bad++;
    }
  }
  return out;
}

function isDimension(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_DIMENSION;
}

/**
 * Where output from time `t` on begins. `times` must be sorted by offset. A time
 * mark is written for the first chunk after a quiet spell of `granularity` ms, so
 * every byte between two marks arrived within `granularity` of the first: the
 * answer includes at most that much earlier output, and never misses any.
 */
export function offsetAtTime(times: TimeMark[], t: number, granularity: number, end: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid].t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return times.length > 0 ? times[0].o : end;
  if (t - times[found].t >= granularity) return found + 1 < times.length ? times[found + 1].o : end;
  return times[found].o;
}

/** When the byte at `offset` arrived (to the granularity of the marks); undefined before the first mark. */
export function timeAtOffset(times: TimeMark[], offset: number): number | undefined {
  let lo = 0;
  let hi = times.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid].o <= offset) {
      found = times[mid].t;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
