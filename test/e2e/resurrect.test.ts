/**
 * The daemon is killed with -9 in the middle of output: the next `spaces ls`
 * starts a new one, which lists the session as resurrectable with its output up
 * to the kill; `spaces resurrect` brings it back with a fresh shell in the same
 * directory, the old output above a one-line marker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants, isAlive, killQuietly } from '../helpers/procs';
import { SpacesHome } from '../helpers/spaces';
import { readEvents, standInBin } from '../helpers/stand-in';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
const orphans: number[] = [];
beforeAll(() => {
  sp = new SpacesHome();
});
afterAll(async () => {
  orphans.forEach((p) => killQuietly(p));
  await sp.cleanup();
});

/**
 * `kill -9` of the daemon, as a crash does; nothing when none runs (a daemon ends
 * with its last session). Its programs are remembered for cleanup and, unless
 * `keepPrograms`, killed at once by pid (they lose their terminal with it anyway).
 */
async function crashDaemon(opts: { keepPrograms?: boolean } = {}): Promise<void> {
  const daemon = sp.daemonPid();
  if (daemon === undefined || !isAlive(daemon)) return;
  const kids = descendants(daemon);
  orphans.push(...kids);
  process.kill(daemon, 'SIGKILL');
  await waitFor(() => !isAlive(daemon), { label: 'the daemon to die' });
  if (!opts.keepPrograms) kids.forEach((p) => killQuietly(p));
}

/** States of a session whose programs run here (as opposed to resurrectable or damaged). */
const LIVE = ['working', 'idle', 'needs-input'];

/** Prints `tick-N <ms since epoch>` every 5 ms, as fast as a busy agent. */
const TICKER = `node -e 'let i=0;setInterval(()=>console.log("tick-"+(++i)+" "+Date.now()),5)'`;

describe('after kill -9 of the daemon', () => {
  it('lists the session as resurrectable, captures its output up to the kill, and resurrects its layout', async () => {
    const work = fs.mkdtempSync(path.join(sp.dir, 'work-'));
    fs.mkdirSync(path.join(work, 'sub'));
    // In-memory history is only 100 lines: the 3,000 lines before the ticks live in the log.
    await sp.ok(['new', 'crash', '-d', '-c', work, '--cols', '100', '--rows', '20', '--scrollback', '100', '--', 'sh']);
    await sp.ok(['send', 'crash', '--literal', "PS1='$ '; cd sub; seq -f 'old-%.0f' 1 3000", 'Enter']);
    await sp.ok(['wait', 'crash', '--for', '^old-3000$']);
    // Two windows, the first split side by side.
    await sp.ok(['split', 'crash:0.0', '-h', '--', 'sh']);
    await sp.ok(['send', 'crash:0.1', '--literal', 'echo right-$((6*7))', 'Enter']);
    await sp.ok(['wait', 'crash:0.1', '--for', '^right-42$']);
    await sp.ok(['new-window', 'crash', '-n', 'second', '--', 'sh']);
    await sp.ok(['send', 'crash:1.0', '--literal', 'echo second-$((6*7))', 'Enter']);
    await sp.ok(['wait', 'crash:1.0', '--for', '^second-42$']);
    const sizes = async () =>
      Promise.all(['crash:0.0', 'crash:0.1', 'crash:1.0'].map(async (t) => {
        const j = JSON.parse(await sp.ok(['capture', t, '--json']));
        return [j.cols, j.rows];
      }));
    const before = await sizes();
    expect(before[0][0] + before[1][0] + 1).toBe(100); // side by side, one border column
    await sp.ok(['send', 'crash:0.0', '--literal', TICKER, 'Enter']);
    await sp.ok(['wait', 'crash:0.0', '--for', '^tick-300 ']);

    const daemon = sp.daemonPid()!;
    const killedAt = Date.now();
    await crashDaemon();

    // `ls` starts a new daemon, which finds the session on disk.
    const [listed] = await sp.ls();
    expect(listed).toMatchObject({ name: 'crash', state: 'resurrectable', pid: null, windows: 2, panes: 3, cwd: work });
    expect(sp.daemonPid()).not.toBe(daemon);
    expect(await sp.ok(['ls'])).toMatch(/crash\s+resurrectable/);

    // Its output, from the log: all of the old lines, and ticks up to within a second of the kill.
    const captured = (await sp.ok(['capture', 'crash:0.0', '--scrollback', 'all'])).split('\n');
    expect(captured.filter((l) => /^old-\d+$/.test(l))).toHaveLength(3000);
    const ticks = captured.map((l) => /^tick-\d+ (\d+)$/.exec(l)).filter(Boolean).map((m) => Number(m![1]));
    const lastTick = Math.max(...ticks);
    expect(killedAt - lastTick).toBeLessThan(1000);
    expect(await sp.ok(['capture', 'crash'])).toContain('second-42');
    // Without --scrollback, only the last screen (20 rows), as for a live pane.
    const screenOnly = (await sp.ok(['capture', 'crash:0.0'])).split('\n');
    expect(screenOnly.length).toBeLessThanOrEqual(21);
    expect(screenOnly.join('\n')).not.toContain('old-1\n');

    const r = await sp.run(['resurrect', 'crash']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('resurrected crash: 0.0 new shell (sh); 0.1 new shell (sh); 1.0 new shell (sh)\n');
    const [back] = await sp.ls();
    expect(back).toMatchObject({ name: 'crash', windows: 2, panes: 3 });
    expect(LIVE).toContain(back.state);
    expect(isAlive(back.pid as number)).toBe(true);
    // The same layout: same windows, same split, same sizes, same active window.
    expect(await sizes()).toEqual(before);
    expect(await sp.ok(['capture', 'crash'])).toContain('second-42');
    expect(await sp.ok(['capture', 'crash:0.1'])).toMatch(/right-42\n(.*\n)*--- spaces: restored \d{4}-.*~\n/); // cut to the narrow pane

    // A fresh shell, in the directory the old one had moved to.
    await sp.ok(['send', 'crash:0.0', '--literal', 'echo "now in $(pwd)"', 'Enter']);
    await sp.ok(['wait', 'crash:0.0', '--for', `^now in ${path.join(work, 'sub')}$`]);
    // Old output above the marker, the new shell below it.
    const screen = (await sp.ok(['capture', 'crash:0.0', '--scrollback', '100'])).split('\n');
    // Cut to the pane's width (half the window, beside its neighbour).
    const marker = screen.findIndex((l) => /^--- spaces: restored \d{4}-\d\d-\d\d \d\d:\d\d:\d\d; new.*~$/.test(l));
    expect(marker).toBeGreaterThan(0);
    expect(screen[marker - 1]).toMatch(/^tick-\d+ \d+$/);
    expect(screen.slice(marker + 1).join('\n')).toMatch(/^[$#] echo "now in \$\(pwd\)"\nnow in /);
    expect(screen.filter((l) => l.startsWith('--- spaces: restored'))).toHaveLength(1);

    // The log goes on: everything, old and new, in one history.
    const all = (await sp.ok(['capture', 'crash:0.0', '--scrollback', 'all'])).split('\n');
    expect(all).toContain('old-1');
    expect(all.indexOf('old-3000')).toBeLessThan(all.findIndex((l) => l.startsWith('--- spaces: restored')));
    expect(all.some((l) => l.startsWith('now in '))).toBe(true);
    expect((await sp.run(['grep', '^old-2$', 'crash'])).stdout).toMatch(/crash:0\.0 .* old-2\n/);
  }, 60_000);

  it('refuses to reuse a resurrectable name, and kill forgets a session for good', async () => {
    await sp.ok(['new', 'gone', '-d', '--', 'sh']);
    await crashDaemon();
    const clash = await sp.run(['new', 'gone', '-d']);
    expect(clash.stderr).toMatch(/session 'gone' is resurrectable; bring it back with `spaces resurrect gone` or discard it with `spaces kill gone`/);
    const send = await sp.run(['send', 'gone', 'x']);
    expect(send.stderr).toMatch(/is not running .*spaces resurrect gone/);
    await sp.ok(['rename', 'gone', 'renamed']);
    expect((await sp.ls()).map((s) => [s.name, s.state])).toContainEqual(['renamed', 'resurrectable']);
    await sp.ok(['kill', 'renamed']);
    expect((await sp.ls()).map((s) => s.name)).not.toContain('renamed');
    const again = await sp.run(['resurrect', 'renamed']);
    expect(again.stderr).toMatch(/no resurrectable session 'renamed'/);
  });

  it('a session killed while it is being resurrected stays gone, however the two interleave', async () => {
    // Six windows: the rebuild takes long enough for the kill to land in any of its phases.
    await sp.ok(['new', 'racy', '-d', '--', 'sh']);
    for (let i = 0; i < 5; i++) await sp.ok(['new-window', 'racy', '--', 'sh']);
    await crashDaemon();
    expect((await sp.ls()).find((x) => x.name === 'racy')?.state).toBe('resurrectable');
    await Promise.all([sp.run(['resurrect', 'racy']), sp.run(['kill', 'racy'])]);
    // Whichever won, the kill came last or meanwhile: nothing of racy may come back.
    await waitFor(async () => !(await sp.ls()).some((x) => x.name === 'racy'), { label: 'racy to be gone' });
    await crashDaemon();
    const after = (await sp.ls()).map((x) => x.name);
    expect(after).not.toContain('racy');
    expect(after.filter((n) => n.startsWith('recovered-'))).toEqual([]);
  });

  it('will not start a second copy of a program that outlived the daemon, unless forced', async () => {
    // A program that ignores the hangup survives its daemon's death.
    await sp.ok(['new', 'stubborn', '-d', '--', 'sh', '-c', 'trap "" HUP; echo stubborn-up; while :; do sleep 1; done']);
    await sp.ok(['wait', 'stubborn', '--for', 'stubborn-up']);
    const pid = (await sp.ls()).find((x) => x.name === 'stubborn')!.pid as number;
    await crashDaemon({ keepPrograms: true });
    expect(isAlive(pid)).toBe(true);
    const refused = await sp.run(['resurrect', 'stubborn']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`pane 0\\.0 \\(sh, pid ${pid}\\) is still running from before the restart; stop it first, or add --force`));
    expect((await sp.ls()).find((x) => x.name === 'stubborn')?.state).toBe('resurrectable');
    // Forced: a second copy starts beside the survivor.
    await sp.ok(['resurrect', 'stubborn', '--force']);
    expect(LIVE).toContain((await sp.ls()).find((x) => x.name === 'stubborn')?.state);
    expect(isAlive(pid)).toBe(true);
    killQuietly(pid);
    await sp.ok(['kill', 'stubborn']);
  });

  it('comes back by itself when config.json says resurrect.auto', async () => {
    const auto = new SpacesHome();
    try {
      fs.writeFileSync(path.join(auto.dir, 'config.json'), JSON.stringify({ resurrect: { auto: true } }));
      await auto.ok(['new', 'again', '-d', '--', 'sh']);
      await auto.ok(['send', 'again', '--literal', 'echo before-$((1+1))', 'Enter']);
      await auto.ok(['wait', 'again', '--for', '^before-2$']);
      await auto.ok(['kill-server']);
      await waitFor(() => !fs.existsSync(path.join(auto.dir, 'daemon.pid')), { label: 'the daemon to stop' });
      // Any command starts the daemon, which resurrects what it finds.
      await waitFor(async () => (await auto.ls()).find((x) => x.name === 'again' && LIVE.includes(x.state)), {
        label: 'the session to come back by itself',
      });
      const screen = await auto.ok(['capture', 'again']);
      expect(screen).toMatch(/before-2\n(.*\n)*--- spaces: restored .*new shell \(sh\)/);
    } finally {
      await auto.cleanup();
    }
  });

  it('brings an agent back through its own resume command, with its state rules', async () => {
    const bin = standInBin(sp.dir, ['claude']);
    const log = path.join(sp.dir, 'agent.log');
    const env = { PATH: `${bin}:${process.env.PATH}`, STANDIN_LOG: log, STANDIN_WORK_MS: '100000' };
    await sp.ok(['new', 'agent', '-d', '--agent', 'claude', '--', 'fix the bug'], { env });
    const started = await waitFor(() => readEvents(log).find((e) => e.event === 'start'), { label: 'the agent to start' });
    const id = started.argv![1];
    await sp.ok(['wait', 'agent', '--for', 'Working']);
    await crashDaemon();

    const listed = (await sp.ls()).find((x) => x.name === 'agent')!;
    expect(listed).toMatchObject({ state: 'resurrectable', agent: 'claude', conversationId: id, resume: ['claude', '--resume', id] });
    const r = await sp.run(['resurrect', 'agent'], { env });
    expect(r.stdout).toBe(`resurrected agent: 0.0 resumed claude conversation ${id}\n`);
    // The same conversation, resumed by the agent itself; the first prompt is not sent again.
    const resumed = await waitFor(() => readEvents(log).filter((e) => e.event === 'start')[1], { label: 'the agent to start again' });
    expect(resumed.argv).toEqual(['--resume', id]);
    const back = (await sp.ls()).find((x) => x.name === 'agent')!;
    expect(back).toMatchObject({ agent: 'claude', conversationId: id, resume: ['claude', '--resume', id] });
    // Its state comes from the preset's rules again: the stand-in's spinner reads as working.
    await waitFor(async () => (await sp.ls()).find((x) => x.name === 'agent')?.state === 'working', { label: 'the resumed agent to read as working' });
    expect(await sp.ok(['capture', 'agent', '-S', '50'])).toMatch(/fix the bug[^]*--- spaces: restored .*resumed claude/);
  }, 60_000);
});
