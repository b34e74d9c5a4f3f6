/**
 * Git worktrees for `new --worktree BRANCH` and `kill --worktree`. The CLI runs
 * git itself (short-lived, with the user's environment and credentials), so the
 * daemon never blocks on a checkout. Worktrees go beside the repository, in
 * `<repo>.worktrees/<branch>`: outside it (a nested worktree would show up as
 * untracked in the main one) and easy to find.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail, ok, Result } from '../common/errors';

export interface Worktree {
  /** The repository's top directory (the session's workspace). */
  repoRoot: string;
  path: string;
  branch: string;
  /** True when we created the branch (so a rollback deletes it again). */
  createdBranch: boolean;
}

type Git = { ok: true; out: string } | { ok: false; err: string };

function git(cwd: string, args: string[]): Git {
  try {
    const out = execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out: out.trim() };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') return { ok: false, err: 'git is not installed (or not on PATH)' };
    return { ok: false, err: gitReason(err.stderr || err.message) };
  }
}

/** git's reason: its `fatal:`/`error:` line, not the progress it printed before it ("Preparing worktree ..."). */
function gitReason(stderr: string): string {
  const lines = stderr.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const reason = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[lines.length - 1] ?? 'git failed';
  return reason.replace(/^(fatal|error):\s*/, '');
}

/** `feature/login` -> `feature-login`: one directory per branch. */
export function worktreeDirName(branch: string): string {
  return branch.replace(/[/\\]+/g, '-');
}

export function createWorktree(cwd: string, branch: string): Result<Worktree> {
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return fail('bad-args', `--worktree needs a git repository, and ${cwd} is not in one (${top.err})`);
  const repoRoot = top.out;
  const valid = git(repoRoot, ['check-ref-format', '--branch', branch]);
  if (!valid.ok) return fail('bad-args', `'${branch}' is not a valid branch name (${valid.err})`);
  const dir = path.join(path.dirname(repoRoot), `${path.basename(repoRoot)}.worktrees`, worktreeDirName(branch));
  if (fs.existsSync(dir)) {
    return fail('exists', `${dir} already exists; remove it (git worktree remove ${dir}) or pick another branch name`);
  }
  const exists = git(repoRoot, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`]).ok;
  const add = exists ? git(repoRoot, ['worktree', 'add', dir, branch]) : git(repoRoot, ['worktree', 'add', '-b', branch, dir]);
  if (!add.ok) return fail('spawn-failed', `git worktree add failed: ${add.err}`);
  return ok({ repoRoot, path: dir, branch, createdBranch: !exists });
}

/** Undoes `createWorktree` after the session could not be created. */
export function rollbackWorktree(w: Worktree): void {
  git(w.repoRoot, ['worktree', 'remove', '--force', w.path]);
  if (w.createdBranch) git(w.repoRoot, ['branch', '-D', w.branch]);
}

/** Files with uncommitted changes (untracked ones included), as `git status --porcelain` lists them. */
export function uncommitted(worktree: string): Result<string[]> {
  const st = git(worktree, ['status', '--porcelain', '--untracked-files=normal']);
  if (!st.ok) return fail('bad-args', `cannot read the state of worktree ${worktree}: ${st.err}`);
  return ok(st.out ? st.out.split('\n').map((l) => l.slice(3)) : []);
}

/** The refusal, naming a few of the files and the ways forward. */
export function dirtyMessage(worktree: string, files: string[]): string {
  const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? `, and ${files.length - 5} more` : '');
  return `worktree ${worktree} has uncommitted changes (${shown}); commit or stash them first, or remove it yourself with \`git worktree remove --force ${worktree}\``;
}

/** Removes a clean worktree; its branch (and every commit on it) stays. */
export function removeWorktree(worktree: string): Result<undefined> {
  if (!fs.existsSync(worktree)) return ok(undefined);
  const r = git(worktree, ['worktree', 'remove', worktree]);
  if (!r.ok) return fail('bad-args', `git worktree remove failed: ${r.err}`);
  return ok(undefined);
}
