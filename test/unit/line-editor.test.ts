/**
 * The prompts' line editor, from key tokens: cursor movement and editing by cells
 * (a wide character or a letter with combining marks is one step), and a view that
 * keeps the cursor on screen.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/client/key-tokens';
import { LineEditor } from '../../src/client/line-editor';

function type(e: LineEditor, bytes: string): string[] {
  return tokenize(bytes).tokens.map((t) => e.key(t));
}

describe('LineEditor', () => {
  it('inserts and deletes at the cursor, which moves by cells', () => {
    const e = new LineEditor('abc');
    type(e, '\x1b[D\x1b[DX'); // Left Left X
    expect(e.value).toBe('aXbc');
    type(e, '\x01Y\x05Z'); // C-a Y C-e Z
    expect(e.value).toBe('YaXbcZ');
    type(e, '\x1b[D\x1b[D\x7f\x1b[3~'); // Left Left BSpace Delete
    expect(e.value).toBe('YaXZ');
    type(e, '\x01\x1b[C\x0b'); // C-a Right C-k
    expect(e.value).toBe('Y');
    const wide = new LineEditor('日本語');
    type(wide, '\x1b[D!');
    expect(wide.value).toBe('日本!語');
    expect(wide.view(40)).toEqual({ text: '日本!語', cursorCol: 5, under: ['語', 2] });
    const marks = new LineEditor('e\u0301x'); // é as e + combining acute: one cell
    type(marks, '\x1b[D\x1b[D\x7f');
    expect(marks.value).toBe('e\u0301x');
    type(marks, '\x1b[C\x7f');
    expect(marks.value).toBe('x');
  });

  it('C-u, C-w as in a shell; Enter and Escape or C-c end it; controls, Tab and newlines are not text', () => {
    const e = new LineEditor('git commit  -m');
    type(e, '\x17');
    expect(e.value).toBe('git commit  ');
    type(e, '\x17');
    expect(e.value).toBe('git ');
    type(e, '\t\x1bOP');
    expect(e.value).toBe('git ');
    expect(type(e, '\x1b[200~a\nb\x1b[201~')).toEqual(['edit']);
    expect(e.value).toBe('git ab');
    type(e, '\x15');
    expect(e.value).toBe('');
    expect(type(new LineEditor(), '\r')).toEqual(['enter']);
    expect(type(new LineEditor(), '\x03')).toEqual(['cancel']);
    expect(type(new LineEditor(), '\x1b')).toEqual(['cancel']);
  });

  it('scrolls a long value so that the cursor stays in view', () => {
    const e = new LineEditor('0123456789');
    expect(e.view(5)).toEqual({ text: '6789', cursorCol: 4, under: undefined });
    type(e, '\x01');
    expect(e.view(5)).toEqual({ text: '01234', cursorCol: 0, under: ['0', 1] });
  });
});
