/**
 * A resurrectable session: found on disk when the daemon started (its processes
 * died with the previous daemon, or with the machine). It has a manifest, each
 * pane's output log, and a list of what was found damaged. It can be listed,
 * captured, replayed, searched, resurrected, or killed (which deletes it).
 *
 * A damaged manifest still yields a session: whatever fields survived, plus one
 * pane for every log directory found, so the output is never lost with it.
 */
import * as path from 'node:path';
import { LogView, scanLog } from '../storage/log-reader';
import { MANIFEST_VERSION, PaneExit, PaneManifest, SessionManifest, WindowManifest } from '../storage/manifest';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../common/default-size';

export interface DormantPane {
  window: number;
  index: number;
  manifest: PaneManifest;
  logDir: string;
  view?: LogView;
}

export class DormantSession {
  readonly panes: DormantPane[] = [];
  readonly damage: string[];
  lastActivity: number;
  private scan: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    public name: string,
    readonly manifest: SessionManifest,
    damage: string[],
  ) {
    this.damage = [...damage];
    this.lastActivity = manifest.lastDetached ?? manifest.lastAttached ?? manifest.created;
    manifest.windows.forEach((w, wi) =>
      w.panes.forEach((p, pi) => this.panes.push({ window: wi, index: pi, manifest: p, logDir: path.join(dir, p.log) })),
    );
  }

  get id(): string {
    return this.manifest.id;
  }

  get damaged(): boolean {
    return this.damage.length > 0;
  }

  /**
   * How the session ended when every pane's program had exited by itself before
   * the restart (its primary pane's status, as `ls` shows for a live session), else
   * undefined. Such a session is listed as exited and is not resurrected: there is
   * no work to bring back, only a last screen to read. Panes the daemon's death
   * took down carry no exit, so one of them keeps the session resurrectable.
   */
  get finished(): PaneExit | undefined {
    if (this.panes.length === 0 || !this.panes.every((p) => p.manifest.exited)) return undefined;
    return (this.pane(0, 0) ?? this.panes[0]).manifest.exited;
  }

  /**
   * Reads and verifies every pane's log (once; later calls share the result).
   * Runs in the background after start-up; anything that needs the logs awaits it.
   */
  scanned(): Promise<void> {
    this.scan ??= (async () => {
      for (const p of this.panes) {
        p.view = await scanLog(p.logDir, { verify: true });
        for (const d of p.view.damage) this.damage.push(`pane ${p.window}.${p.index}: ${d}`);
        const last = p.view.times[p.view.times.length - 1];
        if (last) this.lastActivity = Math.max(this.lastActivity, last.t);
      }
    })();
    return this.scan;
  }

  /** The pane a target's window and pane indices name (omitted: the active ones). */
  pane(window?: number, index?: number): DormantPane | undefined {
    const w = window ?? this.manifest.activeWindow;
    const win = this.manifest.windows[w];
    if (!win) return undefined;
    const i = index ?? win.activePane;
    return this.panes.find((p) => p.window === w && p.index === i);
  }
}

/** "exit 9", "killed by signal 15": how a finished program ended, for messages. */
export function describeExit(e: PaneExit): string {
  return e.signal ? `killed by signal ${e.signal}` : `exit ${e.code}`;
}

/**
 * A complete manifest from what survived of a damaged one: salvaged fields, intact
 * windows, and a window for every pane log no surviving window refers to.
 */
export function rebuildManifest(
  id: string,
  salvage: Partial<SessionManifest>,
  logDirs: string[],
  fallback: { name: string; cwd: string; shell: string; now: number },
): SessionManifest {
  const windows: WindowManifest[] = (salvage.windows ?? []).filter((w) => w.panes.length > 0);
  const used = new Set(windows.flatMap((w) => w.panes.map((p) => p.log)));
  const cwd = salvage.cwd ?? fallback.cwd;
  for (const log of logDirs) {
    if (used.has(log)) continue;
    windows.push({
      name: 'recovered',
      activePane: 0,
      panes: [{ log, argv: [fallback.shell], cwd, cols: DEFAULT_COLS, rows: DEFAULT_ROWS }],
    });
  }
  const numbers = [...used, ...logDirs].map((l) => Number(/^p(\d+)$/.exec(l)?.[1] ?? -1));
  return {
    version: MANIFEST_VERSION,
    id,
    name: salvage.name ?? fallback.name,
    workspace: salvage.workspace ?? path.basename(cwd),
    cwd,
    env: salvage.env ?? {},
    created: salvage.created ?? fallback.now,
    lastAttached: salvage.lastAttached,
    lastDetached: salvage.lastDetached,
    activeWindow: 0,
    windows,
    nextPaneLog: Math.max(0, ...numbers) + 1,
  };
}
