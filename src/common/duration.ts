/**
 * Durations as people type them on the command line: `90s`, `5m`, `1h30m`, `2d`.
 * A bare number means seconds, like `wait --timeout`.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;

/** Longer than any history (and "now minus it" is still a date): 100 years. */
const MAX_DURATION_MS = 36_500 * UNIT_MS.d;

/** Milliseconds, or a message saying what is wrong with `text`. */
export function parseDuration(text: string): number | string {
  const t = text.trim();
  const bad = `'${text}' is not a duration; use e.g. 90s, 5m, 1h30m or 2d`;
  if (/^\d+(\.\d+)?$/.test(t)) return bounded(text, Math.round(Number(t) * 1000));
  if (t === '') return bad;
  let total = 0;
  PART_RE.lastIndex = 0;
  let end = 0;
  for (let m = PART_RE.exec(t); m; m = PART_RE.exec(t)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    end = PART_RE.lastIndex;
  }
  if (end !== t.length) return bad;
  return bounded(text, Math.round(total));
}

function bounded(text: string, ms: number): number | string {
  return ms <= MAX_DURATION_MS ? ms : `'${text}' is too long; at most 36500d (100 years)`;
}
