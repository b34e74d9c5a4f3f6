/**
 * Sessions through the real CLI, the real daemon and real PTYs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants, isAlive } from '../helpers/procs';
import { SpacesHome } from '../helpers/spaces';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
beforeAll(() => {
  sp = new SpacesHome();
});
afterAll(async () => {
  await sp.cleanup();
});

const SH = ['--', 'sh'];

describe('sessions', () => {
  it('outlive the command that created them and any client killed with -9', async () => {
    await sp.ok(['new', 'keep', '-d', '--cols', '60', '--rows', '10', ...SH]);
    // `spaces new` has exited; the program lives on in the daemon.
    await sp.ok(['send', 'keep', '--literal', 'echo survived-$((40+2))', 'Enter']);
    await sp.ok(['wait', 'keep', '--for', 'survived-42', '--timeout', '10']);
    // A long-lived client (a wait that never matches) killed without warning.
    const client = sp.start(['wait', 'keep', '--for', 'never-printed', '--timeout', '0']);
    await waitFor(() => client.pid && isAlive(client.pid), { label: 'the wait client to start' });
    process.kill(client.pid!, 'SIGKILL');
    await waitFor(() => !isAlive(client.pid!), { label: 'the killed client to disappear' });
    const [s] = (await sp.ls()).filter((x) => x.name === 'keep');
    expect(s.state).not.toBe('exited');
    expect(isAlive(s.pid as number)).toBe(true);
    expect(await sp.ok(['capture', 'keep'])).toContain('survived-42');
  });

  it('lists name, workspace, cwd, command, pid, state, times and clients', async () => {
    const dir = fs.mkdtempSync(path.join(sp.dir, 'proj-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'sub'));
    await sp.ok(['new', 'listed', '-d', '-c', path.join(dir, 'sub'), '--', 'sleep', '600']);
    const s = (await sp.ls()).find((x) => x.name === 'listed')!;
    expect(s).toMatchObject({
      workspace: path.basename(dir),
      cwd: path.join(dir, 'sub'),
      command: 'sleep 600',
      state: 'idle',
      attached: 0,
    });
    expect(typeof s.pid).toBe('number');
    expect(Date.parse(s.created as string)).toBeGreaterThan(0);
    expect(Date.parse(s.lastActivity as string)).toBeGreaterThan(0);
    const table = await sp.ok(['ls']);
    expect(table).toMatch(new RegExp(`^${path.basename(dir)}  ${dir}\n  NAME\\s+STATE\\s+AGENT\\s+AGE\\s+OUTPUT\\s+PID`, 'm'));
    expect(table).toMatch(new RegExp(`listed\\s+idle\\s+-\\s+\\d+s\\s+\\d+s\\s+${s.pid}`));
  });

  it('keeps an exited program listed with its code and last screen until killed', async () => {
    await sp.ok(['new', 'brief', '-d', '--', 'sh', '-c', 'echo last words; exit 3']);
    const s = await waitFor(async () => (await sp.ls()).find((x) => x.name === 'brief' && x.state === 'exited'), {
      label: "session 'brief' to show as exited",
    });
    expect(s.exitCode).toBe(3);
    expect(s.pid).toBeNull();
    expect(await sp.ok(['capture', 'brief'])).toContain('last words');
    expect(await sp.ok(['ls'])).toMatch(/brief\s+exited 3/);
    const send = await sp.run(['send', 'brief', 'x']);
    expect(send.code).toBe(1);
    expect(send.stderr).toMatch(/has exited/);
    await sp.ok(['kill', 'brief']);
    expect((await sp.ls()).some((x) => x.name === 'brief')).toBe(false);
  });

  it('sends key names with the pane modes in mind', async () => {
    const showBytes = path.join(__dirname, '..', 'fixtures', 'show-bytes.js');
    await sp.ok(['new', 'keys', '-d', '--', process.execPath, showBytes, 'appcursor']);
    await sp.ok(['wait', 'keys', '--for', 'ready', '--timeout', '10']);
    // Application cursor mode: Up is ESC O A. C-c is 03, Tab 09, M-x is ESC x.
    await sp.ok(['send', 'keys', 'Up', 'C-c', 'hi', 'Tab', 'M-x']);
    await sp.ok(['wait', 'keys', '--for', 'got 1b4f41036869091b78', '--timeout', '10']);
    await sp.ok(['send', 'keys', '--literal', 'Enter']);
    await sp.ok(['wait', 'keys', '--for', 'got 456e746572$', '--timeout', '10']);
  });

  it('waits for output as it arrives, and times out with a clear message', async () => {
    await sp.ok(['new', 'waiter', '-d', ...SH]);
    const waiting = sp.run(['wait', 'waiter', '--for', 'ready-\\d+', '--timeout', '20']);
    await sp.ok(['send', 'waiter', '--literal', 'sleep 0.3; echo ready-$((1+1))', 'Enter']);
    const r = await waiting;
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('ready-2');
    const t = await sp.run(['wait', 'waiter', '--for', 'absent', '--timeout', '0.5']);
    expect(t.code).toBe(1);
    expect(t.stderr.trim().split('\n')).toHaveLength(1);
    expect(t.stderr).toMatch(/timed out after 0.5s waiting for \/absent\/ in waiter/);
    const bad = await sp.run(['wait', 'waiter', '--for', '(']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a valid regular expression/);
    // Nothing to wait for: a usage mistake, status 2 as commander's own.
    expect(await sp.run(['wait', 'waiter'])).toMatchObject({ code: 2, stderr: 'spaces: say what to wait for: spaces wait NAME --for REGEX\n' });
  });

  it('stops waiting when the program exits without printing the pattern', async () => {
    await sp.ok(['new', 'quitter', '-d', ...SH]);
    const waiting = sp.run(['wait', 'quitter', '--for', 'never', '--timeout', '20']);
    await sp.ok(['send', 'quitter', '--literal', 'exit 7', 'Enter']);
    const r = await waiting;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exited with code 7 before \/never\/ appeared/);
  });

  it('renames, and explains every bad name, duplicate and unknown session in one line', async () => {
    await sp.ok(['new', 'old-name', '-d', ...SH]);
    await sp.ok(['rename', 'old-name', 'new-name']);
    const names = (await sp.ls()).map((s) => s.name);
    expect(names).toContain('new-name');
    expect(names).not.toContain('old-name');

    const cases: Array<[string[], RegExp]> = [
      [['new', 'new-name', '-d', ...SH], /session 'new-name' already exists \(sessions: .*new-name/],
      [['new', 'bad name', '-d'], /may use only letters, digits/],
      [['new', 'x1', '-d', '--', 'no-such-program-xyz'], /command not found: 'no-such-program-xyz'/],
      [['new', 'x2', '-d', '-c', '/no/such/dir'], /working directory \/no\/such\/dir does not exist/],
      [['new', 'x3', '-d', '--cols', 'wide'], /--cols must be a whole number/],
      [['send', 'ghost', 'x'], /no session 'ghost' \(sessions: .*new-name/],
      [['capture', 'ghost'], /no session 'ghost'/],
      [['capture', 'new-name:5'], /has no window 5/],
      [['capture', 'new-name:0.4'], /has no pane 4/],
      [['send', 'new-name', 'C-nope'], /unknown key 'C-nope'/],
      [['rename', 'new-name', 'a b'], /may use only letters/],
      [['kill', 'ghost'], /no session 'ghost'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, re] of cases) {
      const r = await sp.run(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(re);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    // Nothing half-created by the failures.
    const after = (await sp.ls()).map((s) => s.name);
    for (const n of ['x1', 'x2', 'x3', 'bad name']) expect(after).not.toContain(n);
  });

  it('creates 20 sessions, lists them all, kills them all, and leaves no process behind', { timeout: 120_000 }, async () => {
    const names = Array.from({ length: 20 }, (_, i) => `loop-${i}`);
    for (const n of names) await sp.ok(['new', n, '-d', '--', 'sh', '-c', 'sleep 600 & wait']);
    const listed = await sp.ls();
    const pids = names.map((n) => listed.find((s) => s.name === n)?.pid as number);
    expect(pids.every((p) => typeof p === 'number' && isAlive(p))).toBe(true);
    // The sh and its background sleep, for each session.
    const all = pids.flatMap((p) => [p, ...descendants(p)]);
    expect(all.length).toBeGreaterThanOrEqual(40);
    for (const n of names) await sp.ok(['kill', n]);
    const left = (await sp.ls()).map((s) => s.name);
    for (const n of names) expect(left).not.toContain(n);
    await waitFor(() => all.every((p) => !isAlive(p)), { label: 'every process of the 20 killed sessions to exit' });
  });
});
