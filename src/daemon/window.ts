/**
 * A window: a tab inside a session, holding panes. The active pane is the one that
 * receives typed input and that targets without a pane index refer to.
 */
import type { Pane } from './pane';

export class Window {
  panes: Pane[] = [];
  activePane = 0;

  constructor(
    readonly id: number,
    public name: string,
  ) {}

  get active(): Pane | undefined {
    return this.panes[this.activePane];
  }

  add(pane: Pane): void {
    this.panes.push(pane);
    this.activePane = this.panes.length - 1;
  }

  remove(pane: Pane): void {
    const i = this.panes.indexOf(pane);
    if (i < 0) return;
    this.panes.splice(i, 1);
    if (this.activePane >= this.panes.length) this.activePane = Math.max(0, this.panes.length - 1);
  }
}
