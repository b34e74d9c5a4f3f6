/**
 * Requests about agents and workspaces: `why` (a pane's live state and its
 * evidence), `checkpoint` and `context` (the workspace's context file).
 */
import * as path from 'node:path';
import { contextFilePath } from '../agents/checkpoint';
import { fail, ok, Result } from '../common/errors';
import { loadConfig } from './config-file';
import { appendCheckpoint, readContext } from './context-file';
import type { HandlerTable } from './handler-context';
import type { Registry } from './registry';
import { findWorkspaceRoot, workspaceName, workspaceRootOf } from './workspace';

export const agentHandlers: HandlerTable<'why' | 'checkpoint' | 'context'> = {
  why(req, ctx) {
    const t = ctx.registry.resolve(req.target);
    if (!t.ok) return t;
    const { session, window, pane } = t.value;
    const target = `${session.name}:${session.windows.indexOf(window)}.${window.panes.indexOf(pane)}`;
    return ok({ target, agent: pane.agent?.preset, current: pane.live.rules.fresh(), history: [...pane.live.rules.history] });
  },

  checkpoint(req, ctx) {
    const s = ctx.registry.get(req.target);
    if (!s.ok) return s;
    const config = loadConfig();
    if (!config.ok) return config;
    const file = contextFilePath(workspaceRootOf(s.value), config.value.contextFile);
    const entry = appendCheckpoint(file, s.value.name, req.message, new Date());
    if (!entry.ok) return entry;
    return ok({ file, entry: entry.value });
  },

  context(req, ctx) {
    const root = findContextWorkspace(ctx.registry, req.workspace, req.cwd);
    if (!root.ok) return root;
    const config = loadConfig();
    if (!config.ok) return config;
    const file = contextFilePath(root.value, config.value.contextFile);
    const text = readContext(file);
    if (!text.ok) return text;
    return ok({ workspace: workspaceName(root.value), root: root.value, file, text: text.value });
  },
};

/** A workspace named by the user: a directory (contains '/', or '.'), or the name of a live session's workspace. */
function findContextWorkspace(registry: Registry, named: string | undefined, cwd: string): Result<string> {
  if (named === undefined) return ok(findWorkspaceRoot(cwd));
  if (named.includes('/') || named === '.' || named === '..') return ok(findWorkspaceRoot(path.resolve(cwd, named)));
  const roots = new Set(registry.list().filter((s) => s.workspace === named).map(workspaceRootOf));
  if (roots.size === 1) return ok([...roots][0]);
  if (roots.size > 1) return fail('bad-args', `several workspaces are named '${named}' (${[...roots].join(', ')}); give its directory instead`);
  const known = [...new Set(registry.list().map((s) => s.workspace))].sort();
  return fail(
    'not-found',
    `no session works in a workspace named '${named}'${known.length ? ` (workspaces: ${known.join(', ')})` : ''}; give its directory instead, e.g. spaces context ~/src/${named}`,
  );
}
