/**
 * A session's workspace is the project it works on: the git root above its cwd
 * (a `.git` directory, or a `.git` file in worktrees and submodules), else the cwd
 * itself. Found by walking up the tree, without running git.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function findWorkspaceRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    try {
      fs.statSync(path.join(dir, '.git'));
      return dir;
    } catch {
      // not here; go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

export function workspaceName(root: string): string {
  return path.basename(root) || root;
}

/** A session's workspace directory: recorded at creation, else (older records) found from its cwd. */
export function workspaceRootOf(s: { workspaceRoot?: string; cwd: string }): string {
  return s.workspaceRoot ?? findWorkspaceRoot(s.cwd);
}
