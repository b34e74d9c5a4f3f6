/**
 * Splitting, focus, zoom, resizing and closing panes, and windows, driven by the
 * prefix keys in an attached client and checked on the user's screen.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';
import { useTerminals } from '../helpers/terminals';
import { UserTerm } from '../helpers/user-terminal';
import { waitFor } from '../helpers/wait-for';

const t = useTerminals();
let sp: SpacesHome;
beforeAll(() => {
  sp = t.sp;
});

const PREFIX = '\x02';

async function attachNew(name: string, cols = 81, rows = 25): Promise<UserTerm> {
  await sp.ok(['new', name, '-d', '--cols', String(cols), '--rows', String(rows - 1)]);
  const u = t.open(['attach', name], { cols, rows });
  await u.waitForText('$', 'the shell prompt');
  return u;
}

/** Column of the vertical border on screen row y, or -1. */
function borderColumn(u: UserTerm, y: number): number {
  return u.line(y).indexOf('│');
}

async function panes(name: string) {
  return (await sp.ls()).find((s) => s.name === name)!.panes as number;
}

describe('panes and windows in an attached client', () => {
  it('splits left/right and top/bottom, moves focus, and types into the focused pane', async () => {
    const u = await attachNew('split');
    u.type(`${PREFIX}%`);
    await waitFor(() => borderColumn(u, 0) === 40, { label: 'a vertical border in the middle' });
    u.type('echo right-$((1+1))\r');
    await u.waitForText('right-2');
    // The right pane has focus: its output starts right of the border.
    const row = u.lines().findIndex((l) => l.includes('right-2') && !l.includes('echo'));
    expect(u.line(row).indexOf('right-2')).toBeGreaterThan(40);
    u.type(`${PREFIX}"`);
    await u.waitForText('├', 'a horizontal border in the right half');
    u.type(`${PREFIX}\x1b[D`); // prefix + Left: back to the left pane
    u.type('echo left-$((2+2))\r');
    await u.waitForText('left-4');
    const leftRow = u.lines().findIndex((l) => l.includes('left-4') && !l.includes('echo'));
    expect(u.line(leftRow).indexOf('left-4')).toBeLessThan(40);
    expect(await panes('split')).toBe(3);
    await sp.ok(['send', 'split:0.2', '--literal', 'echo bottom-$((3+3))', 'Enter']);
    await u.waitForText('bottom-6');
  });

  it('zooms a pane to the whole window and back', async () => {
    const u = await attachNew('zoom');
    u.type(`${PREFIX}%`);
    await waitFor(() => borderColumn(u, 0) === 40, { label: 'the split' });
    u.type(`${PREFIX}z`);
    await u.waitForText('0:sh*Z', 'the zoom marker in the status line');
    await waitFor(() => u.lines().every((l) => !l.includes('│')), { label: 'borders to disappear while zoomed' });
    const zoomed = (await sp.ok(['capture', 'zoom', '--json']));
    expect(JSON.parse(zoomed).cols).toBe(81);
    u.type(`${PREFIX}z`);
    await waitFor(() => borderColumn(u, 0) === 40, { label: 'the border back after unzoom' });
  });

  it('moves a border with prefix + C-arrows and with a mouse drag', async () => {
    const u = await attachNew('resize');
    u.type(`${PREFIX}%`);
    await waitFor(() => borderColumn(u, 0) === 40, { label: 'the split' });
    u.type(`${PREFIX}\x1b[1;5D`); // C-Left: the border moves one column left
    await waitFor(() => borderColumn(u, 0) === 39, { label: 'the border at column 39' });
    u.type(`${PREFIX}\x1b[1;3D`); // M-Left: five more
    await waitFor(() => borderColumn(u, 0) === 34, { label: 'the border at column 34' });
    // Press on the border, drag it to column 50, release (SGR mouse reports, 1-based).
    u.type('\x1b[<0;35;5M\x1b[<32;45;5M\x1b[<32;51;5M\x1b[<0;51;5m');
    await waitFor(() => borderColumn(u, 0) === 50, { label: 'the border dragged to column 50' });
    // Repeatable, as in tmux: one prefix, then C-Right three times.
    u.type(`${PREFIX}\x1b[1;5C\x1b[1;5C\x1b[1;5C`);
    await waitFor(() => borderColumn(u, 0) === 53, { label: 'the border three columns right' });
    const json = JSON.parse(await sp.ok(['capture', 'resize:0.0', '--json']));
    expect(json.cols).toBe(53);
    expect(u.text()).not.toContain('[1;5C');
  });

  it('closes a pane after confirmation, and only then', async () => {
    const u = await attachNew('close');
    u.type(`${PREFIX}%`);
    await waitFor(() => borderColumn(u, 0) === 40, { label: 'the split' });
    u.type(`${PREFIX}x`);
    await u.waitForText('(y/n)', 'the confirmation');
    u.type('n');
    await waitFor(() => !u.text().includes('(y/n)'), { label: 'the question to go away' });
    expect(await panes('close')).toBe(2);
    u.type(`${PREFIX}x`);
    await u.waitForText('(y/n)');
    u.type('y');
    await waitFor(async () => (await panes('close')) === 1, { label: 'the pane to close' });
    await waitFor(() => borderColumn(u, 0) === -1, { label: 'the border to disappear' });
  });

  it('opens, switches, names and numbers windows', async () => {
    const u = await attachNew('wins');
    u.type(`${PREFIX}c`);
    await u.waitForText('1:sh*', 'the second window, active');
    u.type('echo in-window-one\r');
    await u.waitForText('in-window-one');
    u.type(`${PREFIX}0`);
    await u.waitForText('0:sh*');
    await waitFor(() => !u.text().includes('in-window-one'), { label: 'window 0 to be shown' });
    u.type(`${PREFIX}n`);
    await u.waitForText('1:sh*');
    u.type(`${PREFIX},`);
    await u.waitForText('(rename-window)');
    u.type('\x15logs\r'); // C-u clears the old name
    await u.waitForText('1:logs*', 'the renamed window');
    u.type(`${PREFIX}p`);
    await u.waitForText('0:sh*');
    const list = (await sp.ls()).find((s) => s.name === 'wins')!;
    expect(list.windows).toBe(2);
  });

  it('lists key bindings and runs CLI verbs from the command prompt', async () => {
    const u = await attachNew('prompt');
    u.type(`${PREFIX}?`);
    await u.waitForText('detach (the session keeps running)');
    expect(u.text()).not.toContain('redraw the screen'); // the last binding, below the fold
    // The list follows the terminal: taller, it shows the rest.
    u.resize(100, 45);
    await u.waitForText('redraw the screen', 'the list grown with the terminal');
    u.resize(81, 25);
    u.type('q');
    await waitFor(() => !u.text().includes('detach (the session'), { label: 'the list to close' });
    u.type(`${PREFIX}:`);
    await u.waitForText(':');
    u.type('split -h\r');
    await waitFor(() => borderColumn(u, 0) === 40, { label: 'a split from the command prompt' });
    u.type(`${PREFIX}:`);
    u.type('rename-window tools\r');
    await u.waitForText('0:tools*');
    // A verb that prints several lines opens them in a list, closed with q.
    u.type(`${PREFIX}:`);
    u.type('ls\r');
    await u.waitForText('ls — q to close');
    await u.waitForText(/NAME\s+STATE/, 'the ls table in the list');
    u.type('q');
    await waitFor(() => !u.text().includes('q to close'), { label: 'the list to close' });
  });

  it('edits prompts with wide characters, a cursor that moves, C-w and C-c', async () => {
    const u = await attachNew('wide');
    const statusRow = () => u.line(u.term.rows - 1);
    u.type(`${PREFIX},`);
    await u.waitForText('(rename-window)');
    // Wide characters sit side by side, as the user typed them, and the cursor follows them.
    u.type('\x15日本語 x😀y');
    await u.waitForText('(rename-window) 日本語 x😀y', 'the wide characters, with no gaps, on the prompt line');
    const cursorAt = 16 + 6 + 1 + 4; // label, three wide, space, x + emoji + y
    const cell = u.term.buffer.active.getLine(u.term.buffer.active.viewportY + u.term.rows - 1)!.getCell(cursorAt)!;
    expect(cell.isInverse(), `inverse block after the text on: ${statusRow()}`).toBeTruthy();
    u.type('\x17'); // C-w: the last word goes, as in a shell (the space before it stays)
    await waitFor(() => !statusRow().includes('x😀y'), { label: 'the last word deleted' });
    expect(statusRow()).toMatch(/\(rename-window\) 日本語 *$/);
    u.type('\x7f\r');
    await u.waitForText('0:日本語*', 'the window named in CJK');
    expect(statusRow()).not.toContain('(rename-window)');
    // The cursor moves, and text goes in where it stands.
    u.type(`${PREFIX},`);
    await u.waitForText('(rename-window) 日本語');
    u.type('\x1b[D\x1b[D-\r'); // Left Left -
    await u.waitForText('0:日-本語*', 'text inserted before the cursor');
    // C-c gives up, as Escape does, and the name stays.
    u.type(`${PREFIX},`);
    await u.waitForText('(rename-window)');
    u.type('\x15other\x03');
    await waitFor(() => !statusRow().includes('(rename-window)'), { label: 'C-c to close the prompt' });
    expect(statusRow()).toContain('0:日-本語*');
  });
});
