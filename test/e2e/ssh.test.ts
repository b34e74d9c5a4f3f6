/**
 * spaces over a real ssh: a Debian sshd on a loopback port (test/helpers/sshd.ts)
 * plays the remote machines, each host alias with its own SPACES_HOME, and the
 * remote command is this checkout's `bin/spaces proxy`. The user's side is a
 * headless xterm running `spaces attach HOST:NAME` in a PTY.
 */
import * as os from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commOf, descendants, isAlive, killQuietly } from '../helpers/procs';
import { SpacesHome } from '../helpers/spaces';
import { sshdUnavailable, TestSshd } from '../helpers/sshd';
import { UserTerm } from '../helpers/user-terminal';
import { waitFor } from '../helpers/wait-for';

const unavailable = sshdUnavailable();
if (unavailable) console.warn(`ssh tests skipped: ${unavailable}`);

describe.skipIf(unavailable)(`spaces over ssh${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let sshd: TestSshd;
  /** The "remote machines": box and other. */
  let box: SpacesHome;
  let other: SpacesHome;
  /** The user's own machine (its daemon is never needed for remote use). */
  let local: SpacesHome;
  const terms: UserTerm[] = [];

  const env = () => local.env(sshd.clientEnv());
  function open(args: string[]): UserTerm {
    const u = new UserTerm(args, { env: env(), cols: 80, rows: 20 });
    terms.push(u);
    return u;
  }
  /** The ssh process a client runs (its child), once it is there. */
  function sshOf(u: UserTerm, not?: number): Promise<number> {
    return waitFor(() => descendants(u.pid).find((p) => commOf(p) === 'ssh' && p !== not && isAlive(p)), { label: 'the client to run ssh' });
  }
  async function screenOf(home: SpacesHome, name: string): Promise<string> {
    return home.ok(['capture', name]);
  }

  beforeAll(async () => {
    box = new SpacesHome('box');
    other = new SpacesHome('oth');
    local = new SpacesHome('loc');
    sshd = await TestSshd.start();
    sshd.addHost('box', box.dir);
    sshd.addHost('other', other.dir);
    sshd.addDeadHost('nowhere', 1);
  });
  afterEach(() => {
    sshd.openGate();
    for (const t of terms.splice(0)) t.dispose();
  });
  afterAll(async () => {
    await Promise.all([box?.cleanup(), other?.cleanup(), local?.cleanup()]);
    await sshd?.stop();
  });

  it('lists the sessions of other machines: HOST:, user@HOST:, --hosts', async () => {
    await box.ok(['new', 'listed', '-d']);
    await other.ok(['new', 'elsewhere', '-d']);
    const one = await local.run(['ls', 'box:'], { env: sshd.clientEnv() });
    expect(one.stderr).toBe('');
    expect(one.stdout).toMatch(/^ {2}HOST\s+NAME\s+STATE/m);
    expect(one.stdout).toMatch(/^ {2}box\s+listed\s/m);

    const user = os.userInfo().username;
    const many = await local.run(['ls', '--hosts', `box,${user}@other`, '--json'], { env: sshd.clientEnv() });
    expect(many.code).toBe(0);
    const rows = JSON.parse(many.stdout) as Array<{ host: string; name: string; state: string }>;
    expect(rows).toContainEqual(expect.objectContaining({ host: 'box', name: 'listed', state: 'idle' }));
    expect(rows).toContainEqual(expect.objectContaining({ host: `${user}@other`, name: 'elsewhere' }));

    // One unreachable machine is reported in one line; the others are still listed.
    const partly = await local.run(['ls', '--hosts', 'box,nowhere'], { env: sshd.clientEnv() });
    expect(partly.code).toBe(1);
    expect(partly.stdout).toMatch(/^ {2}box\s+listed\s/m);
    expect(partly.stderr).toMatch(/^spaces: cannot reach nowhere: .*Connection refused\n$/);

    // Without a colon it is a workspace, not a host; this machine's own list is untouched by all of it.
    expect((await local.run(['ls', 'box'])).stdout).toMatch(/no sessions in workspace 'box' \(for the sessions on a host named box, write `spaces ls box:`\)/);
    expect(await local.ok(['ls'])).not.toContain('listed');
  });

  it('says what to do when spaces is not installed on the host', async () => {
    const r = await local.run(['ls', 'box:'], { env: { ...sshd.clientEnv(), SPACES_REMOTE_COMMAND: '/no/such/spaces proxy' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^spaces: '\/no\/such\/spaces proxy' could not run on box \(.*\); install spaces there or set SPACES_REMOTE_COMMAND/);
  });

  it('drives a session on another machine with HOST:TARGET: send, wait, capture, replay, why, select, kill', async () => {
    const env = sshd.clientEnv();
    await box.ok(['new', 'scripted', '-d']);
    await local.ok(['send', 'box:scripted', '--literal', 'echo remote-$((6*7))', 'Enter'], { env });
    expect(await local.ok(['wait', 'box:scripted', '--for', '^remote-42', '--timeout', '20'], { env })).toBe('remote-42\n');
    expect(await local.ok(['capture', 'box:scripted'], { env })).toContain('remote-42');
    expect(await local.ok(['replay', 'box:scripted', '--plain'], { env })).toContain('remote-42');
    expect(JSON.parse(await local.ok(['why', 'box:scripted', '--json'], { env })).current.state).toBeTruthy();
    expect((await local.run(['select', 'box:scripted:0.0'], { env })).code).toBe(0);
    // The session is on box, and only there.
    expect((await box.ls()).map((s) => s.name)).toContain('scripted');
    expect(await local.ok(['ls'])).not.toContain('scripted');

    // Errors name the host; what needs this machine's files says where to run it.
    const missing = await local.run(['capture', 'box:nosuch'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^spaces: box: .*'nosuch'/);
    const unreachable = await local.run(['send', 'nowhere:scripted', '--literal', 'x'], { env });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^spaces: cannot reach nowhere: [^]*Connection\s*refused/);
    // In case a window here was meant: how the target was read, and how to write the other.
    expect(unreachable.stderr).toContain('(`nowhere:scripted` is session scripted on host nowhere; a window and pane here are numbers: nowhere:0.1)\n');
    // The remote daemon's hints are pointed at box: as written they would act here.
    await box.ok(['new', 'finished', '-d', '--', 'sh', '-c', 'exit 3']);
    await waitFor(async () => (await box.ls()).find((s) => s.name === 'finished')?.state === 'exited', { label: 'the session on box to exit' });
    const exited = await local.run(['send', 'box:finished', '--literal', 'x'], { env });
    expect(exited.code).toBe(1);
    expect(exited.stderr).toMatch(/^spaces: box: .*kill it with `spaces kill box:finished`/);
    await box.ok(['kill', 'finished']);
    const grep = await local.run(['grep', 'remote', 'box:scripted'], { env });
    expect(grep.code).toBe(1);
    expect(grep.stderr).toBe("spaces: grep runs on this machine only; for box, run it there: ssh box spaces grep ...\n");

    await local.ok(['kill', 'box:scripted'], { env });
    expect((await box.ls()).map((s) => s.name)).not.toContain('scripted');
  });

  it('attaches through ssh: typing and output, then a clean detach that ends ssh', async () => {
    await box.ok(['new', 'work', '-d']);
    const u = open(['attach', 'box:work']);
    await u.waitForText('$');
    await u.waitForText(/ work .* on box $/m, 'the status line to name the session and its host');
    u.type('echo over-ssh-$((6*7))\r');
    await u.waitForText('over-ssh-42');
    expect(await screenOf(box, 'work')).toContain('over-ssh-42');
    const ssh = await sshOf(u);
    u.type('\x02d');
    expect(await u.waitForExit()).toBe(0);
    expect(u.restored()).toBe(true);
    await u.waitForText('[detached (from session work on box)]');
    await waitFor(() => !isAlive(ssh), { label: 'ssh to exit after the detach' });
  });

  it('reconnects by itself after ssh dies and shows what was printed meanwhile', async () => {
    await box.ok(['new', 'cut', '-d']);
    const u = open(['attach', 'box:cut']);
    await u.waitForText('$');
    u.type('echo before-cut\r');
    await u.waitForText('before-cut');
    const first = await sshOf(u);
    // The "network" stays down until we say so: the client must keep trying.
    sshd.closeGate();
    killQuietly(first, 'SIGKILL');
    await u.waitForText('reconnecting…', 'the status line to say the link is down');
    expect(u.text()).toContain('before-cut');
    await box.ok(['send', 'cut', 'echo while-cut-$((2+3))', 'Enter']);
    await waitFor(async () => (await screenOf(box, 'cut')).includes('while-cut-5'), { label: 'the remote pane to print while cut off' });
    expect(u.text()).not.toContain('while-cut-5');
    sshd.openGate();
    await u.waitForText('while-cut-5', 'the client to reconnect and re-sync without a key press', 15_000);
    await waitFor(() => !u.text().includes('reconnecting'), { label: 'the status line to clear' });
    u.type('echo after-$((3+4))\r');
    await u.waitForText('after-7');
    expect(await sshOf(u, first)).not.toBe(first);
  });

  it('notices a stalled link (ssh stopped) within seconds and recovers from it', async () => {
    await box.ok(['new', 'stall', '-d']);
    const u = open(['attach', 'box:stall']);
    await u.waitForText('$');
    const stalled = await sshOf(u);
    process.kill(stalled, 'SIGSTOP');
    const since = Date.now();
    await box.ok(['send', 'stall', 'echo during-stall-$((1+1))', 'Enter']);
    await u.waitForText('reconnecting…', 'the stalled link to be noticed', 15_000);
    // Five silent heartbeat ticks, plus a loaded machine's slack.
    expect(Date.now() - since).toBeLessThan(10_000);
    killQuietly(stalled, 'SIGCONT');
    await u.waitForText('during-stall-2', 'the client to re-sync over a new link', 15_000);
    u.type('echo resumed-$((4+4))\r');
    await u.waitForText('resumed-8');
    await waitFor(() => !isAlive(stalled), { label: 'the stalled ssh not to be left behind' });
  });

  it('C-c while reconnecting gives up cleanly; the session keeps running', async () => {
    await box.ok(['new', 'quit', '-d']);
    const u = open(['attach', 'box:quit']);
    await u.waitForText('$');
    sshd.closeGate();
    killQuietly(await sshOf(u), 'SIGKILL');
    await u.waitForText('C-c gives up');
    u.type('\x03');
    expect(await u.waitForExit()).toBe(1);
    expect(u.restored()).toBe(true);
    const said = '[gave up reconnecting to box; session quit keeps running there: `spaces attach box:quit`]';
    // Joined without line breaks: the message is wider than the terminal.
    await waitFor(() => u.lines().join('').includes(said), { label: 'the give-up message' });
    expect((await box.ls()).find((s) => s.name === 'quit')?.state).not.toBe('exited');
  });

  it('ends with the reason when the session is gone by the time the link is back', async () => {
    await box.ok(['new', 'gone', '-d']);
    const u = open(['attach', 'box:gone']);
    await u.waitForText('$');
    sshd.closeGate();
    killQuietly(await sshOf(u), 'SIGKILL');
    await u.waitForText('reconnecting…');
    await box.ok(['kill', 'gone']);
    sshd.openGate();
    expect(await u.waitForExit(15_000)).toBe(1);
    expect(u.restored()).toBe(true);
    await u.waitForText(/spaces: cannot reattach to box: .*gone/);
  });

  it('reports an unreachable host before taking over the terminal', async () => {
    const u = open(['attach', 'nowhere:work']);
    expect(await u.waitForExit()).toBe(1);
    await u.waitForText(/spaces: cannot reach nowhere: [^]*Connection\s*refused/);
    expect(u.restored()).toBe(true);
  });
});
