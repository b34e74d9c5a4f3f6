import { describe, expect, it } from 'vitest';
import { Row, rowText } from '../../src/common/cells';
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
});
