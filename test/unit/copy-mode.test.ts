import { describe, expect, it } from 'vitest';
import { Row, rowText, rowToCells } from '../../src/common/cells';
import { CopyMode } from '../../src/client/copy-mode';

const line = (t: string): Row => [[t, -1, -1, 0]];
const lines = Array.from({ length: 100 }, (_, i) => line(`line ${i}`));
const cursor = { x: 0, y: 9, visible: true, style: 'block' as const, blink: false };
const key = (name: string) => ({ kind: 'key' as const, bytes: name, name });

describe('copy mode', () => {
  it('opens at the bottom and pages up through history', () => {
    const m = new CopyMode(lines, 90, 20, 10, cursor);
    expect(m.position()).toBe('[0/90]');
    m.key(key('PageUp'));
    expect(m.position()).toBe('[9/90]');
    expect(m.view().rows[0]).toEqual(line('line 81'));
  });

  it('jumps back to where "since you left" begins', () => {
    const m = new CopyMode(lines, 90, 20, 10, cursor); // the cursor is on line 99
    expect(m.jumpBack(30)).toBe(true);
    expect(m.view().rows[0]).toEqual(line('line 69'));
    expect(m.view().cursor).toMatchObject({ x: 0, y: 0 });
    expect(new CopyMode(lines, 90, 20, 10, cursor).jumpBack(500)).toBe(false);
  });

  it('searches towards older lines and copies a selection', () => {
    const m = new CopyMode(lines, 90, 20, 10, cursor);
    for (const k of ['/', 'l', 'i', 'n', 'e', ' ', '4', '2', 'Enter']) m.key(key(k));
    const v = m.view();
    expect(rowText(v.rows[v.cursor.y])).toBe('line 42');
    m.key(key(' '));
    m.key(key('$'));
    expect(m.key(key('Enter'))).toEqual({ kind: 'copy', text: 'line 42' });
  });

  it('searches, moves, selects and copies in screen columns on lines with wide and combining characters', () => {
    // 日本語 take two columns each: "wide" is at columns 11-14, not at string index 8.
    const wide: Row = [['日', -1, -1, 0, 2], ['本', -1, -1, 0, 2], ['語', -1, -1, 0, 2], [' foo wide', -1, -1, 0]];
    const m = new CopyMode([line('older wide'), wide, line('$')], 0, 60, 10, { ...cursor, y: 2 });
    for (const k of ['/', 'w', 'i', 'd', 'e', 'Enter']) m.key(key(k));
    let v = m.view();
    expect(v.cursor).toMatchObject({ x: 11, y: 1 });
    expect(highlighted(v.rows[1])).toEqual([11, 12, 13, 14]);
    m.key(key('v'));
    m.key(key('$'));
    expect(m.view().cursor.x).toBe(14);
    expect(m.key(key('y'))).toEqual({ kind: 'copy', text: 'wide' });

    // The cursor steps over a wide character as one cell and never lands on its second column.
    const n = new CopyMode([wide, line('0123456789')], 0, 60, 10, { ...cursor, y: 1, x: 3 });
    n.key(key('k'));
    expect(n.view().cursor.x).toBe(2);
    n.key(key('l'));
    expect(n.view().cursor.x).toBe(4);
    n.key(key('h'));
    n.key(key('h'));
    expect(n.view().cursor.x).toBe(0);
    n.key(key('v'));
    n.key(key('l'));
    expect(n.key(key('y'))).toEqual({ kind: 'copy', text: '日本' });

    // A base letter with a combining mark is one cell of one column, and copies as both.
    const accent: Row = [['caf', -1, -1, 0], ['e\u0301', -1, -1, 0, 1], [' au lait', -1, -1, 0]];
    const c = new CopyMode([accent, line('$')], 0, 60, 10, { ...cursor, y: 1 });
    for (const k of ['/', 'l', 'a', 'i', 't', 'Enter']) c.key(key(k));
    expect(c.view().cursor).toMatchObject({ x: 8, y: 0 });
    c.key(key('0'));
    c.key(key('v'));
    c.key(key('$'));
    expect(c.key(key('y'))).toEqual({ kind: 'copy', text: 'cafe\u0301 au lait' });
  });

  it('n and N reach every match on the same line, in both directions', () => {
    const rows = [line('bar1 bar2 bar3'), line('nothing'), line('$')];
    const up = new CopyMode(rows, 0, 40, 10, { ...cursor, y: 2 });
    for (const k of ['/', 'b', 'a', 'r', 'Enter']) up.key(key(k));
    const cols = [up.view().cursor.x];
    for (let i = 0; i < 3; i++) {
      up.key(key('n'));
      cols.push(up.view().cursor.x);
    }
    expect(cols).toEqual([10, 5, 0, 10]); // towards older: right to left, then round again
    up.key(key('N'));
    expect(up.view().cursor.x).toBe(0);

    const down = new CopyMode(rows, 0, 40, 10, { ...cursor, y: 0 });
    for (const k of ['?', 'b', 'a', 'r', 'Enter']) down.key(key(k));
    const cols2 = [down.view().cursor.x];
    for (let i = 0; i < 2; i++) {
      down.key(key('n'));
      cols2.push(down.view().cursor.x);
    }
    expect(cols2).toEqual([5, 10, 0]);
    expect(down.view().cursor.y).toBe(0);
  });

  it('fills the new pane size after a resize, keeping the cursor in view', () => {
    const m = new CopyMode(lines, 90, 20, 10, cursor); // the cursor is on line 99
    for (let i = 0; i < 16; i++) m.key(key('k'));
    expect(m.view().rows[0]).toEqual(line('line 83'));
    m.resize(10, 5);
    expect(m.view().rows).toHaveLength(5);
    expect(m.view().rows[0]).toEqual(line('line 83'));
    m.resize(40, 20);
    const v = m.view();
    expect(v.rows.map((r) => rowText(r))).toEqual(Array.from({ length: 20 }, (_, i) => `line ${80 + i}`));
    expect(v.cursor).toMatchObject({ y: 3 });
    // Opened at the bottom, it stays at the bottom whatever the size.
    const b = new CopyMode(lines, 90, 20, 10, cursor);
    b.resize(20, 4);
    expect(b.position()).toBe('[0/90]');
    expect(rowText(b.view().rows[3])).toBe('line 99');
  });
});

/** Columns painted with the search-match background. */
function highlighted(row: Row): number[] {
  return rowToCells(row).flatMap((c, x) => (c.bg === 221 ? [x] : []));
}

