/**
 * Durations as people type them on the command line: `90s`, `5m`, `1h30m`, `2d`.
 * A bare number means seconds, like `wait --timeout`.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;

/** Milliseconds, or a message saying what is wrong with `text`. */
export function parseDuration(text: string): number | string {
  const t = text.trim();
  const bad = `'${text}' is not a duration; use e.g. 90s, 5m, 1h30m or 2d`;
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (t === '') return bad;
  let total = 0;
  PART_RE.lastIndex = 0;
  let end = 0;
  for (let m = PART_RE.exec(t); m; m = PART_RE.exec(t)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    end = PART_RE.lastIndex;
  }
  if (end !== t.length) return bad;
  return Math.round(total);
}
