import { describe, expect, it } from 'vitest';
import { TextLine, TextLines, MAX_LINE_CHARS } from '../../src/common/ansi-text';

function lines(input: string | Buffer, chunk = Infinity, start = 0): TextLine[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const t = new TextLines(start);
  const out: TextLine[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(chunk, bytes.length)) t.push(bytes.subarray(i, i + chunk), (l) => out.push(l));
  t.end((l) => out.push(l));
  return out;
}

describe('TextLines', () => {
  it('splits lines and gives each its starting byte offset', () => {
    expect(lines('one\r\ntwo\r\nthree', Infinity, 100)).toEqual([
      { text: 'one', offset: 100 },
      { text: 'two', offset: 105 },
      { text: 'three', offset: 110 },
    ]);
  });

  it('drops colours, titles and modes but keeps the text they decorate', () => {
    const s = '\x1b[1;38;2;255;0;0mred\x1b[0m \x1b]0;title\x07\x1b[?2004hplain\x1b(B\x1bP1$r\x1b\\!\n';
    expect(lines(s).map((l) => l.text)).toEqual(['red plain!']);
  });

  it('applies carriage returns, backspaces, tabs and erase-in-line as a terminal would', () => {
    expect(lines('progress 10%\rprogress 99%\n')[0].text).toBe('progress 99%');
    expect(lines('abcdef\rXY\n')[0].text).toBe('XYcdef');
    expect(lines('abc\b\bZ\n')[0].text).toBe('aZc');
    expect(lines('a\tb\n')[0].text).toBe('a       b');
    expect(lines('spinner |\r\x1b[2Kdone\n')[0].text).toBe('done');
    expect(lines('keep this\x1b[5Gvery\n')[0].text).toBe('keepverys');
  });

  it('decodes UTF-8 across chunk boundaries', () => {
    const s = 'naïve 中文 🚀 ok\n';
    for (const chunk of [1, 2, 3, 5]) expect(lines(s, chunk)[0].text, `chunk ${chunk}`).toBe('naïve 中文 🚀 ok');
  });

  it('survives garbage and caps line length', () => {
    const garbage = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256));
    expect(() => lines(garbage, 4096)).not.toThrow();
    const long = lines('x'.repeat(MAX_LINE_CHARS * 2 + 5) + '\n');
    expect(long.map((l) => l.text.length)).toEqual([MAX_LINE_CHARS, MAX_LINE_CHARS, 5]);
    const unterminated = lines('\x1b]' + 'y'.repeat(50_000) + 'z');
    expect(unterminated).toEqual([]);
  });
});
