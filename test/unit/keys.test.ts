import { describe, expect, it } from 'vitest';
import { keyToBytes, looksLikeKeyName } from '../../src/common/keys';

const normal = { applicationCursorKeys: false };
const app = { applicationCursorKeys: true };

describe('keyToBytes', () => {
  it.each([
    ['Enter', '\r'],
    ['Escape', '\x1b'],
    ['Tab', '\t'],
    ['BTab', '\x1b[Z'],
    ['BSpace', '\x7f'],
    ['Space', ' '],
    ['C-c', '\x03'],
    ['C-d', '\x04'],
    ['C-a', '\x01'],
    ['C-Space', '\x00'],
    ['C-[', '\x1b'],
    ['M-x', '\x1bx'],
    ['M-Enter', '\x1b\r'],
    ['C-M-a', '\x1b\x01'],
    ['S-a', 'A'],
    ['PageUp', '\x1b[5~'],
    ['PPage', '\x1b[5~'],
    ['PageDown', '\x1b[6~'],
    ['Home', '\x1b[H'],
    ['End', '\x1b[F'],
    ['Delete', '\x1b[3~'],
    ['F1', '\x1bOP'],
    ['F4', '\x1bOS'],
    ['F5', '\x1b[15~'],
    ['F12', '\x1b[24~'],
    ['C-Up', '\x1b[1;5A'],
    ['S-Left', '\x1b[1;2D'],
    ['M-F5', '\x1b[15;3~'],
  ])('%s', (name, bytes) => {
    expect(keyToBytes(name, normal)).toBe(bytes);
  });

  it('follows application cursor mode for arrows and Home/End', () => {
    expect(keyToBytes('Up', normal)).toBe('\x1b[A');
    expect(keyToBytes('Up', app)).toBe('\x1bOA');
    expect(keyToBytes('Left', app)).toBe('\x1bOD');
    expect(keyToBytes('Home', app)).toBe('\x1bOH');
    // Modified arrows are the same in both modes.
    expect(keyToBytes('C-Up', app)).toBe('\x1b[1;5A');
  });

  it('is case-insensitive for names, like tmux', () => {
    expect(keyToBytes('enter', normal)).toBe('\r');
    expect(keyToBytes('PAGEUP', normal)).toBe('\x1b[5~');
  });

  it('returns null for words that are not keys', () => {
    for (const w of ['hello', 'Entr', 'C-', 'C-foo', 'F13', 'x']) expect(keyToBytes(w, normal)).toBeNull();
  });

  it('tells key-like typos from text', () => {
    expect(looksLikeKeyName('C-foo')).toBe(true);
    expect(looksLikeKeyName('M-x')).toBe(true);
    expect(looksLikeKeyName('hello')).toBe(false);
    expect(looksLikeKeyName('-')).toBe(false);
  });
});
