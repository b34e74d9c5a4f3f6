/**
 * Scrollback mode, the mouse wheel, copying with OSC 52, bells, a stalled client,
 * and the ways into a session (`new` without -d, bare `spaces`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Terminal } from '@xterm/headless';
import { cursorOf } from '../helpers/screen-cells';
import { BIN, SpacesHome } from '../helpers/spaces';
import { useTerminals } from '../helpers/terminals';
import { waitFor } from '../helpers/wait-for';

const t = useTerminals();
const open = (args: string[], cols = 80, rows = 20) => t.open(args, { cols, rows });
let sp: SpacesHome;
beforeAll(() => {
  sp = t.sp;
});

describe('scrollback mode', () => {
  it('pages through history, searches, and copies a selection with OSC 52', async () => {
    await sp.ok(['new', 'hist', '-d', '--', 'sh', '-c', 'for i in $(seq 1 300); do echo "history line $i"; done; exec sh']);
    const u = open(['attach', 'hist']);
    await u.waitForText('history line 300');
    u.type('\x02[');
    await u.waitForText(/COPY \[0\/\d+\]/, 'scrollback mode in the status line');
    u.type('\x1b[5~'); // PageUp
    await u.waitForText(/COPY \[18\/\d+\]/);
    expect(u.text()).toContain('history line 270');
    u.type('/history line 42\r');
    await u.waitForText('history line 42', 'the search to scroll to the match');
    u.type(' $\r'); // select from the match to the end of the line, copy
    await waitFor(() => u.raw.includes('\x1b]52;c;'), { label: 'an OSC 52 clipboard write' });
    const b64 = /\x1b\]52;c;([A-Za-z0-9+/=]*)\x07/.exec(u.raw)![1];
    expect(Buffer.from(b64, 'base64').toString()).toBe('history line 42');
    await waitFor(() => !/COPY/.test(u.text()), { label: 'scrollback mode to end after copying' });
    await u.waitForText('history line 300');

    // Keys typed in the same breath as C-b [ (before the history arrives) never reach the program.
    u.type('\x02[zz');
    await u.waitForText(/COPY \[0\/\d+\]/);
    u.type('q');
    await waitFor(() => !/COPY/.test(u.text()), { label: 'scrollback mode to end on q' });
    u.type('echo after-$((2+2))\r');
    await u.waitForText('after-4');
    expect(u.text()).not.toContain('zzecho');

    // The prefix works from scrollback mode, as in tmux: C-b d detaches.
    u.type('\x02[');
    await u.waitForText(/COPY \[0\/\d+\]/);
    u.type('\x02d');
    expect(await u.waitForExit()).toBe(0);
  });

  it('searches, selects and copies by screen columns on a line with wide characters', async () => {
    await sp.ok(['new', 'wide', '-d']);
    const u = open(['attach', 'wide'], 60, 15);
    await u.waitForText('$');
    u.type("echo '日本語 foo wide'\r");
    await waitFor(() => u.lines().includes('日本語 foo wide'), { label: 'the output line' });
    const y = u.lines().indexOf('日本語 foo wide');
    u.type('\x02[');
    await u.waitForText(/COPY \[0\/\d+\]/);
    u.type('/wide\r');
    // 日本語 take two columns each, so "wide" is painted at columns 11-14.
    await waitFor(() => matchColumns(u.term, y).length > 0, { label: 'the match highlighted' });
    await u.waitForText(/COPY/, 'the rest of that paint parsed');
    expect(matchColumns(u.term, y)).toEqual([11, 12, 13, 14]);
    expect(cursorOf(u.term)).toEqual({ x: 11, y });
    u.type('v$y');
    await waitFor(() => u.raw.includes('\x1b]52;c;'), { label: 'an OSC 52 clipboard write' });
    const b64 = /\x1b\]52;c;([A-Za-z0-9+/=]*)\x07/.exec(u.raw)![1];
    expect(Buffer.from(b64, 'base64').toString()).toBe('wide');
  });

  it('redraws scrollback mode at the new pane size after the terminal is resized', async () => {
    await sp.ok(['new', 'resized', '-d', '--', 'sh', '-c', 'seq 1 100; exec sh']);
    const u = open(['attach', 'resized'], 60, 12);
    await u.waitForText('100');
    u.type('\x02[');
    await u.waitForText(/COPY \[0\/\d+\]/);
    u.type('k'.repeat(16));
    await u.waitForText(/COPY \[6\/\d+\]/, 'the view scrolled six lines up');
    u.resize(30, 6);
    await waitFor(() => /COPY/.test(u.line(5)) && consecutive(u.lines().slice(0, 5)), { label: 'five rows of history' });
    u.resize(60, 20);
    // Every one of the pane's 19 rows shows history again, not five of them.
    await waitFor(() => /COPY/.test(u.line(19)) && consecutive(u.lines().slice(0, 18)), {
      label: 'the whole pane redrawn at 60x20',
    }).catch((e) => {
      throw new Error(`${(e as Error).message}\n${u.text()}`);
    });
    expect(u.line(18)).toMatch(/^(\d+|\$)$/);
    u.type('q');
    await waitFor(() => !/COPY/.test(u.text()), { label: 'scrollback mode to end on q' });
  });

  it('scrolls with the mouse wheel when the program has not asked for the mouse, and leaves at the bottom', async () => {
    await sp.ok(['new', 'wheel', '-d', '--', 'sh', '-c', 'seq 1 200; exec sh']);
    const u = open(['attach', 'wheel']);
    await u.waitForText('200');
    u.type('\x1b[<64;10;5M\x1b[<64;10;5M');
    await u.waitForText(/COPY \[6\/\d+\]/, 'two wheel notches up: six lines');
    u.type('\x1b[<65;10;5M\x1b[<65;10;5M');
    await waitFor(() => !/COPY/.test(u.text()), { label: 'wheeling back to the bottom to leave scrollback mode' });
  });

  it('forwards the mouse to a program that asked for it, in its own coordinates', async () => {
    // The program asks for SGR mouse reports and prints what it receives.
    const prog = `printf '\\033[?1000h\\033[?1006h'; stty raw -echo; dd bs=1 count=9 2>/dev/null | od -An -c; sleep 600`;
    await sp.ok(['new', 'mouse', '-d', '--', 'sh', '-c', prog]);
    const u = open(['attach', 'mouse']);
    await waitFor(async () => (await sp.ok(['capture', 'mouse', '--json'])).length > 0, { label: 'the pane' });
    await new Promise<void>((r) => setImmediate(r));
    u.type('\x1b[<0;3;4M');
    await u.waitForText(/<\s+0\s+;\s+3\s+;\s+4\s+M/, 'the program to get the click');
  });
});

describe('bells and status', () => {
  it('rings the user bell for the visible window and marks other windows', async () => {
    await sp.ok(['new', 'bells', '-d']);
    const u = open(['attach', 'bells']);
    await u.waitForText('$');
    const before = (u.raw.match(/\x07/g) ?? []).length;
    u.type("printf '\\a'\r");
    await waitFor(() => (u.raw.match(/\x07/g) ?? []).length > before, { label: 'a bell on the user terminal' });
    u.type('\x02c');
    await u.waitForText('1:sh*');
    await sp.ok(['send', 'bells:0', '--literal', "printf '\\a'", 'Enter']);
    await u.waitForText('0:sh!', 'the bell marker on window 0');
    u.type('\x020');
    await u.waitForText('0:sh*');
    expect(u.text()).not.toContain('0:sh!');
  });
});

describe('a client that stops reading', () => {
  it('never slows the others, is skipped while stalled, and gets the current screen when it resumes', async () => {
    await sp.ok(['new', 'flood', '-d']);
    const stalled = open(['attach', 'flood']);
    const live = open(['attach', 'flood']);
    await stalled.waitForText('$');
    await live.waitForText('$');
    process.kill(stalled.pid, 'SIGSTOP');
    // About three seconds of output: hundreds of frames for a client that keeps up.
    // Rows of 70 digits, so every frame is a screenful of text.
    live.type("end=$(($(date +%s)+3)); while [ $(date +%s) -lt $end ]; do seq -f '%070g' 1 20000; done; echo flood-done-$((1+1))\r");
    await live.waitForText('flood-done-2', 'the live client to see the end of the flood', 30_000);
    live.type('echo still-fast\r');
    await live.waitForText('still-fast');
    const liveBytes = live.bytes;
    const before = stalled.bytes;
    process.kill(stalled.pid, 'SIGCONT');
    await stalled.waitForText('still-fast', 'the stalled client to catch up with the current screen', 20_000);
    await stalled.waitForText('flood-done-2');
    // The daemon stopped sending to it once its socket backed up, and repainted it
    // fully once it drained (it says so in its log).
    const log = fs.readFileSync(path.join(sp.dir, 'daemon.log'), 'utf8');
    expect(log).toMatch(/client of 'flood' (is not reading \(\d+ bytes queued\)|has \d+ bytes of frames unacknowledged); frames paused/);
    expect(log).toMatch(/client of 'flood' (drained after \d+ ms|acknowledged its frames); sending one full frame/);
    expect(stalled.bytes - before).toBeLessThan(liveBytes);
  });
});

describe('ways in', () => {
  it('`spaces new NAME` in a terminal creates and attaches; bare `spaces` attaches to the latest', async () => {
    const u = open(['new', 'fresh']);
    await u.waitForText('fresh', 'the status line of the new session');
    u.type('echo inside-$((5+5))\r');
    await u.waitForText('inside-10');
    u.type('\x02d');
    expect(await u.waitForExit()).toBe(0);
    const again = open([]);
    await again.waitForText('inside-10', 'bare spaces to reattach the latest session');
    again.type('\x02d');
    expect(await again.waitForExit()).toBe(0);
    const a = open(['a', 'fresh']);
    await a.waitForText('inside-10', 'the `a` alias');
  });

  it('switches windows with a click on the status line', async () => {
    await sp.ok(['new', 'clicky', '-d']);
    await sp.ok(['new-window', 'clicky']);
    const u = open(['attach', 'clicky']);
    await u.waitForText('1:sh*');
    const status = u.line(19);
    const x = status.indexOf('0:sh');
    u.type(`\x1b[<0;${x + 2};20M\x1b[<0;${x + 2};20m`);
    await u.waitForText('0:sh*', 'window 0 selected by the click');
  });

  it('refuses to attach a session to itself from inside one of its panes', async () => {
    const u = open(['new', 'inner']);
    await u.waitForText('$');
    u.type(`${process.execPath} ${BIN} attach inner; echo attach-status-$?\r`);
    await u.waitForText('attach-status-1');
    expect(u.text()).toContain("you are inside session 'inner' already");
  });

  it('explains what is wrong when attach cannot start', async () => {
    const r = await sp.run(['attach', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/attach needs a terminal/);
    const u = open(['attach', 'nope']);
    await u.waitForExit();
    expect(u.text()).toMatch(/no session 'nope'/);
  });
});

/** Columns of row y painted with scrollback mode's search-match background (palette 221). */
function matchColumns(term: Terminal, y: number): number[] {
  const buf = term.buffer.active;
  const line = buf.getLine(buf.viewportY + y);
  const cell = buf.getNullCell();
  const cols: number[] = [];
  for (let x = 0; line && x < term.cols; x++) {
    line.getCell(x, cell);
    if (cell.isBgPalette() && cell.getBgColor() === 221) cols.push(x);
  }
  return cols;
}

/** Rows holding consecutive numbers (lines of `seq`). */
function consecutive(rows: string[]): boolean {
  return rows.every((r, i) => /^\d+$/.test(r) && (i === 0 || Number(r) === Number(rows[i - 1]) + 1));
}

