/**
 * Requests about agents and workspaces: `why` (a pane's live state and its
 * evidence), `checkpoint` and `context` (the workspace's context file).
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { contextFilePath } from '../agents/checkpoint';
import { fail, ok, Result } from '../common/errors';
import { loadConfig } from './config-file';
import { appendCheckpoint, readContext } from './context-file';
import type { HandlerTable } from './handler-context';
import type { WhyReply } from '../protocol/messages';
import type { Registry } from './registry';
import { findWorkspaceRoot, workspaceName, workspaceRootOf } from './workspace';

export const agentHandlers: HandlerTable<'why' | 'checkpoint' | 'context'> = {
  why(req, ctx) {
    const t = ctx.registry.resolve(req.target);
    if (!t.ok) return finishedVerdict(ctx.registry, req.target) ?? t;
    const { session, pane } = t.value;
    const target = `${session.name}:${session.paneIndex(pane)}`;
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

/**
 * `why` for a pane of a session that had finished before the daemon restarted:
 * the exit verdict a live pane would give, from the manifest (its rules and
 * screen died with the old daemon). Undefined for anything else.
 */
function finishedVerdict(registry: Registry, text: string): Result<WhyReply> | undefined {
  const h = registry.resolveHistory(text);
  if (!h.ok || h.value.kind !== 'dormant' || !h.value.session.finished) return undefined;
  const { session, pane, label } = h.value;
  const exit = pane.manifest.exited!;
  // Manifests from before exit times were kept: the last sign of life is the best guess.
  const at = exit.at ?? session.lastActivity;
  const how = exit.signal ? `was killed by signal ${exit.signal}` : `exited with code ${exit.code}`;
  const detail =
    `the program ${how} before the daemon restarted; the session had finished, so there is nothing to resurrect: ` +
    `read it with \`spaces capture ${label}\`, remove it with \`spaces kill ${session.name}\``;
  return ok({ target: label, agent: pane.manifest.agent?.preset, current: { state: 'exited', rule: 'exited', since: at, at, detail, lines: [] }, history: [] });
}

/** A workspace named by the user: a directory (contains '/', or '.'), or the name of a live session's workspace. */
function findContextWorkspace(registry: Registry, named: string | undefined, cwd: string): Result<string> {
  if (named === undefined) return ok(findWorkspaceRoot(cwd));
  if (named.includes('/') || named === '.' || named === '..') {
    const dir = path.resolve(cwd, named);
    if (!isDirectory(dir)) return fail('not-found', `${dir} is not a directory; give a workspace's directory, or the workspace name \`spaces ls\` shows`);
    return ok(findWorkspaceRoot(dir));
  }
  const roots = new Set(registry.list().filter((s) => s.workspace === named).map(workspaceRootOf));
  if (roots.size === 1) return ok([...roots][0]);
  if (roots.size > 1) return fail('bad-args', `several workspaces are named '${named}' (${[...roots].join(', ')}); give its directory instead`);
  const known = [...new Set(registry.list().map((s) => s.workspace))].sort();
  return fail(
    'not-found',
    `no session works in a workspace named '${named}'${known.length ? ` (workspaces: ${known.join(', ')})` : ''}; give its directory instead, e.g. spaces context ~/src/${named}`,
  );
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
