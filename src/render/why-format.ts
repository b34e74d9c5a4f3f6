/**
 * What `spaces why` prints: the state, the rule that decided it and when, the
 * screen lines it matched, then the earlier verdicts.
 */
import type { VerdictInfo, WhyReply } from '../protocol/messages';
import { printableLine } from '../common/printable';
import { ago } from './ls-format';

/** Wall-clock time with milliseconds: transitions are a fraction of a second apart. */
function stamp(t: number): string {
  const d = new Date(t);
  const p = (x: number, w = 2) => String(x).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

const RULES: Record<string, string> = {
  start: 'nothing printed yet',
  output: 'output is arriving',
  silence: 'output stopped',
  bell: 'bell (BEL)',
  osc9: 'desktop notification (OSC 9)',
  osc777: 'desktop notification (OSC 777)',
  prompt: 'prompt pattern on the screen',
  busy: 'busy pattern on the screen',
  exited: 'process exited',
};

export function formatWhy(w: WhyReply, now: number): string {
  const v = w.current;
  let out = `${w.target}${w.agent ? ` (${w.agent})` : ''}: ${v.state} since ${stamp(v.since)} (${ago(v.since, now)} ago)\n`;
  out += `rule: ${v.rule}, ${RULES[v.rule] ?? v.rule}, seen at ${stamp(v.at)}\n`;
  out += `  ${v.detail}\n`;
  if (v.pattern !== undefined) out += `pattern: /${v.pattern}/\n`;
  if (v.lines.length) {
    out += v.pattern !== undefined ? 'matched lines:\n' : 'screen (bottom):\n';
    for (const l of v.lines) out += `  │ ${l}\n`;
  }
  if (w.history.length) {
    out += 'before:\n';
    for (const h of [...w.history].reverse()) out += `  ${line(h)}\n`;
  }
  // Screen lines and patterns may come from another machine's daemon.
  return out.split('\n').map(printableLine).join('\n');
}

function line(h: VerdictInfo): string {
  return `${stamp(h.since)}  ${h.state.padEnd(11)}  ${h.rule}: ${h.detail}`;
}
