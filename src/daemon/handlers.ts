/**
 * The daemon's request table (tmux's cmd-*.c entries, as data): one handler per
 * request type. A handler returns a value or an error value; it never throws for
 * anything a user or a peer can cause.
 */
import { fail, ok } from '../common/errors';
import { keyToBytes, KEY_NAMES_HELP, looksLikeKeyName } from '../common/keys';
import { parseTarget } from '../common/target';
import type { RequestType, SessionInfo } from '../protocol/messages';
import { contextFilePath } from '../agents/checkpoint';
import { pasteBytes } from '../common/paste';
import { agentHandlers } from './agent-handlers';
import { AgentLaunch, prepareAgent } from './agent-launch';
import { attachHandlers } from './attach-handlers';
import { gridHandlers } from './grid-handlers';
import { describeCommand } from './command';
import { loadConfig } from './config-file';
import { contextForPaste } from './context-file';
import { pasteWhenReady } from './context-paste';
import type { DormantSession } from './dormant';
import { recordEvent } from './events';
import type { HandlerTable } from './handler-context';
import { historyHandlers } from './history-handlers';
import type { Session } from './session';
import { linesSince } from './snapshot';
import { windowHandlers } from './window-handlers';
import { findWorkspaceRoot, workspaceRootOf } from './workspace';

/**
 * Pushes on a watch stream are coalesced to at most one per this many ms: a pane
 * printing flat out produces hundreds of parsed batches a second, and `wait` only
 * needs to see each line once, promptly.
 */
export const WATCH_COALESCE_MS = 10;

const sessionHandlers: HandlerTable<'new' | 'ls' | 'send' | 'watch' | 'kill' | 'rename' | 'kill-server'> = {
  new(req, ctx) {
    // Everything that can fail is checked before the session exists: nothing half-created.
    const needsConfig = req.agent !== undefined || req.withContext;
    const config = needsConfig ? loadConfig() : undefined;
    if (config && !config.ok) return config;
    let argv = req.argv;
    let agent: AgentLaunch | undefined;
    if (req.agent !== undefined) {
      const prepared = prepareAgent(config!.value, req.agent, req.argv, req.env, req.cwd);
      if (!prepared.ok) return prepared;
      agent = prepared.value;
      argv = agent.argv;
    }
    let context: string | undefined;
    if (req.withContext) {
      const root = req.workspaceRoot ?? findWorkspaceRoot(req.cwd);
      const text = contextForPaste(contextFilePath(root, config!.value.contextFile));
      if (!text.ok) return text;
      context = text.value;
    }
    const created = ctx.registry.create({
      name: req.name,
      cwd: req.cwd,
      argv,
      env: req.env,
      cols: req.cols,
      rows: req.rows,
      scrollback: req.scrollback,
      agent: agent && { info: agent.agent, patterns: agent.patterns },
      workspaceRoot: req.workspaceRoot,
      worktree: req.worktree,
    });
    if (!created.ok) return created;
    const pane = created.value.primaryPane();
    recordEvent({ e: 'session-started', session: req.name, agent: req.agent });
    if (pane && context !== undefined) pasteWhenReady(pane, context, ctx.log, `session ${req.name}`);
    return ok({ name: created.value.name, pid: pane?.pid ?? 0, argv: pane?.argv, conversationId: pane?.agent?.conversationId });
  },

  ls(_req, ctx) {
    return ok([...ctx.registry.list().map(sessionInfo), ...ctx.registry.listDormant().map(dormantInfo)]);
  },

  send(req, ctx) {
    const t = ctx.registry.resolve(req.target);
    if (!t.ok) return t;
    const { session, pane } = t.value;
    if (!pane.running) {
      // Killing the session would end its other panes too: name the pane when there are others.
      const what = session.panes().length === 1 ? session.name : `${session.name}:${session.paneIndex(pane)}`;
      return fail('exited', `the program in ${req.target} has exited; nothing to send to (kill it with \`spaces kill ${what}\`)`);
    }
    let data = req.literal ?? '';
    if (req.paste !== undefined) data += pasteBytes(req.paste, pane.screen.modes().bracketedPaste);
    for (const word of req.keys ?? []) {
      const bytes = keyToBytes(word, pane.screen.modes());
      if (bytes !== null) data += bytes;
      else if (looksLikeKeyName(word)) return fail('bad-args', `unknown key '${word}'; key names are ${KEY_NAMES_HELP}`);
      else data += word;
    }
    pane.input(data);
    return ok(undefined);
  },

  watch(req, ctx) {
    const t = ctx.registry.resolve(req.target);
    if (!t.ok) return t;
    const pane = t.value.pane;
    let next = pane.screen.trimmedLines + pane.screen.historyLength;
    let timer: NodeJS.Timeout | undefined;
    let lastPush = 0;
    let finished = false;
    const push = () => {
      timer = undefined;
      if (finished) return;
      lastPush = Date.now();
      const { lines, nextAbs } = linesSince(pane, next);
      next = nextAbs;
      const exited = pane.state.kind === 'exited' ? { code: pane.state.code, signal: pane.state.signal } : undefined;
      if (!ctx.push({ t: 'lines', id: req.id, lines, exited }) || exited) stop();
    };
    const schedule = () => {
      if (timer || finished) return;
      timer = setTimeout(push, Math.max(0, lastPush + WATCH_COALESCE_MS - Date.now()));
    };
    const offChange = pane.onChange(schedule);
    const offExit = pane.onExited(schedule);
    const stop = () => {
      finished = true;
      if (timer) clearTimeout(timer);
      offChange();
      offExit();
    };
    ctx.onClose(stop);
    // The reply goes out first; the first push follows it on the next turn.
    setImmediate(push);
    return ok(undefined);
  },

  kill(req, ctx) {
    const t = parseTarget(req.target);
    if (typeof t === 'string') return fail('bad-args', t);
    const killed = ctx.registry.kill(t.session);
    if (!killed.ok) return killed;
    return ok(undefined);
  },

  rename(req, ctx) {
    return ctx.registry.rename(req.from, req.to);
  },

  'kill-server'(_req, ctx) {
    ctx.shutdown();
    return ok(undefined);
  },
};

export const handlers: HandlerTable<RequestType> = {
  ...sessionHandlers, ...windowHandlers, ...attachHandlers, ...gridHandlers, ...agentHandlers, ...historyHandlers,
};

export function sessionInfo(s: Session): SessionInfo {
  const primary = s.primaryPane();
  const running = s.running();
  const live = s.liveState();
  const info: SessionInfo = {
    name: s.name,
    workspace: s.workspace,
    workspaceRoot: workspaceRootOf(s),
    cwd: s.cwd,
    command: primary ? describeCommand(primary.argv) : '',
    pid: primary && primary.running ? primary.pid : undefined,
    state: live.state,
    stateSince: live.since,
    agent: primary?.agent?.preset,
    conversationId: primary?.agent?.conversationId,
    resume: primary?.agent?.resumeArgv,
    worktree: s.worktree,
    paneStates: s.windows.flatMap((w, wi) =>
      w.panes.map((p, pi) => ({ pane: `${wi}.${pi}`, state: p.live.verdict.state, agent: p.agent?.preset })),
    ),
    created: s.created,
    lastActivity: s.lastActivity(),
    attached: s.attached,
    windows: s.windows.length,
    panes: s.panes().length,
  };
  if (!running && primary && primary.state.kind === 'exited') {
    info.exitCode = primary.state.code;
    if (primary.state.signal !== undefined) info.exitSignal = primary.state.signal;
  }
  return info;
}

export function dormantInfo(d: DormantSession): SessionInfo {
  const m = d.manifest;
  const primary = m.windows[0]?.panes[0];
  const finished = d.finished;
  const info: SessionInfo = {
    name: d.name,
    workspace: m.workspace,
    workspaceRoot: m.workspaceRoot,
    cwd: m.cwd,
    command: primary ? describeCommand(primary.argv) : '',
    state: finished ? 'exited' : d.damaged ? 'damaged' : 'resurrectable',
    agent: primary?.agent?.preset,
    conversationId: primary?.agent?.conversationId,
    resume: primary?.agent?.resumeArgv,
    worktree: m.worktree,
    created: m.created,
    lastActivity: Math.max(m.created, d.lastActivity),
    attached: 0,
    windows: m.windows.length,
    panes: d.panes.length,
  };
  if (d.damaged) info.problem = d.damage.join('; ').slice(0, 8000);
  // Its programs had all exited before the restart: listed as a live exited session is.
  if (finished) {
    info.exitCode = finished.code;
    if (finished.signal !== undefined) info.exitSignal = finished.signal;
    if (finished.at !== undefined) info.stateSince = finished.at;
  }
  return info;
}
