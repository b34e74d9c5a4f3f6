/**
 * Whatever is on disk, the daemon starts: a torn manifest, a manifest of garbage,
 * a log segment with garbage in it and its end cut off, stray files. Each damaged
 * session is listed as damaged with what could be recovered; the others come back
 * untouched, and every one of them can still be captured and resurrected.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionDir } from '../helpers/history';
import { isAlive } from '../helpers/procs';
import { SpacesHome } from '../helpers/spaces';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
beforeAll(() => {
  sp = new SpacesHome();
  fs.writeFileSync(path.join(sp.dir, 'config.json'), JSON.stringify({ history: { 'segment-bytes': '8K', 'max-bytes-per-pane': '8M' } }));
});
afterAll(async () => {
  await sp.cleanup();
});

const NAMES = ['good', 'torn', 'junk', 'seg'];

describe('damage on disk', () => {
  it('never stops the daemon; damaged sessions are reported with what survived, the others come back', async () => {
    for (const n of NAMES) {
      await sp.ok(['new', n, '-d', '--', 'sh', '-c', `seq -f '${n}-%.0f' 1 2000; exec sleep 600`]);
      await sp.ok(['wait', n, '--for', `^${n}-2000$`]);
    }
    const dirs = Object.fromEntries(NAMES.map((n) => [n, sessionDir(sp, n)]));
    // A clean stop keeps every session on disk, resurrectable.
    await sp.ok(['kill-server']);
    await waitFor(() => !fs.existsSync(path.join(sp.dir, 'daemon.pid')), { label: 'the daemon to stop' });

    const manifest = (n: string) => path.join(dirs[n], 'manifest.json');
    // A torn write: the manifest cut in the middle.
    const text = fs.readFileSync(manifest('torn'), 'utf8');
    fs.writeFileSync(manifest('torn'), text.slice(0, Math.floor(text.length / 2)));
    // Garbage instead of a manifest.
    fs.writeFileSync(manifest('junk'), Buffer.from(Array.from({ length: 700 }, (_, i) => (i * 131 + 7) % 256)));
    // A log segment with garbage in the middle, and the last one torn short.
    const segs = fs.readdirSync(path.join(dirs.seg, 'p0')).filter((f) => f.endsWith('.log')).sort().map((f) => path.join(dirs.seg, 'p0', f));
    expect(segs.length).toBeGreaterThan(1);
    const fd = fs.openSync(segs[0], 'r+');
    fs.writeSync(fd, Buffer.from('\x00\xff#GARBAGE#\x1b[999999;9999999H\x1b]0;'), 0, undefined, 3000);
    fs.closeSync(fd);
    const lastSeg = segs[segs.length - 1];
    fs.truncateSync(lastSeg, Math.floor(fs.statSync(lastSeg).size / 2));
    // Strays: a file, an empty directory, a directory of nonsense.
    fs.writeFileSync(path.join(sp.dir, 'sessions', 'notes.txt'), 'not a session');
    fs.mkdirSync(path.join(sp.dir, 'sessions', 'empty'));
    fs.mkdirSync(path.join(sp.dir, 'sessions', 'odd', 'p0'), { recursive: true });
    fs.writeFileSync(path.join(sp.dir, 'sessions', 'odd', 'p0', '12.log'), 'misnamed');

    const listed = await waitFor(
      async () => {
        const all = await sp.ls();
        return all.length === 4 && all.find((s) => s.name === 'seg')?.state === 'damaged' ? all : null;
      },
      { label: 'the damaged log to be found by the background check' },
    );
    const by = (n: string) => listed.find((s) => s.name === n)!;
    expect(isAlive(sp.daemonPid()!)).toBe(true);
    expect(by('good')).toMatchObject({ state: 'resurrectable', problem: null, command: "sh -c 'seq -f '\\''good-%.0f'\\'' 1 2000; exec sleep 600'" });
    expect(by('torn')).toMatchObject({ state: 'damaged', problem: expect.stringMatching(/manifest unreadable/) });
    const junk = listed.find((s) => s.name.startsWith('recovered-'))!;
    expect(junk).toMatchObject({ state: 'damaged', problem: expect.stringMatching(/manifest unreadable/) });
    expect(by('seg').problem).toMatch(/fail their checksum/);
    expect(by('seg').problem).toMatch(/truncated/);
    // Nothing to recover in the strays, so they are not sessions.
    expect(listed.map((s) => s.name).filter((n) => !NAMES.includes(n))).toEqual([junk.name]);
    expect(await sp.ok(['ls'])).toMatch(/seg is damaged: pane 0\.0: .*checksum/);

    // What survived is readable.
    const good = await sp.ok(['capture', 'good', '-S', 'all']);
    expect(good.split('\n').filter((l) => /^good-\d+$/.test(l))).toHaveLength(2000);
    expect(await sp.ok(['capture', 'torn', '-S', 'all'])).toContain('torn-1\n');
    expect(await sp.ok(['capture', junk.name, '-S', 'all'])).toContain('junk-1999\n');
    const seg = await sp.ok(['capture', 'seg', '-S', 'all']);
    expect(seg).toContain('seg-1\n');
    expect(seg).toContain('#GARBAGE#');
    expect((await sp.run(['grep', '^seg-5$', 'seg'])).stdout).toMatch(/seg:0\.0 .* seg-5/);

    // And everything comes back.
    const r = await sp.run(['resurrect', '--all']);
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/^resurrected /gm)).toHaveLength(4);
    const after = await sp.ls();
    expect(after).toHaveLength(4);
    for (const s of after) expect(['working', 'idle', 'needs-input'], s.name).toContain(s.state);
    expect(await sp.ok(['capture', 'torn', '-S', '10'])).toMatch(/--- spaces: restored/);
  }, 60_000);
});
