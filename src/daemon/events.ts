/**
 * The daemon's side of the event journal (`common/journal.ts`): `recordEvent`
 * appends one line. Callers anywhere in the daemon (`new`, resurrection, and the
 * attach client's connection code) call it without holding a handle; the
 * composition root points it at the file once at start-up. Before that (unit
 * tests of other modules) it records nothing. Writing never throws: losing a
 * statistic must not cost a session.
 */
import * as fs from 'node:fs';
import type { JournalEvent } from '../common/journal';
import { PRIVATE_FILE_MODE } from '../platform/private-dir';

/**
 * Rotate past this size, keeping one old file: an event is under 200 bytes, so
 * this holds tens of thousands of events (months of use), and `stats` reads both.
 */
export const MAX_JOURNAL_BYTES = 4 * 1024 * 1024;

let journal: { file: string; clock: () => number; onError: (e: Error) => void } | undefined;

export function configureJournal(file: string, clock: () => number = Date.now, onError: (e: Error) => void = () => undefined): void {
  journal = { file, clock, onError };
}

export function recordEvent(event: JournalEvent): void {
  if (!journal) return;
  const { file, clock, onError } = journal;
  try {
    try {
      if (fs.statSync(file).size > MAX_JOURNAL_BYTES) fs.renameSync(file, `${file}.1`);
    } catch {
      // No journal yet.
    }
    const record: Record<string, unknown> = { t: clock(), ...event };
    for (const k of Object.keys(record)) if (record[k] === undefined) delete record[k];
    // One write with O_APPEND: a line is never torn by a concurrent writer.
    fs.appendFileSync(file, JSON.stringify(record) + '\n', { mode: PRIVATE_FILE_MODE });
  } catch (e) {
    onError(e as Error);
  }
}
