/**
 * A window's layout: a tree of splits whose leaves are panes (tmux's layout
 * cells). Pure: the daemon keeps one per window, computes pane rectangles from it,
 * and stores it in the manifest.
 *
 * Children of a split carry integer weights; the space a split gets is shared in
 * proportion to them after one column (or row) per border between children.
 * Weights rather than absolute sizes keep proportions when the terminal resizes.
 */

export type Direction = 'h' | 'v'; // h: side by side (left|right), v: stacked (top/bottom)

export type LayoutNode = { kind: 'pane'; pane: number } | { kind: 'split'; dir: Direction; children: LayoutNode[]; weights: number[] };

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A split never leaves a pane smaller than this; tmux's minimum is 1, but 2 keeps a prompt usable. */
export const MIN_PANE = 2;

/** Weights are in units of 1/WEIGHT_SCALE of the parent, so resizes by one cell are representable. */
const WEIGHT_SCALE = 10_000;

export function leaf(pane: number): LayoutNode {
  return { kind: 'pane', pane };
}

export function panesOf(node: LayoutNode): number[] {
  return node.kind === 'pane' ? [node.pane] : node.children.flatMap(panesOf);
}

/** Splits `target` in `dir`, putting `added` after it with half of its space. */
export function splitPane(root: LayoutNode, target: number, dir: Direction, added: number): LayoutNode {
  const replace = (node: LayoutNode): LayoutNode => {
    if (node.kind === 'pane') {
      if (node.pane !== target) return node;
      return { kind: 'split', dir, children: [node, leaf(added)], weights: [WEIGHT_SCALE / 2, WEIGHT_SCALE / 2] };
    }
    const i = node.children.findIndex((c) => c.kind === 'pane' && c.pane === target);
    if (i >= 0 && node.dir === dir) {
      // Same direction: share the target's slot instead of nesting another split.
      const half = node.weights[i] / 2;
      const children = [...node.children.slice(0, i + 1), leaf(added), ...node.children.slice(i + 1)];
      const weights = [...node.weights.slice(0, i), half, half, ...node.weights.slice(i + 1)];
      return { ...node, children, weights };
    }
    return { ...node, children: node.children.map(replace) };
  };
  return replace(root);
}

/** Removes a pane; its space goes to its siblings. Returns null if it was the last pane. */
export function removePane(root: LayoutNode, target: number): LayoutNode | null {
  const remove = (node: LayoutNode): LayoutNode | null => {
    if (node.kind === 'pane') return node.pane === target ? null : node;
    const children: LayoutNode[] = [];
    const weights: number[] = [];
    node.children.forEach((c, i) => {
      const r = remove(c);
      if (r) {
        children.push(r);
        weights.push(node.weights[i]);
      }
    });
    if (children.length === 0) return null;
    if (children.length === 1) return children[0];
    return { ...node, children, weights };
  };
  return remove(root);
}

/** Integer sizes for `weights` sharing `total` cells, each at least MIN_PANE when possible. */
function share(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const sizes = weights.map((w) => Math.max(1, Math.round((total * w) / sum)));
  let used = sizes.reduce((a, b) => a + b, 0);
  // Hand out (or take back) rounding leftovers from the end, like tmux gives them to the last cell.
  for (let i = sizes.length - 1; used !== total && i >= 0; i = i === 0 ? sizes.length - 1 : i - 1) {
    if (used < total) {
      sizes[i]++;
      used++;
    } else if (sizes[i] > 1) {
      sizes[i]--;
      used--;
    } else if (sizes.every((s) => s <= 1)) break;
  }
  return sizes;
}

/** Rectangles of every pane when the window is `w` x `h`; borders take one cell between siblings. */
export function computeRects(root: LayoutNode, w: number, h: number): Map<number, Rect> {
  const out = new Map<number, Rect>();
  const place = (node: LayoutNode, r: Rect) => {
    if (node.kind === 'pane') {
      out.set(node.pane, r);
      return;
    }
    const borders = node.children.length - 1;
    const along = node.dir === 'h' ? r.w : r.h;
    const sizes = share(Math.max(node.children.length, along - borders), node.weights);
    let pos = node.dir === 'h' ? r.x : r.y;
    node.children.forEach((c, i) => {
      const rect = node.dir === 'h' ? { x: pos, y: r.y, w: sizes[i], h: r.h } : { x: r.x, y: pos, w: r.w, h: sizes[i] };
      place(c, rect);
      pos += sizes[i] + 1;
    });
  };
  place(root, { x: 0, y: 0, w, h });
  return out;
}

/** Can `target` be split in `dir` at this window size without going under MIN_PANE? */
export function canSplit(root: LayoutNode, target: number, dir: Direction, w: number, h: number): boolean {
  const r = computeRects(root, w, h).get(target);
  if (!r) return false;
  const along = dir === 'h' ? r.w : r.h;
  return along >= 2 * MIN_PANE + 1;
}

/**
 * Moves one border of `target` along `dir` by `delta` cells (+: right/down,
 * -: left/up): the border after the pane, or before it when the pane is last in
 * its split (tmux's resize-pane). Neither side goes under MIN_PANE.
 */
export function resizePane(root: LayoutNode, target: number, dir: Direction, delta: number, w: number, h: number): LayoutNode {
  const rects = computeRects(root, w, h);
  const visit = (node: LayoutNode): LayoutNode => {
    if (node.kind === 'pane') return node;
    const i = node.children.findIndex((c) => panesOf(c).includes(target));
    if (i < 0) return node;
    if (node.dir !== dir) return { ...node, children: node.children.map((c, k) => (k === i ? visit(c) : c)) };
    const j = i < node.children.length - 1 ? i + 1 : i - 1;
    const grow = j > i ? delta : -delta;
    const mine = spanOf(node.children[i], rects, dir);
    const theirs = spanOf(node.children[j], rects, dir);
    const moved = Math.max(-(mine - MIN_PANE), Math.min(theirs - MIN_PANE, grow));
    if (moved === 0) return node;
    const cells = node.children.reduce((a, c) => a + spanOf(c, rects, dir), 0);
    const unit = node.weights.reduce((a, b) => a + b, 0) / Math.max(1, cells);
    const weights = [...node.weights];
    weights[i] += moved * unit;
    weights[j] -= moved * unit;
    return { ...node, weights };
  };
  return visit(root);
}

/** The extent of a subtree along `dir`, from its panes' rectangles. */
function spanOf(node: LayoutNode, rects: Map<number, Rect>, dir: Direction): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of panesOf(node)) {
    const r = rects.get(p);
    if (!r) continue;
    lo = Math.min(lo, dir === 'h' ? r.x : r.y);
    hi = Math.max(hi, dir === 'h' ? r.x + r.w : r.y + r.h);
  }
  return hi - lo;
}

export type Side = 'left' | 'right' | 'up' | 'down';

/** The pane next to `from` on `side` (overlapping it the most), or undefined at the edge. */
export function neighbour(rects: Map<number, Rect>, from: number, side: Side): number | undefined {
  const r = rects.get(from);
  if (!r) return undefined;
  let best: number | undefined;
  let bestOverlap = 0;
  for (const [id, o] of rects) {
    if (id === from) continue;
    let adjacent = false;
    let overlap = 0;
    if (side === 'left' || side === 'right') {
      adjacent = side === 'left' ? o.x + o.w + 1 === r.x : r.x + r.w + 1 === o.x;
      overlap = Math.min(r.y + r.h, o.y + o.h) - Math.max(r.y, o.y);
    } else {
      adjacent = side === 'up' ? o.y + o.h + 1 === r.y : r.y + r.h + 1 === o.y;
      overlap = Math.min(r.x + r.w, o.x + o.w) - Math.max(r.x, o.x);
    }
    if (adjacent && overlap > bestOverlap) {
      best = id;
      bestOverlap = overlap;
    }
  }
  return best;
}

/** Which pane (if any) has a border cell at (x, y), and which way that border runs. */
export function borderAt(root: LayoutNode, w: number, h: number, x: number, y: number): { pane: number; dir: Direction } | undefined {
  const rects = computeRects(root, w, h);
  for (const [id, r] of rects) {
    // The vertical border right of a pane, or the horizontal border below it.
    if (x === r.x + r.w && y >= r.y && y < r.y + r.h && x < w) return { pane: id, dir: 'h' };
    if (y === r.y + r.h && x >= r.x && x < r.x + r.w && y < h) return { pane: id, dir: 'v' };
  }
  return undefined;
}

/** The same tree with every pane id replaced by `f(id)` (the manifest stores panes by index, not by id). */
export function relabel(node: LayoutNode, f: (pane: number) => number): LayoutNode {
  if (node.kind === 'pane') return leaf(f(node.pane));
  return { ...node, children: node.children.map((c) => relabel(c, f)) };
}

/** Nesting deeper than this is not a layout anyone made; refusing it keeps recursion bounded. */
const MAX_LAYOUT_DEPTH = 64;

/**
 * A layout read from disk, where anything may be wrong: a tree whose leaves are
 * exactly the indices 0..count-1, each once, with positive weights. Null when it
 * is not one (the caller then lays the panes out afresh).
 */
export function parseLayout(v: unknown, count: number): LayoutNode | null {
  const seen = new Set<number>();
  const parse = (n: unknown, depth: number): LayoutNode | null => {
    if (depth > MAX_LAYOUT_DEPTH || !n || typeof n !== 'object') return null;
    const o = n as Record<string, unknown>;
    if (o.kind === 'pane') {
      const p = o.pane;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= count || seen.has(p)) return null;
      seen.add(p);
      return leaf(p);
    }
    if (o.kind !== 'split' || (o.dir !== 'h' && o.dir !== 'v') || !Array.isArray(o.children) || !Array.isArray(o.weights)) return null;
    if (o.children.length < 2 || o.weights.length !== o.children.length) return null;
    if (!o.weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w > 0)) return null;
    const children: LayoutNode[] = [];
    for (const c of o.children) {
      const child = parse(c, depth + 1);
      if (!child) return null;
      children.push(child);
    }
    return { kind: 'split', dir: o.dir, children, weights: [...(o.weights as number[])] };
  };
  const root = parse(v, 0);
  return root && seen.size === count ? root : null;
}
