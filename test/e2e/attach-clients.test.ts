/**
 * Clients come and go; sessions stay. Detach and reattach from another terminal,
 * several clients at once, clients killed without warning, read-only clients, the
 * size policy, and a terminal restored whatever way the client ends.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/procs';
import { regionCells } from '../helpers/screen-cells';
import { SpacesHome } from '../helpers/spaces';
import { useTerminals } from '../helpers/terminals';
import { UserTerm } from '../helpers/user-terminal';
import { waitFor } from '../helpers/wait-for';

const t = useTerminals();
const open = (args: string[], cols = 80, rows = 20, env: Record<string, string> = {}) => t.open(args, { cols, rows }, env);
let sp: SpacesHome;
beforeAll(() => {
  sp = t.sp;
});

const DETACH = '\x02d';

describe('clients', () => {
  it('reattaching from a second terminal shows the identical screen', async () => {
    await sp.ok(['new', 'again', '-d', '--cols', '80', '--rows', '19']);
    const first = open(['attach', 'again']);
    await first.waitForText('$');
    first.type("printf '\\033[1;33mbold yellow\\033[0m \\033[48;2;20;40;60mbg\\033[0m 中文 🚀\\n'; echo marker-$((6*7))\r");
    await first.waitForText('marker-42');
    first.type(`\x02%`);
    await first.waitForText('│');
    first.type('echo right-side-$((6*7))\r');
    // The typed command shows at once; the snapshot waits for its output and the
    // next prompt, or it could be taken between them (it was, on a CI machine).
    await first.waitForText(/^echo marker-\$\(\(6\*7\)\) +│\$/m, "the right pane's prompt after right-side-42");
    expect(first.line(1)).toContain('│right-side-42');
    const before = regionCells(first.term, 0, 0, 80, 20);
    const cursor = { x: first.term.buffer.active.cursorX, y: first.term.buffer.active.cursorY };
    first.type(DETACH);
    expect(await first.waitForExit()).toBe(0);
    const second = open(['attach', 'again']);
    await second.waitForText('right-side-42');
    await second.waitForText('marker-42');
    expect(regionCells(second.term, 0, 0, 80, 20)).toEqual(before);
    expect({ x: second.term.buffer.active.cursorX, y: second.term.buffer.active.cursorY }).toEqual(cursor);
  });

  it('stays attached whatever the program prints: 5,000 combining marks on one cell, a 5,000-character title', async () => {
    // Each is over a frame schema limit unless the daemon caps it; a frame the client
    // refuses would cut every viewer off while the row stays on screen.
    const script = "printf 'x'; i=0; while [ $i -lt 5000 ]; do printf '\\314\\201'; i=$((i+1)); done; " +
      "printf '\\033]2;'; i=0; while [ $i -lt 500 ]; do printf 'tttttttttt'; i=$((i+1)); done; printf '\\007'; echo; echo survived-$((6*7)); exec sleep 600";
    await sp.ok(['new', 'marks', '-d', '--', 'sh', '-c', script]);
    await sp.ok(['wait', 'marks', '--for', 'survived-42']);
    const u = open(['attach', 'marks']);
    await u.waitForText('survived-42');
    expect(u.text()).toMatch(/tttttttt/); // the title, cut to fit, on the status line
    expect(await sp.ok(['capture', 'marks'])).toContain('survived-42');
    u.type(DETACH);
    expect(await u.waitForExit()).toBe(0);
  });

  it('shows output to two clients at once, and survives one being killed with -9', async () => {
    await sp.ok(['new', 'shared', '-d']);
    const a = open(['attach', 'shared']);
    const b = open(['attach', 'shared']);
    await a.waitForText('$');
    await b.waitForText('$');
    await b.waitForText('2 clients', 'the status line to count both clients');
    a.type('echo from-a-$((1+2))\r');
    await a.waitForText('from-a-3');
    await b.waitForText('from-a-3');
    a.kill('SIGKILL');
    await waitFor(() => !isAlive(a.pid), { label: 'client a to die' });
    b.type('echo from-b-$((2+3))\r');
    await b.waitForText('from-b-5');
    await waitFor(async () => (await sp.ls()).find((s) => s.name === 'shared')?.attached === 1, { label: 'ls to show one client' });
  });

  it('lets a read-only client watch but not type or resize', async () => {
    await sp.ok(['new', 'watched', '-d', '--cols', '80', '--rows', '19']);
    const writer = open(['attach', 'watched']);
    const reader = open(['attach', '-r', 'watched'], 60, 12);
    await writer.waitForText('$');
    await reader.waitForText('read-only');
    reader.type('echo typed-by-reader\r');
    writer.type('echo typed-by-writer\r');
    await reader.waitForText('typed-by-writer');
    expect(writer.text()).not.toContain('typed-by-reader');
    // The writer's size still drives the session; the smaller reader sees it clipped.
    const json = JSON.parse(await sp.ok(['capture', 'watched', '--json']));
    expect([json.cols, json.rows]).toEqual([80, 19]);
    reader.type(DETACH);
    expect(await reader.waitForExit()).toBe(0);
  });

  it('sizes the session to the most recently active client and pads the others', async () => {
    await sp.ok(['new', 'sizes', '-d']);
    const big = open(['attach', 'sizes'], 100, 30);
    await big.waitForText('$');
    await waitFor(async () => JSON.parse(await sp.ok(['capture', 'sizes', '--json'])).cols === 100, { label: 'the session to take the big size' });
    const small = open(['attach', 'sizes'], 70, 15);
    await small.waitForText('$');
    await waitFor(async () => {
      const j = JSON.parse(await sp.ok(['capture', 'sizes', '--json']));
      return j.cols === 70 && j.rows === 14;
    }, { label: 'the session to follow the newest client' });
    // The big client now shows the 70x14 window padded, never garbled.
    await waitFor(() => big.line(0).length > 70 && big.line(0).slice(70).trim().replace(/·/g, '') === '', { label: 'padding on the right' });
    big.type('echo back-to-big\r');
    await big.waitForText('back-to-big');
    await waitFor(async () => JSON.parse(await sp.ok(['capture', 'sizes', '--json'])).cols === 100, { label: 'typing to hand the size back' });
  });

  it('follows the terminal when it is resized', async () => {
    await sp.ok(['new', 'grow', '-d']);
    const u = open(['attach', 'grow'], 80, 20);
    await u.waitForText('$');
    u.resize(100, 30);
    await waitFor(async () => {
      const j = JSON.parse(await sp.ok(['capture', 'grow', '--json']));
      return j.cols === 100 && j.rows === 29;
    }, { label: 'the pane to take the new size' });
    await waitFor(() => /grow\s/.test(u.line(29)), { label: 'the status line on the new last row' });
    // Sizes the protocol cannot carry (one row, over 1,000 columns) are clipped, as in
    // tmux: the client stays attached, and comes back whole at a normal size.
    u.resize(1, 1);
    await waitFor(async () => JSON.parse(await sp.ok(['capture', 'grow', '--json'])).cols === 2, { label: 'the pane to take the smallest size' });
    u.resize(1100, 40);
    await waitFor(async () => JSON.parse(await sp.ok(['capture', 'grow', '--json'])).cols === 1000, { label: 'the pane to take 1,000 columns' });
    u.resize(80, 20);
    await waitFor(async () => JSON.parse(await sp.ok(['capture', 'grow', '--json'])).cols === 80, { label: 'the pane back at 80 columns' });
    u.type('echo still-here-$((6*7))\r');
    await u.waitForText('still-here-42');
    expect(u.exitCode).toBeNull();
  });
});

describe("the user's terminal is restored", () => {
  for (const [how, act] of [
    ['on detach', (u: UserTerm) => u.type(DETACH)],
    ['on SIGTERM', (u: UserTerm) => u.kill('SIGTERM')],
    ['on SIGHUP', (u: UserTerm) => u.kill('SIGHUP')],
  ] as const) {
    it(how, async () => {
      const name = `restore-${how.replace(/\W/g, '')}`;
      await sp.ok(['new', name, '-d', '--', 'sh', '-c', 'printf "\\033[?1h\\033[?2004h"; exec sh']);
      const u = open(['attach', name]);
      await u.waitForText('$');
      expect(u.restored()).toBe(false); // alternate screen while attached
      act(u);
      await u.waitForExit();
      expect(u.restored()).toBe(true);
      expect(u.raw).toMatch(/\x1b\[\?1049l/);
      expect(u.raw).toMatch(/\x1b\[\?2004l/);
      expect((await sp.ls()).find((s) => s.name === name)?.state).not.toBe('exited'); // still alive (working, idle or needs-input)
    });
  }

  it('after an uncaught error inside the client', async () => {
    await sp.ok(['new', 'crashy', '-d']);
    const u = open(['attach', 'crashy'], 80, 20, { SPACES_FAULT: 'client-throw' });
    await u.waitForText('$');
    u.type('echo make-a-frame\r');
    expect(await u.waitForExit()).toBe(1);
    expect(u.restored()).toBe(true);
    expect(u.text()).toContain('the client failed and detached (your session keeps running)');
    expect((await sp.ls()).find((s) => s.name === 'crashy')?.state).not.toBe('exited'); // still alive (working, idle or needs-input)
  });
});
