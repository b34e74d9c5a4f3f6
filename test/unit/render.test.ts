import { describe, expect, it } from 'vitest';
import { ATTR_NAMES, Attr, rgbColor, Row, rowText, rowToCells } from '../../src/common/cells';
import { printableJson, printableLine } from '../../src/common/printable';
import { CaptureData, captureAnsi, captureText } from '../../src/render/capture-format';
import { jsonColor, writeCaptureJson } from '../../src/render/capture-json';
import { Grid } from '../../src/render/grid';
import { drawStatus, windowAt } from '../../src/render/status-line';
import { MIN_TILE_ROWS, tileRects } from '../../src/render/grid-compose';
import { rgbTo256, downgrade, to16 } from '../../src/render/palette';
import { sgrFull, sgrTransition, DEFAULT_STYLE } from '../../src/render/sgr';

/** The document `capture --json` writes, built the plain way: the object, then printableJson. */
function captureJson(data: CaptureData): string {
  const lines = data.lines.map((row, i) => ({
    index: i - data.historyLines,
    text: printableLine(rowText(row)),
    cells: rowToCells(row).map((c) => {
      const cell: { ch: string; width: number; fg: unknown; bg: unknown; attrs?: string[] } = { ch: printableLine(c.ch), width: c.width, fg: jsonColor(c.fg), bg: jsonColor(c.bg) };
      const names = ATTR_NAMES.filter((n) => c.attrs & Attr[n]);
      if (names.length) cell.attrs = names;
      return cell;
    }),
  }));
  return printableJson({ cols: data.cols, rows: data.rows, cursor: data.cursor, historyLines: data.historyLines, lines });
}

/** What `capture --json` writes for `data`, whole. */
async function streamedJson(data: CaptureData): Promise<string> {
  const chunks: string[] = [];
  await writeCaptureJson(data, async (text) => void chunks.push(text));
  return chunks.join('');
}

describe('sgr', () => {
  it('writes full sequences for every colour kind', () => {
    expect(sgrFull({ fg: 1, bg: 12, attrs: Attr.bold })).toBe('\x1b[0;1;31;104m');
    expect(sgrFull({ fg: 196, bg: -1, attrs: 0 })).toBe('\x1b[0;38;5;196m');
    expect(sgrFull({ fg: rgbColor(1, 2, 3), bg: rgbColor(4, 5, 6), attrs: 0 })).toBe('\x1b[0;38;2;1;2;3;48;2;4;5;6m');
  });

  it('writes only what changed between styles', () => {
    const bold = { fg: -1, bg: -1, attrs: Attr.bold };
    expect(sgrTransition(DEFAULT_STYLE, DEFAULT_STYLE)).toBe('');
    expect(sgrTransition(DEFAULT_STYLE, bold)).toBe('\x1b[1m');
    expect(sgrTransition(bold, { ...bold, fg: 2 })).toBe('\x1b[32m');
    expect(sgrTransition(bold, DEFAULT_STYLE)).toBe('\x1b[0m');
  });

  it('re-enables dim when turning off bold (SGR 22 clears both)', () => {
    const both = { fg: 3, bg: -1, attrs: Attr.bold | Attr.dim };
    expect(sgrTransition(both, { fg: 3, bg: -1, attrs: Attr.dim })).toBe('\x1b[22;2m');
  });

  it('downgrades colours only when asked', () => {
    const orange = rgbColor(255, 135, 0);
    expect(downgrade(orange, 'truecolor')).toBe(orange);
    expect(downgrade(orange, '256')).toBe(208);
    expect(rgbTo256(128, 128, 128)).toBe(244);
    expect(to16([250, 0, 0])).toBe(9);
    expect(downgrade(196, '16')).toBe(9);
    expect(sgrFull({ fg: orange, bg: -1, attrs: 0 }, '256')).toBe('\x1b[0;38;5;208m');
  });
});

describe('capture formats', () => {
  const rows: Row[] = [
    [['ab', rgbColor(1, 2, 3), -1, Attr.bold], ['中', -1, 5, 0, 2], ['   ', -1, -1, 0]],
    [['    ', -1, -1, 0]],
  ];

  it('prints plain text with trailing blanks trimmed', () => {
    expect(captureText(rows)).toBe('ab中\n\n');
  });

  it('prints SGR that reproduces the styles and resets each line', () => {
    expect(captureAnsi(rows)).toBe('\x1b[1;38;2;1;2;3mab\x1b[22;39;45m中\x1b[0m\n\n');
  });

  it('prints cells as JSON', async () => {
    const j = JSON.parse(
      await streamedJson({ cols: 6, rows: 2, cursor: { x: 0, y: 0, visible: true, style: 'block', blink: false }, lines: rows, historyLines: 0 }),
    );
    expect(j.lines[0].cells.slice(0, 4)).toEqual([
      { ch: 'a', width: 1, fg: '#010203', bg: null, attrs: ['bold'] },
      { ch: 'b', width: 1, fg: '#010203', bg: null, attrs: ['bold'] },
      { ch: '中', width: 2, fg: null, bg: 5 },
      { ch: '', width: 0, fg: null, bg: 5 },
    ]);
    expect(j.lines[0].text).toBe('ab中');
  });

  it('never prints control characters, whatever a (remote) daemon put in a cell', async () => {
    const hostile: Row[] = [[['ok\x1b]52;c;aGk=\x07\x9b2J', -1, -1, 0], ['\x1b', -1, 1, 0, 1]]];
    expect(captureText(hostile)).toBe('ok]52;c;aGk=2J\n');
    expect(captureAnsi(hostile)).toBe('ok]52;c;aGk=2J\x1b[41m\x1b[0m\n');
    const j = JSON.parse(await streamedJson({ cols: 20, rows: 1, cursor: { x: 0, y: 0, visible: true, style: 'block', blink: false }, lines: hostile, historyLines: 0 }));
    expect(j.lines[0].text).toBe('ok]52;c;aGk=2J');
    expect(j.lines[0].cells.map((c: { ch: string }) => c.ch).join('')).toBe('ok]52;c;aGk=2J');
  });

  it('writes, in chunks, exactly the document the plain object would give', async () => {
    // The streamed writer serializes cells itself (for speed): it must not drift from the format.
    const odd: Row[] = [
      [['ab  "q\\', rgbColor(1, 2, 3), -1, Attr.bold | Attr.underline], ['中', -1, 5, 0, 2], ['🚀', 9, 200, Attr.italic, 2], ['e\u0301', -1, -1, 0, 1]],
      [['ok\x1b]52;c;aGk=\x07\x9b2J\x7f', -1, -1, 0], ['\x1b', -1, 1, 0, 1], ['', 3, 4, 0], ['é\u00a0\ud800', 7, -1, Attr.inverse]],
      [['          ', -1, -1, 0]],
      [],
    ];
    // Enough lines for many chunks.
    const lines = Array.from({ length: 3000 }, (_, i) => odd[i % odd.length]);
    const data = { cols: 10, rows: 3, cursor: { x: 1, y: 2, visible: true, style: 'bar' as const, blink: true }, lines, historyLines: 2997 };
    const chunks: string[] = [];
    await writeCaptureJson(data, async (text) => void chunks.push(text));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(captureJson(data) + '\n');
    const empty = { ...data, lines: [], historyLines: 0 };
    chunks.length = 0;
    await writeCaptureJson(empty, async (text) => void chunks.push(text));
    expect(chunks.join('')).toBe(captureJson(empty) + '\n');
  });
});

describe('status line', () => {
  const status = (names: string[], active: number) => ({
    session: 't8',
    workspace: 'ux',
    title: '',
    clients: 1,
    readOnly: false,
    windows: names.map((name, index) => ({ index, name, active: index === active, bell: false, zoomed: false, attention: false })),
  });
  const line = (cols: number, s: ReturnType<typeof status>, extras = {}) => {
    const g = new Grid(cols, 1);
    drawStatus(g, 0, s, extras);
    return g.chars.join('');
  };

  it('gives a message the line after the session name, keeping only the mode at the right', () => {
    const s = status(['sh', 'sh', 'sh'], 0);
    // A question waiting for y/n shows even on a tiny terminal, instead of the windows.
    expect(line(20, s, { message: 'close pane t8:0.0? (y/n)' })).toBe(' t8  close pane t8… ');
    expect(line(60, s, { message: 'link down', mode: 'reconnecting…' })).toMatch(/^ t8  link down +reconnecting… $/);
  });

  it('keeps the active window in view when the windows do not all fit, with < and > where some are left out', () => {
    const names = ['sh', 'sh', 'a-very-long-window-name-here', 'sh', 'sh', 'sh'];
    const end = line(40, status(names, 5));
    expect(end).toContain('5:sh*');
    expect(end).toMatch(/^ t8  < /);
    expect(end).not.toContain('>');
    const middle = line(40, status(names, 2));
    expect(middle).toContain('2:a-very-long-win…*');
    expect(middle).toMatch(/<.*2:a-very.*>/);
    // A click lands on the window drawn there.
    const s = status(names, 5);
    expect(windowAt(s, 40, line(40, s).indexOf('5:sh*'))).toBe(5);
    // Everything fits: no markers, as before.
    expect(line(80, status(['sh', 'logs'], 1))).toMatch(/^ t8   0:sh  1:logs\* +ux $/);
  });
});

describe('grid tiles', () => {
  it('shows a page of tiles at least MIN_TILE_ROWS tall when the sessions do not all fit', () => {
    // 36 sessions in a 40x9 area: a page of 3 x 2 tiles, never tiles with no rows.
    const page = tileRects(36, 40, 9);
    expect(page).toHaveLength(6);
    for (const r of page) expect(r.h).toBeGreaterThanOrEqual(MIN_TILE_ROWS);
    expect(Math.max(...page.map((r) => r.y + r.h))).toBeLessThanOrEqual(9);
    // A terminal smaller than one tile still shows the selected one.
    expect(tileRects(36, 20, 2)).toEqual([{ x: 0, y: 0, w: 20, h: 2 }]);
    // When all fit, all are shown.
    expect(tileRects(4, 80, 23)).toHaveLength(4);
  });
});
