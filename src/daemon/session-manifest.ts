/**
 * What a live session looks like on disk: the manifest written for it. Kept apart
 * from Session so the session stays about behaviour and the format about storage.
 */
import { relabel } from '../common/layout';
import { MANIFEST_VERSION, PaneExit, PaneManifest, SessionManifest, storedEnvironment, WindowManifest } from '../storage/manifest';
import type { Pane } from './pane';
import type { Session } from './session';
import type { Window } from './window';

export function manifestOf(s: Session): SessionManifest {
  return {
    version: MANIFEST_VERSION,
    id: s.id,
    name: s.name,
    workspace: s.workspace,
    workspaceRoot: s.workspaceRoot,
    worktree: s.worktree,
    cwd: s.cwd,
    env: storedEnvironment(s.env),
    created: s.created,
    lastAttached: s.lastAttached,
    lastDetached: s.lastDetached,
    cols: s.cols,
    rows: s.rows,
    activeWindow: s.activeWindow,
    windows: s.windows.map(windowManifest),
    nextPaneLog: s.nextPaneLog,
  };
}

function windowManifest(w: Window): WindowManifest {
  const panes = w.panes;
  const index = new Map(panes.map((p, i) => [p.id, i]));
  return {
    name: w.name,
    activePane: w.activePane,
    panes: panes.map(paneManifest),
    // Pane ids are the daemon's own; on disk the tree names panes by their index.
    layout: w.layout ? relabel(w.layout, (id) => index.get(id) ?? 0) : undefined,
  };
}

function paneManifest(p: Pane): PaneManifest {
  return {
    log: p.logName,
    argv: p.argv,
    cwd: p.currentCwd(),
    cols: p.screen.cols,
    rows: p.screen.rows,
    scrollback: p.scrollback,
    agent: p.agent,
    exited: paneExit(p),
    pid: p.running ? p.pid : undefined,
    attachedAt: p.marks.attachedAt,
    detachedAt: p.marks.detachedAt,
  };
}

/** How the pane's program ended, and when (the exit verdict's time: the pane keeps no other). */
function paneExit(p: Pane): PaneExit | undefined {
  if (p.state.kind !== 'exited') return undefined;
  const v = p.live.verdict;
  // Whole milliseconds: the manifest's times are integers, and a fraction would fail its validation.
  const at = v.state === 'exited' ? Math.max(0, Math.floor(v.at)) : undefined;
  return { code: p.state.code, signal: p.state.signal, at };
}
