/**
 * A named session: windows of panes, the workspace it belongs to, and the times
 * `spaces ls` reports.
 */
import type { Pane } from './pane';
import { Window } from './window';

export class Session {
  windows: Window[] = [];
  activeWindow = 0;
  /** Clients currently attached (interactive views). */
  attached = 0;

  constructor(
    public name: string,
    readonly workspace: string,
    readonly cwd: string,
    readonly created: number,
  ) {}

  get window(): Window | undefined {
    return this.windows[this.activeWindow];
  }

  /** Every pane of every window. */
  panes(): Pane[] {
    return this.windows.flatMap((w) => w.panes);
  }

  /** The pane the session is "about" in listings: the first pane of the first window. */
  primaryPane(): Pane | undefined {
    return this.windows[0]?.panes[0];
  }

  lastActivity(): number {
    let t = this.created;
    for (const p of this.panes()) t = Math.max(t, p.lastActivity);
    return t;
  }

  /** Running while any pane runs; otherwise exited, with the primary pane's status. */
  running(): boolean {
    return this.panes().some((p) => p.running);
  }
}
