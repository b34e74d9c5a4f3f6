/**
 * Writes one pane's output log (format: log-format.ts). The hot path, `append`,
 * only keeps a reference to the chunk the PTY gave us and maybe notes the time;
 * the bytes reach the disk in one `writev` per batch at most FLUSH_INTERVAL_MS
 * after they arrived (so a `kill -9` of the daemon loses at most that much), and
 * at once when a batch reaches FLUSH_BYTES; they are forced to the disk within
 * DISK_SYNC_INTERVAL_MS (what a power cut can lose). Small batches into an open segment
 * are written in place (see SYNC_WRITE_BYTES); the rest off the event loop.
 *
 * Disk trouble (full disk, a deleted directory) never reaches the pane: the batch
 * is dropped, the problem reported once, and the next batch starts a new segment
 * at its true stream offset, so readers see the hole instead of shifted history.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../platform/private-dir';
import { encodeRecord, indexName, IndexRecord, parseSegmentName, segmentName } from './log-format';

/** Pending output reaches the disk this soon: well inside the "about a second" we promise. */
export const FLUSH_INTERVAL_MS = 250;
/** A flood is written in batches of this size: big writes are cheap, and memory stays bounded. */
export const FLUSH_BYTES = 1024 * 1024;
/**
 * A time mark is recorded for the first chunk after this much quiet: fine enough
 * for `--since 10s`, and at most four small index lines a second under a flood.
 */
export const TIME_MARK_MS = 250;
/**
 * Batches up to this size are written synchronously: a few KB into the page cache
 * cost microseconds, while each trip through libuv's thread pool costs two
 * cross-thread wake-ups. With 30 chatty agents (120 batches a second) those
 * wake-ups were a third of the daemon's CPU. Bigger batches (a flood, which the
 * disk may throttle) still go to the thread pool, so a slow disk never stalls the
 * event loop for long.
 */
export const SYNC_WRITE_BYTES = 64 * 1024;
/**
 * A synchronous write slower than this means the disk pushes back (the kernel
 * throttling writers with too much unsaved data, a network home directory):
 * every pane then writes through the thread pool for SLOW_DISK_BACKOFF_MS, so the
 * event loop, and with it every session's keystrokes, never waits on the disk
 * twice in a row. Well above a scheduler time slice: on a busy 2-core machine a
 * write preempted halfway is not a slow disk (at 10 ms, 30 printing agents
 * tripped it often enough to give back most of what writing in place saves).
 */
export const SLOW_SYNC_WRITE_MS = 50;
export const SLOW_DISK_BACKOFF_MS = 10_000;
/**
 * Written output is forced from the page cache to the disk (fdatasync, in the
 * thread pool) at most this long after it was written, and when a segment is
 * closed. Without it, a power cut (a laptop whose battery ran out) loses what
 * the kernel had not written back yet: up to about 30 s by default on Linux.
 * One sync per busy pane every few seconds costs the event loop nothing.
 */
export const DISK_SYNC_INTERVAL_MS = 5000;

/**
 * Shared by every pane's writer: asynchronous batches in flight (a flood somewhere
 * fills the page cache, and may get the disk throttled), and until when the disk
 * was last seen slow. Either keeps small batches off the event loop too.
 */
const disk = { asyncInFlight: 0, slowUntil: 0 };

export interface LogLimits {
  segmentBytes: number;
  maxBytes: number;
}

interface Segment {
  start: number;
  size: number;
}

interface OpenSegment extends Segment {
  data: fs.promises.FileHandle;
  index: fs.promises.FileHandle;
}

export class LogWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private records: IndexRecord[] = [];
  private appended: number;
  private durable: number;
  /** The stream offset this writer started at: above 0, older output was already on disk (a resurrected pane). */
  readonly openedAt: number;
  /** Line feeds appended since this writer opened: "N lines since you left" is a subtraction. */
  lines = 0;
  private lastMark = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  /** Output written to the open segment since its last fdatasync (see DISK_SYNC_INTERVAL_MS). */
  private unsynced = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private writing = false;
  private closed = false;
  private current: OpenSegment | undefined;
  private readonly waiters: Array<{ offset: number; resolve: () => void }> = [];
  private readonly writtenListeners = new Set<(bytes: number) => void>();
  private reported = false;

  private constructor(
    readonly dir: string,
    private readonly limits: LogLimits,
    private readonly now: () => number,
    private readonly onProblem: (message: string) => void,
    /** Segments already on disk (oldest first), the last one possibly still being filled. */
    private readonly segments: Segment[],
  ) {
    const last = segments[segments.length - 1];
    this.appended = last ? last.start + last.size : 0;
    this.durable = this.appended;
    this.openedAt = this.appended;
  }

  /**
   * Opens the log in `dir`, creating it, or continuing after the last byte already
   * there (a resurrected pane keeps one history). Records the pane's size first.
   */
  static open(
    dir: string,
    limits: LogLimits,
    size: { cols: number; rows: number },
    now: () => number,
    onProblem: (message: string) => void,
  ): LogWriter {
    const segments: Segment[] = [];
    try {
      fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      for (const file of fs.readdirSync(dir).sort()) {
        const start = parseSegmentName(file);
        if (start === null) continue;
        segments.push({ start, size: fs.statSync(path.join(dir, file)).size });
      }
    } catch (e) {
      onProblem(`output log ${dir}: ${(e as Error).message}`);
    }
    const w = new LogWriter(dir, limits, now, onProblem, segments);
    w.resize(size.cols, size.rows);
    return w;
  }

  /** Stream offset just past the last byte appended (written or not). */
  get end(): number {
    return this.appended;
  }

  /** Bytes appended but not yet on disk. */
  get backlog(): number {
    return this.pendingBytes;
  }

  /** Called with a byte count each time a batch leaves memory (written or dropped). */
  onWritten(listener: (bytes: number) => void): void {
    this.writtenListeners.add(listener);
  }

  append(data: Buffer): void {
    if (this.closed || data.length === 0) return;
    const t = this.now();
    if (t - this.lastMark >= TIME_MARK_MS) this.markTime(t);
    for (let i = data.indexOf(0x0a); i >= 0; i = data.indexOf(0x0a, i + 1)) this.lines++;
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.appended += data.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.writeNow();
    else if (!this.timer) this.timer = setTimeout(() => this.writeNow(), FLUSH_INTERVAL_MS);
  }

  /** Records that the pane is now `cols` x `rows`, so replays wrap lines where the pane did. */
  resize(cols: number, rows: number): void {
    if (this.closed) return;
    const t = this.now();
    this.records.push({ o: this.appended, t, w: cols, h: rows });
    this.lastMark = t;
    this.schedule();
  }

  /** Notes the current time at the current end (a detach, say); returns that offset. */
  mark(): number {
    if (!this.closed) {
      this.markTime(this.now());
      this.schedule();
    }
    return this.appended;
  }

  /** Resolves once everything appended so far is on disk (or was dropped on an error). */
  flush(): Promise<void> {
    if (this.durable >= this.appended && this.records.length === 0) return Promise.resolve();
    const offset = this.appended;
    const done = new Promise<void>((resolve) => this.waiters.push({ offset, resolve }));
    this.writeNow();
    return done;
  }

  /** Flushes, then closes the files; later appends are ignored. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.closeCurrent();
  }

  /** Drops whatever is pending and closes the files (the log is being deleted). */
  async discard(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsynced = false; // the files are about to be deleted
    this.pending = [];
    this.pendingBytes = 0;
    this.records = [];
    if (!this.writing) await this.closeCurrent();
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private markTime(t: number): void {
    this.records.push({ o: this.appended, t });
    this.lastMark = t;
  }

  private schedule(): void {
    if (!this.timer) this.timer = setTimeout(() => this.writeNow(), FLUSH_INTERVAL_MS);
  }

  private writeNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.writing) return;
    if (this.pendingBytes === 0 && this.records.length === 0) return;
    const bufs = this.pending;
    const bytes = this.pendingBytes;
    const records = this.records;
    const from = this.appended - bytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.records = [];
    if (this.writeInPlace(bufs, from, bytes, records)) {
      this.batchDone(from, bytes);
      return;
    }
    this.writing = true;
    disk.asyncInFlight++;
    void this.writeBatch(bufs, from, records)
      .catch((e: Error) => this.problem(`output log ${this.dir}: ${e.message}; ${bytes} bytes of output were not saved`))
      .finally(() => {
        this.writing = false;
        disk.asyncInFlight--;
        if (this.closed) void this.closeCurrent();
        this.batchDone(from, bytes);
      });
  }

  /** A batch left memory (written, or dropped on an error): wake whoever waits on it, and go on. */
  private batchDone(from: number, bytes: number): void {
    this.durable = from + bytes;
    if (bytes > 0 && this.current) {
      this.unsynced = true;
      if (!this.syncTimer) this.syncTimer = setTimeout(() => this.syncToDisk(), DISK_SYNC_INTERVAL_MS).unref();
    }
    for (const l of this.writtenListeners) l(bytes);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].offset <= this.durable) this.waiters.splice(i, 1)[0].resolve();
    }
    if (this.pendingBytes >= FLUSH_BYTES || this.waiters.length > 0) this.writeNow();
    else if (this.pendingBytes > 0 || this.records.length > 0) this.schedule();
  }

  /**
   * Writes a small batch synchronously when it fits the open segment (see
   * SYNC_WRITE_BYTES); returns false, having written nothing, when it must go the
   * asynchronous way (no open segment, a rotation, a big batch).
   */
  private writeInPlace(bufs: Buffer[], from: number, bytes: number, records: IndexRecord[]): boolean {
    const seg = this.current;
    if (!seg || bytes > SYNC_WRITE_BYTES || seg.start + seg.size !== from || seg.size + bytes > this.limits.segmentBytes) return false;
    const began = this.now();
    if (disk.asyncInFlight > 0 || began < disk.slowUntil) return false;
    try {
      if (bytes > 0) writeAllSync(seg.data.fd, bufs);
      let crc = 0;
      for (const b of bufs) crc = crc32(b, crc);
      // The same order as writeBatch: marks inside the data, the data's record, marks at its end.
      const end = from + bytes;
      const inside = records.filter((r) => r.o < end).map(encodeRecord).join('');
      const after = records.filter((r) => r.o >= end).map(encodeRecord).join('');
      fs.writeSync(seg.index.fd, inside + (bytes > 0 ? encodeRecord({ o: from, n: bytes, c: crc }) : '') + after);
      seg.size += bytes;
    } catch (e) {
      this.problem(`output log ${this.dir}: ${(e as Error).message}; ${bytes} bytes of output were not saved`);
      // Part of the batch may have reached the file: cut it back to what the index
      // covers, then start afresh at the next batch's offset (a visible gap).
      try {
        fs.ftruncateSync(seg.data.fd, seg.size);
      } catch {
        // Readers ignore bytes no index line covers.
      }
      void this.closeCurrent();
    }
    const ended = this.now();
    if (ended - began > SLOW_SYNC_WRITE_MS) disk.slowUntil = ended + SLOW_DISK_BACKOFF_MS;
    return true;
  }

  /** Writes `bufs` (starting at stream offset `from`) across as many segments as they fill. */
  private async writeBatch(bufs: Buffer[], from: number, records: IndexRecord[]): Promise<void> {
    let offset = from;
    let i = 0;
    let rest: Buffer | undefined = bufs[0];
    try {
      while (rest) {
        const seg = await this.segmentFor(offset);
        const room = this.limits.segmentBytes - seg.size;
        const pieces: Buffer[] = [];
        let len = 0;
        while (rest && len < room) {
          const take: Buffer = rest.length <= room - len ? rest : rest.subarray(0, room - len);
          pieces.push(take);
          len += take.length;
          rest = take.length < rest.length ? rest.subarray(take.length) : bufs[++i];
        }
        await writeAll(seg.data, pieces);
        let crc = 0;
        for (const p of pieces) crc = crc32(p, crc);
        const mine = records.filter((r) => r.o >= offset && r.o < offset + len);
        await seg.index.write(mine.map(encodeRecord).join('') + encodeRecord({ o: offset, n: len, c: crc }));
        seg.size += len;
        offset += len;
      }
      const trailing = records.filter((r) => r.o >= offset);
      if (trailing.length > 0) await (await this.segmentFor(offset, true)).index.write(trailing.map(encodeRecord).join(''));
    } catch (e) {
      // Start afresh at the next batch's offset; the bytes lost here become a visible gap.
      await this.closeCurrent();
      throw e;
    }
  }

  /** The open segment that the byte at `offset` goes into, rotating when the current one is full. */
  private async segmentFor(offset: number, evenIfFull = false): Promise<OpenSegment> {
    const cur = this.current;
    if (cur && cur.start + cur.size === offset && (evenIfFull || cur.size < this.limits.segmentBytes)) return cur;
    await this.closeCurrent();
    const last = this.segments[this.segments.length - 1];
    let seg: Segment;
    if (last && last.start + last.size === offset && (evenIfFull || last.size < this.limits.segmentBytes)) {
      seg = last;
    } else {
      seg = { start: offset, size: 0 };
      this.segments.push(seg);
    }
    const data = await fs.promises.open(path.join(this.dir, segmentName(seg.start)), 'a', PRIVATE_FILE_MODE);
    let index: fs.promises.FileHandle;
    try {
      index = await fs.promises.open(path.join(this.dir, indexName(seg.start)), 'a', PRIVATE_FILE_MODE);
    } catch (e) {
      await data.close().catch(() => undefined);
      throw e;
    }
    this.current = Object.assign(seg, { data, index });
    await this.enforceCap();
    return this.current;
  }

  /** Deletes the oldest segments while the log is over its cap; the one being written always stays. */
  private async enforceCap(): Promise<void> {
    let total = this.segments.reduce((n, s) => n + s.size, 0) + this.limits.segmentBytes;
    while (this.segments.length > 1 && total > this.limits.maxBytes) {
      const old = this.segments.shift()!;
      total -= old.size;
      for (const f of [segmentName(old.start), indexName(old.start)]) {
        await fs.promises.unlink(path.join(this.dir, f)).catch(() => undefined);
      }
    }
  }

  /** Forces the open segment's written output to the disk, off the event loop. */
  private syncToDisk(): void {
    this.syncTimer = undefined;
    const cur = this.current;
    if (!cur || !this.unsynced) return;
    this.unsynced = false;
    // A FileHandle closes only after its pending operations, so a rotation meanwhile is safe.
    void syncSegment(cur);
  }

  private async closeCurrent(): Promise<void> {
    const cur = this.current;
    this.current = undefined;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    if (!cur) return;
    const sync = this.unsynced;
    this.unsynced = false;
    const closing = (async () => {
      if (sync) await syncSegment(cur);
      await cur.data.close().catch(() => undefined);
      await cur.index.close().catch(() => undefined);
    })();
    // A rotation goes on writing into the next segment meanwhile: syncing megabytes
    // on the write path held the pane back in a flood. Closing the log waits.
    if (this.closed) await closing;
  }

  private problem(message: string): void {
    // Once per writer: a full disk would otherwise fill the daemon log as well.
    if (this.reported) return;
    this.reported = true;
    this.onProblem(message);
  }
}

function writeAllSync(fd: number, pieces: Buffer[]): void {
  let bufs = pieces;
  while (bufs.length > 0) {
    const written = fs.writevSync(fd, bufs);
    // Never spin on the event loop: a file system that takes nothing is an error.
    if (written === 0) throw new Error('the file system accepted no bytes');
    bufs = unwritten(bufs, written);
  }
}

/** fdatasync of a segment's data and index; a failure only costs durability, never the pane. */
function syncSegment(seg: OpenSegment): Promise<unknown> {
  return Promise.all([seg.data.datasync(), seg.index.datasync()]).catch(() => undefined);
}

async function writeAll(fh: fs.promises.FileHandle, pieces: Buffer[]): Promise<void> {
  let bufs = pieces;
  for (;;) {
    const { bytesWritten } = await fh.writev(bufs);
    bufs = unwritten(bufs, bytesWritten);
    if (bufs.length === 0) return;
  }
}

/** What is left of `bufs` after a (possibly short) write of `written` bytes. */
function unwritten(bufs: Buffer[], written: number): Buffer[] {
  let left = written;
  const rest: Buffer[] = [];
  for (const b of bufs) {
    if (left >= b.length) left -= b.length;
    else {
      rest.push(left > 0 ? b.subarray(left) : b);
      left = 0;
    }
  }
  return rest;
}
