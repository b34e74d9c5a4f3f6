/**
 * The durable-history settings of the user's config file ($SPACES_HOME/config.json,
 * else ~/.config/spaces/config.json; agents/config.ts reads the rest of it). Read
 * once when the daemon starts, since they shape every pane's log. Pure: parsing
 * never throws; a bad value falls back to its default and yields a problem line
 * for the daemon log, so a typo can never keep sessions from starting or coming back.
 *
 * {
 *   "history": { "log": true, "max-bytes-per-pane": "128M", "segment-bytes": "8M" },
 *   "resurrect": { "auto": false }
 * }
 */

export interface HistoryConfig {
  /** Write each pane's output log. Off only to measure what durability costs. */
  log: boolean;
  /** Output kept on disk per pane; the oldest segment is deleted past this. */
  maxBytesPerPane: number;
  /** Size of one log file; history is dropped a segment at a time. */
  segmentBytes: number;
  /** Resurrect every resurrectable session when the daemon starts. */
  autoResurrect: boolean;
}

/**
 * An agent working flat out writes 1-2 KB/s (text plus spinner and status-line
 * redraws), so 128 MiB keeps a day or two of non-stop work and a week of ordinary
 * use, while twenty panes stay under 3 GB of disk.
 */
export const DEFAULT_MAX_BYTES_PER_PANE = 128 * 1024 * 1024;
/**
 * Sixteen segments of 8 MiB: dropping the oldest loses 6% of the history at a
 * time, and one segment is read in a few milliseconds.
 */
export const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;
/** Smaller segments only multiply files; tests use this to exercise rotation. */
export const MIN_SEGMENT_BYTES = 4096;
/** At most this many segments per pane, whatever the settings: a directory of a million files helps nobody. */
export const MAX_SEGMENTS = 1024;

export const DEFAULT_HISTORY_CONFIG: HistoryConfig = {
  log: true,
  maxBytesPerPane: DEFAULT_MAX_BYTES_PER_PANE,
  segmentBytes: DEFAULT_SEGMENT_BYTES,
  autoResurrect: false,
};

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*([KMG]?)i?B?$/i;
const SIZE_UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** `1048576`, `"512K"`, `"128M"`, `"1G"` -> bytes; null if unreadable. */
export function parseSize(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.floor(v) : null;
  if (typeof v !== 'string') return null;
  const m = SIZE_RE.exec(v.trim());
  return m ? Math.floor(Number(m[1]) * SIZE_UNIT[m[2].toUpperCase()]) : null;
}

export interface ParsedHistoryConfig {
  config: HistoryConfig;
  problems: string[];
}

/**
 * `text`: the config file's contents (undefined when there is none). `env`:
 * SPACES_HISTORY=off turns the output log off (benchmarks), =on forces it on.
 */
export function parseHistoryConfig(text: string | undefined, env: NodeJS.ProcessEnv, where = 'config.json'): ParsedHistoryConfig {
  const config = { ...DEFAULT_HISTORY_CONFIG };
  const problems: string[] = [];
  let raw: Record<string, unknown> = {};
  if (text !== undefined && text.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
      else problems.push(`${where}: expected a JSON object; using defaults`);
    } catch (e) {
      problems.push(`${where}: not valid JSON (${(e as Error).message}); using defaults`);
    }
  }
  const history = section(raw, 'history', where, problems);
  const resurrect = section(raw, 'resurrect', where, problems);
  if (history.log !== undefined) {
    if (typeof history.log === 'boolean') config.log = history.log;
    else problems.push(`${where}: history.log must be true or false`);
  }
  for (const [key, field] of [['max-bytes-per-pane', 'maxBytesPerPane'], ['segment-bytes', 'segmentBytes']] as const) {
    if (history[key] === undefined) continue;
    const n = parseSize(history[key]);
    if (n === null || n < MIN_SEGMENT_BYTES) problems.push(`${where}: history.${key} must be a size of at least ${MIN_SEGMENT_BYTES} bytes, e.g. "64M"`);
    else config[field] = n;
  }
  if (resurrect.auto !== undefined) {
    if (typeof resurrect.auto === 'boolean') config.autoResurrect = resurrect.auto;
    else problems.push(`${where}: resurrect.auto must be true or false`);
  }
  const sw = env.SPACES_HISTORY?.toLowerCase();
  if (sw === 'off' || sw === '0' || sw === 'false') config.log = false;
  else if (sw === 'on' || sw === '1' || sw === 'true') config.log = true;
  else if (sw) problems.push(`SPACES_HISTORY='${env.SPACES_HISTORY}' is neither on nor off; ignored`);
  config.segmentBytes = Math.min(config.segmentBytes, config.maxBytesPerPane);
  config.segmentBytes = Math.max(config.segmentBytes, Math.ceil(config.maxBytesPerPane / MAX_SEGMENTS), MIN_SEGMENT_BYTES);
  return { config, problems };
}

function section(raw: Record<string, unknown>, key: string, where: string, problems: string[]): Record<string, unknown> {
  const v = raw[key];
  if (v === undefined) return {};
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  problems.push(`${where}: "${key}" must be an object`);
  return {};
}
