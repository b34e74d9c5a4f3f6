/**
 * The event journal: one JSON object per line in $SPACES_HOME/events.jsonl
 * (append-only; rotated to events.jsonl.1 past a size), recording the moments
 * `spaces stats` reports on. The daemon writes it (`daemon/events.ts`); the CLI
 * reads it without the daemon. Pure: the event shapes, parsing, and the summary.
 *
 * Who records what:
 * - session-started     `new` (daemon/handlers.ts)
 * - session-resurrected resurrection after a daemon restart (durable history calls recordEvent)
 * - attach / detach / client-lost / first-paint   daemon/attached-client.ts; first-paint
 *   is timed from the attach request to the client acknowledging its first painted frame
 * Gap lengths and reattaches are derived: a gap is the time from a session's
 * detach (or client loss) to its next attach.
 */
import * as path from 'node:path';
import type { SpacesPaths } from './paths';

export type JournalEvent =
  | { e: 'session-started'; session: string; agent?: string }
  | { e: 'session-resurrected'; session: string; agent?: string }
  | { e: 'attach'; session: string; client: number }
  /** `ms`: how long the client was attached. */
  | { e: 'detach'; session: string; client: number; ms?: number }
  /** A client vanished without detaching (killed terminal, dropped link). */
  | { e: 'client-lost'; session: string; client: number; ms?: number }
  /** `ms`: from the attach request to the first frame written to the client. */
  | { e: 'first-paint'; session: string; client: number; ms: number };

export type JournalRecord = JournalEvent & { t: number };

export const EVENT_KINDS = ['session-started', 'session-resurrected', 'attach', 'detach', 'client-lost', 'first-paint'] as const;

export function journalFile(paths: SpacesPaths): string {
  return path.join(paths.home, 'events.jsonl');
}

/** Parses journal text; lines that are not events (a torn last line, a newer kind) are skipped. */
export function parseJournal(text: string): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const r = v as Record<string, unknown>;
    if (typeof r.t !== 'number' || typeof r.session !== 'string' || !(EVENT_KINDS as readonly unknown[]).includes(r.e)) continue;
    if (r.e === 'first-paint' && typeof r.ms !== 'number') continue;
    out.push(r as unknown as JournalRecord);
  }
  return out;
}

export interface Distribution {
  count: number;
  medianMs?: number;
  p90Ms?: number;
  maxMs?: number;
}

export interface Stats {
  since: number;
  until: number;
  sessionsStarted: number;
  /** Sessions started per agent preset ("-" for plain commands). */
  byAgent: Record<string, number>;
  resurrections: number;
  attaches: number;
  /** Attaches to a session someone had detached from (or lost) before. */
  reattaches: number;
  detaches: number;
  clientLosses: number;
  /** Time away: from a detach or client loss to the next attach of that session. */
  gaps: Distribution;
  firstPaint: Distribution;
  /** False until the attach client records anything: its figures are then unknown, not zero. */
  attachRecorded: boolean;
}

/** Summarises the records with `since <= t <= until`. Gaps need the records before `since` too, so pass them all. */
export function summarize(records: JournalRecord[], since: number, until: number): Stats {
  const inRange = (t: number) => t >= since && t <= until;
  const s: Stats = {
    since,
    until,
    sessionsStarted: 0,
    byAgent: {},
    resurrections: 0,
    attaches: 0,
    reattaches: 0,
    detaches: 0,
    clientLosses: 0,
    gaps: { count: 0 },
    firstPaint: { count: 0 },
    attachRecorded: false,
  };
  const gaps: number[] = [];
  const paints: number[] = [];
  const leftAt = new Map<string, number>();
  const sorted = [...records].sort((a, b) => a.t - b.t);
  for (const r of sorted) {
    if (r.e === 'attach' || r.e === 'detach' || r.e === 'client-lost' || r.e === 'first-paint') s.attachRecorded = true;
    const counted = inRange(r.t);
    switch (r.e) {
      case 'session-started':
        // A new session of the same name starts a new history.
        leftAt.delete(r.session);
        if (counted) {
          s.sessionsStarted++;
          const a = r.agent ?? '-';
          s.byAgent[a] = (s.byAgent[a] ?? 0) + 1;
        }
        break;
      case 'session-resurrected':
        if (counted) s.resurrections++;
        break;
      case 'attach': {
        const left = leftAt.get(r.session);
        if (counted) {
          s.attaches++;
          if (left !== undefined) {
            s.reattaches++;
            gaps.push(r.t - left);
          }
        }
        leftAt.delete(r.session);
        break;
      }
      case 'detach':
      case 'client-lost':
        leftAt.set(r.session, r.t);
        if (counted) {
          if (r.e === 'detach') s.detaches++;
          else s.clientLosses++;
        }
        break;
      case 'first-paint':
        if (counted) paints.push(r.ms);
        break;
    }
  }
  s.gaps = distribution(gaps);
  s.firstPaint = distribution(paints);
  return s;
}

function distribution(values: number[]): Distribution {
  if (values.length === 0) return { count: 0 };
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  return { count: v.length, medianMs: at(0.5), p90Ms: at(0.9), maxMs: v[v.length - 1] };
}

