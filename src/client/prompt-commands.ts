/**
 * The `:` command prompt. Verbs that act on "here" (split, kill-pane, zoom, ...)
 * default to the focused pane and session; any other CLI verb runs the real
 * `spaces` CLI with that argument list, and its first line of output is shown.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { printableLine } from '../common/printable';
import { splitWords } from '../common/shell-words';
import type { ActionHost } from './attach-actions';

// The prompt's word splitting lives with the other shell-like parsing; callers still find it here.
export { splitWords };

/** Lines of a verb's output shown in the list it opens (`ls` with many sessions). */
const MAX_OUTPUT_LINES = 200;

const SIDES: Record<string, { dir: 'h' | 'v'; sign: number }> = { '-L': { dir: 'h', sign: -1 }, '-R': { dir: 'h', sign: 1 }, '-U': { dir: 'v', sign: -1 }, '-D': { dir: 'v', sign: 1 } };

/** Runs one prompt line; returns the message to show. */
export async function runPromptCommand(host: ActionHost, line: string): Promise<string> {
  const words = splitWords(line.trim());
  if (typeof words === 'string') return words;
  if (words.length === 0) return '';
  const [verb, ...args] = words;
  const c = host.client;
  const target = host.activeTarget;
  const done = (r: { ok: boolean; error?: { message: string } }, ok = '') => (r.ok ? ok : r.error!.message);
  switch (verb) {
    case 'split':
    case 'split-window': {
      const dir = args[0] === '-h' ? 'h' : 'v';
      const argv = args.filter((a, i) => !(i === 0 && (a === '-h' || a === '-v')) && a !== '--');
      return done(await c.request('split', { target, dir, argv }));
    }
    case 'new-window':
      return done(await c.request('new-window', { target: host.sessionName, argv: args.filter((a) => a !== '--') }));
    case 'kill-pane':
      return done(await c.request('kill-pane', { target }));
    case 'zoom':
      return done(await c.request('zoom', { target }));
    case 'rename-window':
      return args[0] ? done(await c.request('rename-window', { target, name: args.join(' ') })) : 'usage: rename-window NAME';
    case 'rename':
    case 'rename-session':
      return args[0] ? done(await c.request('rename', { from: host.sessionName, to: args[args.length - 1] })) : 'usage: rename NAME';
    case 'select-window':
      return done(await c.request('select', { target: `${host.sessionName}:${args[args.length - 1] ?? ''}` }));
    case 'select':
      return done(await c.request('select', { target: args[0]?.includes(':') ? args[0] : `${host.sessionName}:${args[0] ?? ''}` }));
    case 'resize-pane': {
      const side = SIDES[args[0]];
      if (!side) return 'usage: resize-pane -L|-R|-U|-D [CELLS]';
      const n = Number(args[1] ?? 1);
      if (!Number.isFinite(n) || n < 1) return 'usage: resize-pane -L|-R|-U|-D [CELLS], CELLS a whole number';
      // The daemon takes at most 1000 cells: anything bigger is the same as "all the way".
      const cells = Math.min(1000, Math.round(n));
      return done(await c.request('resize-pane', { target, dir: side.dir, delta: side.sign * cells }));
    }
    case 'send':
    case 'send-keys':
      return done(await c.request('send', { target, keys: args }));
    case 'detach':
      host.detach();
      return '';
    default:
      // The CLI would act on this machine's daemon, not the one this view shows.
      if (host.config.host) return `'${verb}' is not available in a view of ${host.config.host}; run it there, or use split, new-window, kill-pane, zoom, rename, select, resize-pane, send`;
      return runCli(words);
  }
}

/** Runs `spaces ARGS...` and returns its output and errors, control characters removed. */
function runCli(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'boot.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve(e.message));
    // At most a screenful or so: more belongs in a pane of its own.
    child.on('close', () => resolve(out.trim().split('\n').slice(0, MAX_OUTPUT_LINES).map((l) => printableLine(l)).join('\n')));
  });
}
