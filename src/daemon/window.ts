/**
 * A window: a tab inside a session, holding panes laid out by a split tree. The
 * active pane receives typed input; targets without a pane index refer to it.
 * Pane indices (`NAME:W.P`) follow the layout order, as in tmux.
 */
import {
  computeRects, Direction, leaf, LayoutNode, neighbour, panesOf, Rect, relabel, removePane, resizePane, Side, splitPane,
} from '../common/layout';
import type { Pane } from './pane';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../common/default-size';

export class Window {
  layout: LayoutNode | null = null;
  private readonly byId = new Map<number, Pane>();
  activeId = -1;
  /** The pane shown alone over the whole window, if zoomed. */
  zoomed = false;
  /** Set when a pane rang the bell while nobody was looking at this window. */
  bell = false;
  /** The window area the panes are laid out in (the session size minus the status line). */
  width = DEFAULT_COLS;
  height = DEFAULT_ROWS;

  constructor(
    readonly id: number,
    public name: string,
  ) {}

  /** Panes in layout order: index i is `NAME:W.i`. */
  get panes(): Pane[] {
    return this.layout ? panesOf(this.layout).map((id) => this.byId.get(id)!) : [];
  }

  get active(): Pane | undefined {
    return this.byId.get(this.activeId);
  }

  get activePane(): number {
    return Math.max(0, this.panes.findIndex((p) => p.id === this.activeId));
  }

  pane(id: number): Pane | undefined {
    return this.byId.get(id);
  }

  /** The first pane of a new window. */
  add(pane: Pane): void {
    this.byId.set(pane.id, pane);
    this.layout = this.layout ? splitPane(this.layout, this.activeId, 'h', pane.id) : leaf(pane.id);
    this.activeId = pane.id;
  }

  /**
   * A window rebuilt from a manifest: `panes` in the order the layout's indices
   * name them, `layout` over those indices (null: side by side, as if added one by
   * one), `active` the index of the focused pane.
   */
  restore(panes: Pane[], layout: LayoutNode | null, active: number): void {
    if (layout) {
      for (const p of panes) this.byId.set(p.id, p);
      this.layout = relabel(layout, (i) => panes[i].id);
    } else {
      for (const p of panes) this.add(p);
    }
    this.activeId = (panes[active] ?? panes[0])?.id ?? -1;
    this.applySize();
  }

  /** Puts `added` beside `target` (h: to its right, v: below it) and focuses it. */
  split(target: Pane, dir: Direction, added: Pane): void {
    this.byId.set(added.id, added);
    this.layout = this.layout ? splitPane(this.layout, target.id, dir, added.id) : leaf(added.id);
    this.activeId = added.id;
    this.zoomed = false;
    this.applySize();
  }

  remove(pane: Pane): void {
    if (!this.byId.has(pane.id)) return;
    const order = this.panes;
    const i = order.indexOf(pane);
    this.byId.delete(pane.id);
    this.layout = this.layout ? removePane(this.layout, pane.id) : null;
    if (this.activeId === pane.id) {
      const rest = this.panes;
      this.activeId = rest.length ? rest[Math.max(0, Math.min(i, rest.length) - 1)].id : -1;
    }
    this.zoomed = false;
    this.applySize();
  }

  select(pane: Pane): void {
    if (!this.byId.has(pane.id)) return;
    if (this.zoomed && pane.id !== this.activeId) this.zoomed = false;
    this.activeId = pane.id;
    this.applySize();
  }

  /** Moves focus to the neighbour on `side`, or to the next pane in order for 'next'. */
  focus(side: Side | 'next' | 'prev'): boolean {
    const order = this.panes;
    if (order.length < 2) return false;
    let target: number | undefined;
    if (side === 'next' || side === 'prev') {
      const i = order.findIndex((p) => p.id === this.activeId);
      target = order[(i + (side === 'next' ? 1 : order.length - 1)) % order.length].id;
    } else {
      target = neighbour(this.layoutRects(), this.activeId, side);
    }
    if (target === undefined) return false;
    this.select(this.byId.get(target)!);
    return true;
  }

  toggleZoom(): void {
    this.zoomed = !this.zoomed && this.byId.size > 1;
    this.applySize();
  }

  resizePane(pane: Pane, dir: Direction, delta: number): void {
    if (!this.layout) return;
    this.zoomed = false;
    this.layout = resizePane(this.layout, pane.id, dir, delta, this.width, this.height);
    this.applySize();
  }

  setSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.applySize();
  }

  /** Rectangles as laid out, ignoring zoom. */
  layoutRects(): Map<number, Rect> {
    return this.layout ? computeRects(this.layout, this.width, this.height) : new Map();
  }

  /** Rectangles of the panes visible now: all of them, or the zoomed one over everything. */
  visibleRects(): Map<number, Rect> {
    if (this.zoomed && this.active) return new Map([[this.activeId, { x: 0, y: 0, w: this.width, h: this.height }]]);
    return this.layoutRects();
  }

  /** Resizes every pane (its PTY and screen) to its rectangle. */
  applySize(): void {
    for (const [id, r] of this.visibleRects()) this.byId.get(id)?.resize(Math.max(2, r.w), Math.max(1, r.h));
  }
}
