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
 * `kill -9` of the daemon (of `sp`, or of `opts.home`), as a crash does; nothing
 * when none runs (a daemon ends with its last session). Its programs are remembered for cleanup and, unless
 * `keepPrograms`, killed at once by pid (they lose their terminal with it anyway).
 */
async function crashDaemon(opts: { keepPrograms?: boolean; home?: SpacesHome } = {}): Promise<void> {
  const daemon = (opts.home ?? sp).daemonPid();
  if (daemon === undefined || !isAlive(daemon)) return;
  const kids = descendants(daemon);
  orphans.push(...kids);
  process.kill(daemon, 'SIGKILL');
  await waitFor(() => !isAlive(daemon), { label: 'the daemon to die' });
  if (!opts.keepPrograms) kids.forEach((p) => killQuietly(p));
}

/** `kill-server`, and the wait until the daemon is gone (the next command starts a new one). */
async function stopDaemon(home: SpacesHome): Promise<void> {
  await home.ok(['kill-server']);
  await waitFor(() => !fs.existsSync(path.join(home.dir, 'daemon.pid')), { label: 'the daemon to stop' });
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

  it('a session whose programs had all exited stays exited across restarts: read, not resurrected, until killed', async () => {
    const home = new SpacesHome();
    const state = async (name: string) => (await home.ls()).find((x) => x.name === name);
    try {
      await home.ok(['new', 'done9', '-d', '--', 'sh', '-c', 'echo finished; exit 9']);
      await home.ok(['new', 'alive', '-d', '--', 'sh']);
      // Only one of its two panes exits: the session keeps resurrecting as before.
      await home.ok(['new', 'half', '-d', '--', 'sh']);
      await home.ok(['split', 'half', '--', 'sh', '-c', 'exit 3']);
      await waitFor(async () => (await state('done9'))?.state === 'exited', { label: 'done9 to exit' });
      const paneStates = async (name: string) => ((await state(name))?.paneStates ?? []) as Array<{ pane: string; state: string }>;
      await waitFor(async () => (await paneStates('half')).some((p) => p.pane === '0.1' && p.state === 'exited'), { label: "half's second pane to exit" });

      // kill-server: the exit was recorded before the shutdown hung up on the rest.
      await stopDaemon(home);
      expect(await state('done9')).toMatchObject({ state: 'exited', exitCode: 9, exitSignal: null, pid: null });
      expect((await state('done9'))!.stateSince).not.toBeNull();
      expect(await state('alive')).toMatchObject({ state: 'resurrectable' });
      expect(await state('half')).toMatchObject({ state: 'resurrectable' });
      expect(await home.ok(['ls'])).toMatch(/done9\s+exited 9\s/);

      // Its last screen is still there, and `why` says it had finished.
      expect(await home.ok(['capture', 'done9'])).toMatch(/^finished$/m);
      const why = await home.run(['why', 'done9']);
      expect(why.code, why.stderr).toBe(0);
      expect(why.stdout).toMatch(/^done9:0\.0: exited since /);
      expect(why.stdout).toMatch(/the program exited with code 9 before the daemon restarted; the session had finished/);

      // Nothing to bring back: refused by name, skipped by --all.
      const refused = await home.run(['resurrect', 'done9']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        "session 'done9' had finished (exit 9) before the restart: there is nothing to bring back; " +
          'read it with `spaces capture done9` or `spaces replay done9`, remove it with `spaces kill done9`',
      );
      const all = await home.run(['resurrect', '--all']);
      expect(all.code, all.stderr).toBe(0);
      expect(all.stderr).toBe('');
      expect(all.stdout).toMatch(/^resurrected alive: .*\nresurrected half: 0\.0 new shell \(sh\); 0\.1 a shell instead of: sh -c 'exit 3'\n/);
      expect(all.stdout).not.toContain('done9');
      expect(await state('done9')).toMatchObject({ state: 'exited', exitCode: 9 });
      expect(LIVE).toContain((await state('alive'))?.state);

      // A crash right after an exit, sooner than manifest changes are gathered for
      // (MANIFEST_COALESCE_MS): the exit is on disk already. `wait` hears of the exit
      // within 10 ms of it, and the daemon dies as soon as it has.
      await home.ok(['new', 'crashed', '-d', '--', 'sh', '-c', 'read x; echo crashed-out; exit 4']);
      const exited = home.run(['wait', 'crashed', '--for', '^never-printed$']);
      await home.ok(['send', 'crashed', 'Enter']);
      expect((await exited).stderr).toMatch(/the program in crashed exited with code 4/);
      await crashDaemon({ home });
      expect(await state('crashed')).toMatchObject({ state: 'exited', exitCode: 4 });
      expect(await state('done9')).toMatchObject({ state: 'exited', exitCode: 9 });
      expect(await home.ok(['capture', 'crashed'])).toMatch(/^crashed-out$/m);

      // resurrect.auto brings back what ran and leaves the finished ones as they were.
      fs.writeFileSync(path.join(home.dir, 'config.json'), JSON.stringify({ resurrect: { auto: true } }));
      await stopDaemon(home);
      await waitFor(async () => LIVE.includes((await state('alive'))?.state ?? ''), { label: 'alive to come back by itself' });
      expect(await state('done9')).toMatchObject({ state: 'exited', exitCode: 9 });
      expect(await state('crashed')).toMatchObject({ state: 'exited', exitCode: 4 });

      // kill deletes it, output and all, as for any session found on disk.
      const sessionsDir = path.join(home.dir, 'sessions');
      const dirs = () => fs.readdirSync(sessionsDir).filter((d) => !d.startsWith('.'));
      const before = dirs().length;
      await home.ok(['kill', 'done9']);
      expect((await home.ls()).map((x) => x.name)).not.toContain('done9');
      expect(dirs()).toHaveLength(before - 1);
      expect((await home.run(['capture', 'done9'])).stderr).toMatch(/no session 'done9'/);
    } finally {
      await home.cleanup();
    }
  }, 60_000);
});
