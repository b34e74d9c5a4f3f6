/**
 * The output log through the real daemon: nothing lost or doubled while clients
 * come and go, "since you left" replay, search and capture beyond what the pane
 * keeps in memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logBytes, sessionDir } from '../helpers/history';
import { isAlive } from '../helpers/procs';
import { SpacesHome } from '../helpers/spaces';
import { UserTerm } from '../helpers/user-terminal';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
const terms: UserTerm[] = [];
beforeAll(() => {
  sp = new SpacesHome();
  // Small segments, so the flood below also crosses dozens of segment rotations.
  fs.writeFileSync(path.join(sp.dir, 'config.json'), JSON.stringify({ history: { 'segment-bytes': '256K' } }));
});
afterEach(() => {
  for (const t of terms.splice(0)) t.dispose();
});
afterAll(async () => {
  await sp.cleanup();
});

/** `spaces attach NAME` in a real terminal, once it shows `ready` (its first frame has arrived). */
async function attach(name: string, ready: string | RegExp, size = { cols: 80, rows: 20 }): Promise<UserTerm> {
  const u = new UserTerm(['attach', name], { env: sp.env(), ...size });
  terms.push(u);
  await u.waitForText(ready, `the attached client to show ${ready}`);
  return u;
}

const LINES = 200_000;
const PAD = 'x'.repeat(80);

async function attachedCount(name: string): Promise<number> {
  return (await sp.ls()).find((s) => s.name === name)!.attached as number;
}

/** A program that prints `out-LINE` for each line typed, without echoing the input. */
const ECHOER = ['--', 'sh', '-c', 'stty -echo; while read x; do echo "out-$x"; done'];

describe('output log', () => {
  it(`holds all ${LINES.toLocaleString()} lines of a flood, in order and once, while clients attach, detach and are killed -9`, async () => {
    await sp.ok([
      'new', 'flood', '-d', '--',
      'sh', '-c', `stty -echo; read go; seq -f '%.0f ${PAD}' 1 ${LINES}; exec sleep 600`,
    ]);
    // Attach/detach churn (`spaces attach` in a real terminal, plus a `wait` stream
    // client): detached with C-b d or killed with -9; the flood starts mid-churn.
    for (let round = 0; round < 6; round++) {
      const viewer = await attach('flood', /spaces|flood/);
      const watcher = sp.start(['wait', 'flood', '--for', 'never-printed', '--timeout', '0']);
      if (round === 1) await sp.ok(['send', 'flood', 'go', 'Enter']);
      await waitFor(() => watcher.pid && isAlive(watcher.pid), { label: 'the wait client to start' });
      if (round % 2 === 1) viewer.kill('SIGKILL');
      else viewer.type('\x02d');
      process.kill(watcher.pid!, 'SIGKILL');
      await waitFor(() => !isAlive(viewer.pid) && !isAlive(watcher.pid!), { label: 'both clients to go' });
    }
    await sp.ok(['wait', 'flood', '--for', `^${LINES} x`, '--timeout', '60']);
    const last = Buffer.from(`\r\n${LINES} ${PAD}\r\n`);
    await waitFor(() => logBytes(sp, 'flood').includes(last), { label: 'the last line to reach the log', timeout: 5000 });
    await waitFor(async () => (await attachedCount('flood')) === 0, { label: 'every client to count as detached' });

    const lines = logBytes(sp, 'flood').toString('latin1').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(LINES);
    const wrong = lines.findIndex((l, i) => l !== `${i + 1} ${PAD}`);
    expect(wrong, `line ${wrong + 1} is ${JSON.stringify(lines[wrong])}`).toBe(-1);
    // Rotation happened, and every file is private.
    const dir = path.join(sessionDir(sp, 'flood'), 'p0');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(20);
  }, 120_000);

  it('loses nothing when the program resets the terminal (ESC c) halfway', async () => {
    await sp.ok(['new', 'reset', '-d', '--', 'sh', '-c', 'seq -f a%g 1 3000; printf "\\033c"; seq -f b%g 1 3000; echo DO""NE; exec sleep 600']);
    await sp.ok(['wait', 'reset', '--for', '^DONE$']);
    const replayed = (await sp.ok(['replay', 'reset', '--plain'])).split('\n');
    expect(replayed.filter((l) => /^a\d+$/.test(l))).toHaveLength(3000);
    expect(replayed.filter((l) => /^b\d+$/.test(l))).toHaveLength(3000);
    const captured = (await sp.ok(['capture', 'reset', '--scrollback', 'all'])).split('\n');
    expect(captured.filter((l) => /^[ab]\d+$/.test(l))).toHaveLength(6000);
  });

  it('replays exactly what was printed between a detach and the next attach', async () => {
    await sp.ok(['new', 'gap', '-d', ...ECHOER]);
    const say = async (word: string) => {
      await sp.ok(['send', 'gap', word, 'Enter']);
      await sp.ok(['wait', 'gap', '--for', `^out-${word}$`]);
    };
    await say('before');
    const first = await attach('gap', 'out-before');
    await say('seen');
    first.kill('SIGKILL');
    await waitFor(async () => (await attachedCount('gap')) === 0, { label: 'the killed client to count as detached' });
    await say('gap1');
    await say('gap2');
    // Still away: the gap runs up to now.
    expect(await sp.ok(['replay', 'gap', '--since-detach', '--plain'])).toBe('out-gap1\nout-gap2\n');
    const second = await attach('gap', 'out-gap2');
    // The client says what was missed (and how to see it).
    await second.waitForText('2 lines since you left');
    // Scrollback opens where the missed output begins.
    second.type('\x02[');
    await second.waitForText(/COPY/, 'scrollback mode');
    // (Everything fits on one screen here, so the cursor, not the view, marks the spot.)
    await waitFor(() => second.line(second.term.buffer.active.cursorY).startsWith('out-gap1'), { label: 'the cursor on the first missed line' });
    second.type('q');
    await waitFor(() => !/COPY/.test(second.text()), { label: 'scrollback mode to end' });
    await say('after');
    // Back: the gap ends at the attach, whatever came later.
    expect(await sp.ok(['replay', 'gap', '--since-detach', '--plain'])).toBe('out-gap1\nout-gap2\n');
    expect(await sp.ok(['replay', 'gap', '--since-detach'])).toBe('out-gap1\nout-gap2\n');
    const raw = await sp.ok(['replay', 'gap', '--since-detach', '--raw']);
    expect(raw).toBe('out-gap1\r\nout-gap2\r\n');
    second.type('\x02d');
    expect(await second.waitForExit()).toBe(0);
    await waitFor(async () => (await attachedCount('gap')) === 0, { label: 'the client to detach' });
    expect(await sp.ok(['replay', 'gap', '--since-detach', '--plain'])).toBe('');
    await say('later');
    expect(await sp.ok(['replay', 'gap', '--since-detach', '--plain'])).toBe('out-later\n');
    // The whole history, and history since a time.
    expect(await sp.ok(['replay', 'gap', '--plain'])).toBe('out-before\nout-seen\nout-gap1\nout-gap2\nout-after\nout-later\n');
    expect(await sp.ok(['replay', 'gap', '--since', '1h', '--plain'])).toContain('out-before');
    await sp.ok(['new', 'unwatched', '-d', '--', 'sleep', '600']);
    const never = await sp.run(['replay', 'unwatched', '--since-detach', '--plain']);
    expect(never).toMatchObject({ code: 0, stdout: '' });
    expect(never.stderr).toMatch(/no detach has been recorded/);
    const bad = await sp.run(['replay', 'gap', '--since', 'yesterday']);
    expect(bad.stderr).toMatch(/--since: 'yesterday' is not a duration/);
  });

  it('replays every line once after the session was resized by terminals of other sizes', async () => {
    // Attaching from a short terminal pushes the screen's top into history; a tall
    // one then pulls lines back down, and a narrow one re-wraps them. Each line
    // must still come out once, in order.
    await sp.ok(['new', 'sizes', '-d', '--cols', '80', '--rows', '19', ...ECHOER]);
    const print = async (from: number, to: number) => {
      await sp.ok(['send', 'sizes', '--literal', Array.from({ length: to - from }, (_, i) => `line-${from + i}-${'.'.repeat(50)}\r`).join('')]);
      await sp.ok(['wait', 'sizes', '--for', `^out-line-${to - 1}-`]);
    };
    await print(0, 40);
    let printed = 40;
    for (const size of [{ cols: 80, rows: 8 }, { cols: 80, rows: 45 }, { cols: 40, rows: 12 }, { cols: 100, rows: 30 }]) {
      const u = await attach('sizes', 'out-line-', size);
      await waitFor(async () => JSON.parse(await sp.ok(['capture', 'sizes', '--json'])).rows === size.rows - 1, { label: `the session to take ${size.rows - 1} rows` });
      u.type('\x02d');
      expect(await u.waitForExit()).toBe(0);
      await print(printed, printed + 15);
      printed += 15;
    }
    const all = (await sp.ok(['replay', 'sizes', '--plain'])).match(/out-line-\d+/g)!;
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => `out-line-${i}`));
    const captured = (await sp.ok(['capture', 'sizes', '--scrollback', 'all'])).match(/out-line-\d+/g)!;
    expect(captured).toEqual(all);
  });

  it('captures and greps history that has scrolled out of memory', async () => {
    await sp.ok(['new', 'deep', '-d', '--rows', '10', '--scrollback', '50', '--', 'sh', '-c', "seq -f 'deep-%.0f' 1 3000; exec sleep 600"]);
    await sp.ok(['wait', 'deep', '--for', '^deep-3000$']);
    // In memory: 50 lines of history and the screen.
    const inMemory = (await sp.ok(['capture', 'deep', '--scrollback', '50'])).trimEnd().split('\n');
    expect(inMemory[0]).toBe('deep-2942');
    // From the log: everything.
    const all = (await sp.ok(['capture', 'deep', '--scrollback', 'all'])).trimEnd().split('\n');
    expect(all.slice(0, 3)).toEqual(['deep-1', 'deep-2', 'deep-3']);
    expect(all.filter((l) => /^deep-\d+$/.test(l))).toHaveLength(3000);
    expect(all.indexOf('deep-3000')).toBe(2999);
    const some = (await sp.ok(['capture', 'deep', '--scrollback', '500'])).trimEnd().split('\n');
    expect(some[0]).toBe('deep-2492');
    const json = JSON.parse(await sp.ok(['capture', 'deep', '--scrollback', 'all', '--json']));
    expect(json.lines[0]).toMatchObject({ index: -json.historyLines, text: 'deep-1' });

    const found = await sp.run(['grep', '^deep-7$']);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^deep:0\.0 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}deep-7\n$/);
    expect((await sp.ok(['grep', '-i', 'DEEP-29[0-9][0-9]$', 'deep', '-m', '3'])).trimEnd().split('\n')).toHaveLength(3);
    const none = await sp.run(['grep', 'no-such-line-anywhere', 'deep', 'gap']);
    expect(none).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect((await sp.run(['grep', '(', 'deep'])).stderr).toMatch(/not a valid regular expression/);
    expect((await sp.run(['grep', 'x', 'ghost'])).stderr).toMatch(/no session 'ghost'/);
  });

  it('greps output that hides escapes (an overlong ESC, a C1 CSI) without printing them', async () => {
    // What `cat` of a hostile file puts in the log: an OSC 52 clipboard write behind
    // an overlong UTF-8 ESC (E0 80 9B), and a C1 CSI (C2 9B).
    await sp.ok(['new', 'hostile', '-d', '--', 'sh', '-c', "printf 'trap-a \\340\\200\\233]52;c;aGk=\\007 trap-b \\302\\2332J end\\n'; echo printed; exec sleep 600"]);
    await sp.ok(['wait', 'hostile', '--for', '^printed']);
    const found = await sp.ok(['grep', 'trap-a', 'hostile']);
    expect(found).toMatch(/trap-a .*trap-b .*end\n$/);
    // eslint-disable-next-line no-control-regex
    expect(found).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });
});
