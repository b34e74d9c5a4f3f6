import { describe, expect, it } from 'vitest';
import { borderAt, canSplit, computeRects, leaf, neighbour, panesOf, removePane, resizePane, splitPane } from '../../src/common/layout';

describe('layout', () => {
  it('splits left/right with a one-column border', () => {
    const l = splitPane(leaf(0), 0, 'h', 1);
    const r = computeRects(l, 81, 24);
    expect(r.get(0)).toEqual({ x: 0, y: 0, w: 40, h: 24 });
    expect(r.get(1)).toEqual({ x: 41, y: 0, w: 40, h: 24 });
  });

  it('splits top/bottom inside a left/right split', () => {
    let l = splitPane(leaf(0), 0, 'h', 1);
    l = splitPane(l, 1, 'v', 2);
    const r = computeRects(l, 80, 25);
    expect(r.get(1)).toEqual({ x: 41, y: 0, w: 39, h: 12 });
    expect(r.get(2)).toEqual({ x: 41, y: 13, w: 39, h: 12 });
    expect(panesOf(l)).toEqual([0, 1, 2]);
  });

  it('shares a slot when splitting in the same direction again', () => {
    let l = splitPane(leaf(0), 0, 'h', 1);
    l = splitPane(l, 1, 'h', 2);
    expect(l.kind === 'split' && l.children.length).toBe(3);
    const r = computeRects(l, 80, 10);
    const widths = [0, 1, 2].map((p) => r.get(p)!.w);
    expect(widths.reduce((a, b) => a + b) + 2).toBe(80);
  });

  it('gives the space of a removed pane back to its siblings', () => {
    let l = splitPane(leaf(0), 0, 'h', 1);
    l = splitPane(l, 1, 'v', 2);
    const without = removePane(l, 1)!;
    expect(computeRects(without, 80, 24).get(2)).toEqual({ x: 41, y: 0, w: 39, h: 24 });
    expect(removePane(leaf(0), 0)).toBeNull();
  });

  it('covers the whole window exactly, at any size', () => {
    let l = splitPane(leaf(0), 0, 'h', 1);
    l = splitPane(l, 0, 'v', 2);
    l = splitPane(l, 1, 'v', 3);
    for (const [w, h] of [[80, 24], [81, 25], [7, 7], [200, 60]]) {
      const rects = computeRects(l, w, h);
      let area = 0;
      for (const r of rects.values()) {
        expect(r.x + r.w).toBeLessThanOrEqual(w);
        expect(r.y + r.h).toBeLessThanOrEqual(h);
        area += r.w * r.h;
      }
      // Panes plus one border column and the border rows inside each half.
      const left = rects.get(0)!;
      expect(area + h + (left.w) + (w - left.w - 1)).toBe(w * h);
    }
  });

  it('moves borders by whole cells and never below the minimum', () => {
    const l = splitPane(leaf(0), 0, 'h', 1);
    const grown = resizePane(l, 0, 'h', 5, 81, 24);
    expect(computeRects(grown, 81, 24).get(0)!.w).toBe(45);
    const back = resizePane(grown, 1, 'h', 3, 81, 24); // last pane: its left border moves right
    expect(computeRects(back, 81, 24).get(1)!.w).toBe(32);
    const squeezed = resizePane(l, 0, 'h', 1000, 81, 24);
    expect(computeRects(squeezed, 81, 24).get(1)!.w).toBe(2);
  });

  it('finds neighbours and borders for focus moves and mouse drags', () => {
    let l = splitPane(leaf(0), 0, 'h', 1);
    l = splitPane(l, 1, 'v', 2);
    const rects = computeRects(l, 81, 25);
    expect(neighbour(rects, 0, 'right')).toBe(1);
    expect(neighbour(rects, 1, 'down')).toBe(2);
    expect(neighbour(rects, 2, 'left')).toBe(0);
    expect(neighbour(rects, 0, 'left')).toBeUndefined();
    expect(borderAt(l, 81, 25, 40, 3)).toEqual({ pane: 0, dir: 'h' });
    expect(borderAt(l, 81, 25, 50, 12)).toEqual({ pane: 1, dir: 'v' });
    expect(borderAt(l, 81, 25, 10, 3)).toBeUndefined();
    expect(canSplit(l, 2, 'v', 81, 25)).toBe(true);
    expect(canSplit(l, 2, 'v', 81, 7)).toBe(false);
  });
});
