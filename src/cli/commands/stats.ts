import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseDuration } from '../../common/duration';
import { printableJson } from '../../common/printable';
import { journalFile, parseJournal, summarize } from '../../common/journal';
import { resolvePaths } from '../../common/paths';
import { formatStats } from '../../render/stats-format';
import { EXIT_OK, printError, writeOut } from '../io';
import type { CommandSpec } from '../spec';

/** A week: long enough to see habits, short enough to reflect the current setup. */
const DEFAULT_SINCE = '7d';

export const statsCommand: CommandSpec = {
  name: 'stats',
  summary: 'overhead figures: sessions started, resurrections, attaches, detaches, client losses, gaps, time to first paint',
  details: 'Read from the event journal ($SPACES_HOME/events.jsonl); the daemon need not run.',
  options: [
    { flags: '--since <age>', description: `how far back: 90s, 30m, 12h, 7d, 4w, or all (default ${DEFAULT_SINCE})` },
    { flags: '--json', description: 'print the figures as JSON' },
  ],
  async run(_operands, opts) {
    const sinceText = typeof opts.since === 'string' ? opts.since : DEFAULT_SINCE;
    const now = Date.now();
    let since = 0;
    if (sinceText !== 'all') {
      // The same durations as grep and replay take (1h30m, a bare 90 for seconds).
      const d = parseDuration(sinceText);
      if (typeof d === 'string') return printError(`--since: ${d}; or --since all`);
      since = now - d;
    }
    const file = journalFile(resolvePaths(process.env, os.homedir()));
    let text = '';
    for (const f of [`${file}.1`, file]) {
      try {
        text += fs.readFileSync(f, 'utf8') + '\n';
      } catch {
        // Not written yet.
      }
    }
    const stats = summarize(parseJournal(text), since, now);
    if (opts.json) await writeOut(printableJson(stats) + '\n');
    else await writeOut(formatStats(stats, sinceText === 'all' ? 'the beginning' : `${sinceText} ago (${new Date(since).toISOString()})`));
    return EXIT_OK;
  },
};
