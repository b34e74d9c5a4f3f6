/**
 * Bare `spaces` in a terminal: attach to the most recently used session, or start
 * one named after the current project and attach to it (tmux's bare `tmux` starts a
 * session; agent users come back to the same one).
 */
import * as path from 'node:path';
import { attachTo } from './commands/attach';
import { EXIT_OK, failed, withDaemon } from './io';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../common/default-size';

function projectName(cwd: string): string {
  const base = path.basename(cwd).replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[-.]+/, '');
  return base || 'main';
}

export async function defaultAction(): Promise<number> {
  let target = '';
  const code = await withDaemon(async (client) => {
    const ls = await client.request('ls', {});
    if (failed(ls)) return 1;
    if (ls.value.length > 0) return EXIT_OK;
    const base = projectName(process.cwd());
    const taken = new Set(ls.value.map((s) => s.name));
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    const r = await client.request('new', {
      name,
      cwd: process.cwd(),
      argv: [],
      env,
      cols: process.stdout.columns || DEFAULT_COLS,
      rows: process.stdout.rows || DEFAULT_ROWS,
    });
    if (failed(r)) return 1;
    target = name;
    return EXIT_OK;
  });
  return code === EXIT_OK ? attachTo(target, false) : code;
}
