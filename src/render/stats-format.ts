/**
 * What `spaces stats` prints. Figures that only the attach client can record
 * say so instead of showing a misleading zero.
 */
import type { Distribution, Stats } from '../common/journal';

function ms(v: number | undefined): string {
  if (v === undefined) return '-';
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 120_000) return `${(v / 1000).toFixed(1)} s`;
  if (v < 7_200_000) return `${Math.round(v / 60_000)} min`;
  return `${(v / 3_600_000).toFixed(1)} h`;
}

function dist(d: Distribution): string {
  if (d.count === 0) return 'none';
  return `${d.count}: median ${ms(d.medianMs)}, p90 ${ms(d.p90Ms)}, max ${ms(d.maxMs)}`;
}

export function formatStats(s: Stats, sinceLabel: string): string {
  const agents = Object.entries(s.byAgent)
    .sort((a, b) => b[1] - a[1])
    .map(([a, n]) => `${a === '-' ? 'plain commands' : a} ${n}`)
    .join(', ');
  const pending = s.attachRecorded ? '' : '  (not recorded yet: these come from `spaces attach`)';
  const rows: Array<[string, string]> = [
    ['sessions started', `${s.sessionsStarted}${agents ? ` (${agents})` : ''}`],
    ['resurrections', String(s.resurrections)],
    ['attaches', `${s.attaches} (${s.reattaches} reattaches)${pending}`],
    ['detaches', `${s.detaches}${pending}`],
    ['client losses', `${s.clientLosses}${pending}`],
    ['gaps (time away)', `${dist(s.gaps)}${pending}`],
    ['attach to first paint', `${dist(s.firstPaint)}${pending}`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  return `since ${sinceLabel}\n` + rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}
