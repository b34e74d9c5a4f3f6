/**
 * Rebuilding a live session from a resurrectable one: the same id, name, windows,
 * split layouts and focus, each pane showing its old output, the marker line, then
 * its new program (chosen by resurrect.ts), and writing on in the same log.
 */
import { fail, ok, Result } from '../common/errors';
import { parseLayout } from '../common/layout';
import type { PaneManifest } from '../storage/manifest';
import { defaultProgram } from './command';
import type { DormantSession } from './dormant';
import type { Pane } from './pane';
import type { PaneExtras } from './registry';
import { processCommand, processCwd } from './proc';
import { markerBytes, planPane, restoreCwd, restoreTail } from './resurrect';
import { Session } from './session';
import type { Window } from './window';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../common/default-size';

export interface RebuildDeps {
  now: () => number;
  /** The state rules (prompt and busy patterns) of an agent preset, by name. */
  agentPatterns(preset: string): { prompts: string[]; busy: string[] };
  newWindow(title: string, cols: number, rows: number): Window;
  spawnPane(session: Session, argv: string[], cwd: string, cols: number, rows: number, extra: PaneExtras): Result<Pane>;
}

/**
 * The environment is the resurrecting client's, with the variables the manifest
 * kept taking precedence (PATH, locale...). All or nothing: if a pane cannot
 * start, the panes started so far are killed.
 */
export async function rebuildSession(
  d: DormantSession,
  opts: { env: Record<string, string>; rerun: boolean; force?: boolean },
  deps: RebuildDeps,
): Promise<Result<{ session: Session; notes: string[] }>> {
  const m = d.manifest;
  const survivors = opts.force ? [] : survivingPrograms(d);
  if (survivors.length > 0) {
    return fail(
      'exists',
      `cannot resurrect '${d.name}': ${survivors.join('; ')} still running from before the restart; ` +
        'stop it first, or add --force to start a second copy',
    );
  }
  const session = new Session(d.name, m.workspace, m.cwd, m.created, m.id);
  session.env = { ...opts.env, ...m.env };
  const first = d.panes[0]?.manifest;
  session.cols = m.cols ?? first?.cols ?? DEFAULT_COLS;
  session.rows = m.rows ?? first?.rows ?? DEFAULT_ROWS;
  session.workspaceRoot = m.workspaceRoot;
  session.worktree = m.worktree;
  session.lastAttached = m.lastAttached;
  session.lastDetached = m.lastDetached;
  session.nextPaneLog = m.nextPaneLog;
  const shell = defaultProgram(session.env)[0];
  const notes: string[] = [];
  // A manifest too damaged to name any pane still gives a session: one fresh shell.
  const windows = m.windows.filter((w) => w.panes.length > 0);
  for (const [wi, w] of (windows.length > 0 ? windows : [undefined]).entries()) {
    const window = deps.newWindow(w?.name ?? shell.split('/').pop()!, session.cols, session.rows);
    const panes: Pane[] = [];
    for (const [pi, pm] of (w?.panes ?? [undefined]).entries()) {
      const pane = await restorePane(d, pm, session, shell, opts.rerun, deps);
      if (!pane.ok) {
        // Awaited: until their logs are closed, another resurrect must not open them.
        await Promise.all([...session.panes(), ...panes].map(async (p) => {
          await p.kill();
          await p.dispose();
        }));
        return fail(pane.error.code, `cannot resurrect '${d.name}': pane ${wi}.${pi}: ${pane.error.message}`);
      }
      panes.push(pane.value.pane);
      notes.push(`${wi}.${pi} ${pane.value.note}`);
    }
    window.restore(panes, parseLayout(w?.layout, panes.length), w?.activePane ?? 0);
    session.windows.push(window);
  }
  session.activeWindow = Math.min(m.activeWindow, session.windows.length - 1);
  return ok({ session, notes });
}

async function restorePane(
  d: DormantSession,
  pm: PaneManifest | undefined,
  session: Session,
  shell: string,
  rerun: boolean,
  deps: RebuildDeps,
): Promise<Result<{ pane: Pane; note: string }>> {
  const view = pm ? d.panes.find((p) => p.manifest === pm)?.view : undefined;
  // The log knows the last size the pane had; the manifest may be older.
  const last = view?.sizes[view.sizes.length - 1];
  const cols = last?.w ?? pm?.cols ?? session.cols;
  const rows = last?.h ?? pm?.rows ?? session.rows;
  const plan = pm ? planPane(pm, { rerun, shell }) : { argv: [shell], note: 'new shell (nothing to restore)' };
  const cwd = restoreCwd([pm?.cwd, d.manifest.cwd, session.env.HOME]);
  const tail = view ? await restoreTail(view) : [];
  let marker = markerBytes(plan.note, deps.now(), cols, tail);
  const spawn = () => deps.spawnPane(session, plan.argv, cwd, cols, rows, { scrollback: pm?.scrollback, logName: pm?.log, preload: [...tail, marker] });
  let pane = spawn();
  if (!pane.ok && pane.error.code === 'spawn-failed' && plan.argv[0] !== shell) {
    // The agent or command is gone from this machine: the pane still comes back, with a shell.
    plan.note = `${plan.argv[0]} cannot start, a shell instead`;
    plan.argv = [shell];
    marker = markerBytes(plan.note, deps.now(), cols, tail);
    pane = spawn();
  }
  if (!pane.ok) return pane;
  // The marker is logged before the new program's first output can arrive (that
  // needs an event-loop turn), so the log shows what the screen shows.
  pane.value.log?.append(marker);
  if (pm?.agent) pane.value.useAgent(pm.agent, deps.agentPatterns(pm.agent.preset));
  pane.value.marks = { attachedAt: pm?.attachedAt, detachedAt: pm?.detachedAt };
  return ok({ pane: pane.value, note: plan.note });
}

/**
 * Programs of the session that outlived the daemon (a program that ignores the
 * hangup survives a crash). Resurrecting would start a second copy beside them:
 * two agents on one conversation, two servers on one port. The pid is only taken
 * to be the same program when its command still starts with the same name.
 */
function survivingPrograms(d: DormantSession): string[] {
  const out: string[] = [];
  d.manifest.windows.forEach((w, wi) =>
    w.panes.forEach((p, pi) => {
      if (!p.pid) return;
      const cmd = processCommand(p.pid);
      const was = (p.argv[0] ?? '').split('/').pop();
      if (!cmd || !was || !cmd.some((a) => a.split('/').pop() === was)) return;
      // A reused pid running a program of the same name elsewhere is not ours.
      const cwd = processCwd(p.pid);
      if (p.cwd && cwd && cwd !== p.cwd) return;
      out.push(`pane ${wi}.${pi} (${was}, pid ${p.pid}) is`);
    }),
  );
  return out;
}
