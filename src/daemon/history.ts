/**
 * Reading a pane's past from its output log, for live and resurrectable panes
 * alike: which byte range a request means, and streaming that range to a client
 * as rendered rows or raw bytes.
 */
import { rowText, Row } from '../common/cells';
import { fail, ok, Result } from '../common/errors';
import { packScratch, unpackScratch } from '../protocol/codec';
import { LIMITS, Snapshot } from '../protocol/messages';
import { offsetAtTime } from '../storage/log-format';
import { LogView, readRange, scanLog } from '../storage/log-reader';
import { TIME_MARK_MS } from '../storage/log-writer';
import { renderLog } from './log-render';
import type { Pane } from './pane';
import type { HistoryTarget } from './registry';

/** Sends one push; resolves false once the client is gone (then the stream stops). */
export type Pusher = (rows: Row[]) => Promise<boolean>;

/** The log of a history target, complete up to now (a live pane's pending output is written first). */
export async function openHistory(t: HistoryTarget): Promise<Result<LogView>> {
  if (t.kind === 'dormant') {
    await t.session.scanned();
    return ok(t.pane.view ?? (await scanLog(t.pane.logDir)));
  }
  const log = t.pane.log;
  if (!log) return fail('not-found', `${t.label} keeps no output log (history logging is off: see "history.log" in config.json or SPACES_HISTORY)`);
  await log.flush();
  return ok(await scanLog(log.dir));
}

/**
 * Whether `capture` must read the log: more history was asked for than the screen
 * holds, and the log has more (lines were trimmed from memory, the pane was
 * resurrected with only the tail of its past, or the alternate screen hides it).
 */
export function captureNeedsLog(pane: Pane, scrollback: number): boolean {
  if (!pane.log || scrollback === 0) return false;
  const screen = pane.screen;
  if (scrollback > 0 && scrollback <= screen.historyLength) return false;
  return screen.trimmedLines > 0 || pane.log.openedAt > 0 || screen.modes().altScreen;
}

/**
 * A capture rendered from the whole log: history rows are pushed (the last
 * `scrollback` of them, or all when -1), the final screen is the reply.
 */
export async function captureFromLog(
  view: LogView,
  scrollback: number,
  fallback: { cols: number; rows: number },
  push: Pusher,
): Promise<Snapshot> {
  const keep = scrollback < 0 ? Infinity : scrollback;
  const tail = keep === Infinity ? undefined : new PackedTail(keep);
  let held: Row[] = [];
  let streamed = 0;
  let open = true;
  const send = async (rows: Row[]) => {
    for (let i = 0; i < rows.length && open; i += LIMITS.maxPushRows) {
      const part = rows.slice(i, i + LIMITS.maxPushRows);
      open = await push(part);
      if (open) streamed += part.length;
    }
  };
  const r = await renderLog(view, {
    from: view.start,
    to: view.end,
    fallback,
    cancelled: () => !open,
    onHistory: async (rows) => {
      if (keep === 0) return; // the screen alone (the reply)
      if (tail) return tail.add(rows);
      for (const row of rows) held.push(row);
      if (held.length >= LIMITS.maxPushRows) {
        const full = held.length - (held.length % LIMITS.maxPushRows);
        await send(held.slice(0, full));
        held = held.slice(full);
      }
    },
  });
  await send(tail ? tail.rows() : held);
  return { cols: r.cols, rows: r.rows, cursor: r.cursor, lines: r.screen, historyLines: 0, streamed };
}

/**
 * The last `keep` of a stream of rows, packed one buffer per batch. Held as
 * objects, every row of a long log lived long enough to be promoted and traced:
 * garbage collection took 4.5 s of an 8 s `capture -S 50000` over 300,000 lines.
 */
class PackedTail {
  private readonly batches: Array<{ count: number; data: Buffer }> = [];
  private count = 0;

  constructor(private readonly keep: number) {}

  add(rows: Row[]): void {
    if (rows.length === 0) return;
    this.batches.push({ count: rows.length, data: packScratch(rows) });
    this.count += rows.length;
    // The oldest batch goes once the others hold `keep` rows without it.
    while (this.count - this.batches[0].count >= this.keep) this.count -= this.batches.shift()!.count;
  }

  rows(): Row[] {
    const all = this.batches.flatMap((b) => unpackScratch<Row[]>(b.data));
    // Not slice(-keep): with keep 0 that would be everything.
    return all.slice(Math.max(0, all.length - this.keep));
  }
}

export interface ReplayWindow {
  from: number;
  to: number;
  note?: string;
}

export interface Marks {
  lastAttached?: number;
  lastDetached?: number;
  attachedAt?: number;
  detachedAt?: number;
}

/**
 * The byte range a replay asks for. `sinceDetach`: from the last detach to the
 * attach that ended that absence (or to now, if nobody came back): exactly what
 * happened while nobody watched.
 */
export function replayWindow(view: LogView, req: { since?: number; sinceDetach?: boolean }, marks: Marks): ReplayWindow {
  const clamp = (o: number) => Math.max(view.start, Math.min(o, view.end));
  if (req.sinceDetach) {
    if (marks.detachedAt === undefined) return { from: view.end, to: view.end, note: 'no detach has been recorded for this pane yet' };
    const back = marks.lastAttached !== undefined && marks.lastDetached !== undefined && marks.lastAttached >= marks.lastDetached;
    const to = back && marks.attachedAt !== undefined && marks.attachedAt >= marks.detachedAt ? marks.attachedAt : view.end;
    const note = marks.detachedAt < view.start ? 'the oldest part of this absence was already rotated out of the log' : undefined;
    return { from: clamp(marks.detachedAt), to: clamp(to), note };
  }
  if (req.since !== undefined) return { from: clamp(offsetAtTime(view.times, req.since, TIME_MARK_MS, view.end)), to: view.end };
  return { from: view.start, to: view.end };
}

/** Renders [from, to) and pushes every line, ending at the last non-blank one; returns how many. */
export async function replayRendered(
  view: LogView,
  w: ReplayWindow,
  fallback: { cols: number; rows: number },
  push: Pusher,
): Promise<number> {
  if (w.from >= w.to) return 0;
  let count = 0;
  let open = true;
  const send = async (rows: Row[]) => {
    for (let i = 0; i < rows.length && open; i += LIMITS.maxPushRows) {
      open = await push(rows.slice(i, i + LIMITS.maxPushRows));
    }
    count += rows.length;
  };
  const r = await renderLog(view, { from: w.from, to: w.to, fallback, onHistory: send, cancelled: () => !open });
  let last = r.screen.length;
  while (last > 0 && rowText(r.screen[last - 1]) === '') last--;
  await send(r.screen.slice(0, last));
  return count;
}

/** Pushes the exact bytes of [from, to). */
export async function replayRaw(view: LogView, w: ReplayWindow, push: (data: Buffer) => Promise<boolean>): Promise<void> {
  for await (const { data } of readRange(view, w.from, w.to, LIMITS.maxPushBytes)) {
    if (!(await push(data))) return;
  }
}
