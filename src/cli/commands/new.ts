import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIMITS } from '../../protocol/messages';
import { EXIT_OK, parseIntOption, printError, withDaemon, failed, writeOut } from '../io';
import type { CommandSpec } from '../spec';
import { attachTo } from './attach';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../../common/default-size';
import { checkSessionName } from '../../common/names';

export const newCommand: CommandSpec = {
  name: 'new',
  operands: '<name> [command...]',
  summary: 'create a session running COMMAND, an agent (--agent), or your shell',
  details:
    'Put the command after `--` when it has options of its own: spaces new build -d -- make -j4\n' +
    'With --agent, the words after `--` are extra arguments for the agent: spaces new auth --agent claude -- --model opus\n' +
    'Presets: claude, codex, gemini, aider, shell, and any defined under "agents" in the config file.',
  options: [
    { flags: '-d, --detached', description: 'create it without attaching (without a terminal, new never attaches)' },
    { flags: '-c, --cwd <dir>', description: 'working directory (default: the current one)' },
    { flags: '--cols <n>', description: 'width in columns (default: this terminal, else 80)' },
    { flags: '--rows <n>', description: 'height in rows (default: this terminal, else 24)' },
    { flags: '--scrollback <lines>', description: 'history lines kept in memory' },
    { flags: '-a, --agent <preset>', description: 'start a coding agent from its preset (claude, codex, gemini, aider, shell, ...)' },
    { flags: '--with-context', description: "paste the workspace's context file into the agent once it is ready for input" },
    { flags: '-w, --worktree <branch>', description: 'work in a new git worktree on BRANCH (created from HEAD if it does not exist)' },
  ],
  async run([name, command], opts) {
    // Here, not only in the daemon: a name over the protocol's limit would be refused as a malformed message.
    const badName = checkSessionName(name as string);
    if (badName) return printError(badName);
    const cols = parseIntOption(opts.cols ?? String(process.stdout.columns || DEFAULT_COLS), 'cols', 2, LIMITS.maxCols);
    if (typeof cols === 'string') return printError(cols);
    const rows = parseIntOption(opts.rows ?? String(process.stdout.rows || DEFAULT_ROWS), 'rows', 2, LIMITS.maxRows);
    if (typeof rows === 'string') return printError(rows);
    let scrollback: number | undefined;
    if (opts.scrollback !== undefined) {
      const s = parseIntOption(opts.scrollback, 'scrollback', 0, LIMITS.maxScrollback);
      if (typeof s === 'string') return printError(s);
      scrollback = s;
    }
    const agent = typeof opts.agent === 'string' ? opts.agent : undefined;
    if (opts.withContext && agent === undefined) return printError('--with-context pastes into an agent; add --agent PRESET');
    let cwd = path.resolve(typeof opts.cwd === 'string' ? opts.cwd : process.cwd());
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;

    let worktree: import('../worktree').Worktree | undefined;
    let rollback = () => undefined as void;
    if (typeof opts.worktree === 'string') {
      const wt = await import('../worktree');
      const made = wt.createWorktree(cwd, opts.worktree);
      if (failed(made)) return 1;
      worktree = made.value;
      // The session runs in the same place inside the worktree as cwd was in the repository.
      const inside = path.join(worktree.path, path.relative(worktree.repoRoot, cwd));
      const w = worktree;
      rollback = () => wt.rollbackWorktree(w);
      if (!fs.existsSync(inside)) {
        // A directory git does not track (nothing committed in it) is not in the worktree.
        rollback();
        return printError(`${path.relative(w.repoRoot, cwd)} is not in branch ${w.branch} (git tracks nothing in it); run from the repository's root or give -c DIR`);
      }
      cwd = inside;
    }
    let created = false;
    const code = await withDaemon(async (client) => {
      const r = await client.request('new', {
        name: name as string,
        cwd,
        argv: (command as string[]) ?? [],
        env,
        cols,
        rows,
        scrollback,
        agent,
        withContext: opts.withContext ? true : undefined,
        worktree: worktree && { path: worktree.path, branch: worktree.branch },
        workspaceRoot: worktree?.repoRoot,
      });
      if (failed(r)) return 1;
      created = true;
      if (worktree) await writeOut(`worktree ${worktree.path} on branch ${worktree.branch}\n`);
      return EXIT_OK;
    });
    // Nothing half-created: a worktree made for a session that failed goes with it.
    if (!created) rollback();
    return code === EXIT_OK && !opts.detached && process.stdin.isTTY && process.stdout.isTTY ? attachTo(name as string, false) : code;
  },
};
