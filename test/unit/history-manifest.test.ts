import { describe, expect, it } from 'vitest';
import { leaf, LayoutNode, parseLayout, relabel, splitPane } from '../../src/common/layout';
import { rebuildManifest } from '../../src/daemon/dormant';
import { replayWindow } from '../../src/daemon/history';
import { endsOnAltScreen, isShell, markerBytes, NOT_RERUN, planPane } from '../../src/daemon/resurrect';
import type { LogView } from '../../src/storage/log-reader';
import { encodeManifest, MANIFEST_VERSION, parseManifest, SessionManifest, storedEnvironment } from '../../src/storage/manifest';

const manifest: SessionManifest = {
  version: MANIFEST_VERSION,
  id: 'abc-123',
  name: 'work',
  workspace: 'proj',
  cwd: '/src/proj',
  env: { PATH: '/usr/bin' },
  created: 1000,
  lastDetached: 2000,
  activeWindow: 1,
  windows: [
    { name: 'sh', activePane: 0, panes: [{ log: 'p0', argv: ['bash'], cwd: '/src/proj', cols: 80, rows: 24 }] },
    {
      name: 'agents',
      activePane: 1,
      layout: { split: 'h', children: [0, 1] },
      panes: [
        { log: 'p1', argv: ['make', 'test'], cwd: '/src/proj', cols: 40, rows: 24 },
        { log: 'p2', argv: ['claude'], cwd: '/src/proj/sub', cols: 39, rows: 24, agent: { preset: 'claude', conversationId: 'c-1', resumeArgv: ['claude', '--resume', 'c-1'] } },
      ],
    },
  ],
  nextPaneLog: 3,
};

describe('manifest', () => {
  it('round-trips', () => {
    expect(parseManifest(encodeManifest(manifest))).toEqual({ manifest, salvage: manifest });
  });

  it('salvages what it can from a torn file', () => {
    const torn = encodeManifest(manifest).slice(0, 120);
    const r = parseManifest(torn);
    expect(r.manifest).toBeUndefined();
    expect(r.problem).toMatch(/manifest unreadable/);
    expect(r.salvage).toMatchObject({ name: 'work', workspace: 'proj' });
  });

  it('salvages intact windows from an invalid one', () => {
    const broken = JSON.parse(encodeManifest(manifest));
    broken.version = 99;
    broken.windows[0].panes[0].cols = 'wide';
    const r = parseManifest(JSON.stringify(broken));
    expect(r.problem).toMatch(/manifest invalid .*version/);
    expect(r.salvage.name).toBe('work');
    expect(r.salvage.windows?.map((w) => w.name)).toEqual(['agents']);
    const rebuilt = rebuildManifest('abc-123', r.salvage, ['p0', 'p1', 'p2', 'p7'], { name: 'x', cwd: '/home', shell: '/bin/sh', now: 5 });
    // The intact window, then one window per log no surviving window refers to.
    expect(rebuilt.windows.map((w) => w.panes.map((p) => p.log))).toEqual([['p1', 'p2'], ['p0'], ['p7']]);
    expect(rebuilt.nextPaneLog).toBe(8);
    expect(rebuilt.name).toBe('work');
  });

  it('garbage yields a fallback name and every log found', () => {
    const r = parseManifest('\x00\x01{{{');
    const rebuilt = rebuildManifest('zz', r.salvage, ['p0'], { name: 'recovered-zz', cwd: '/home/u', shell: '/bin/sh', now: 5 });
    expect(rebuilt).toMatchObject({ name: 'recovered-zz', cwd: '/home/u', windows: [{ panes: [{ log: 'p0', argv: ['/bin/sh'] }] }] });
  });

  it('keeps only the environment that shapes how programs run, never secrets', () => {
    const env = storedEnvironment({ PATH: '/bin', LANG: 'C', LC_ALL: 'C', ANTHROPIC_API_KEY: 'sk-x', GITHUB_TOKEN: 't', HOME: '/h' });
    expect(env).toEqual({ PATH: '/bin', LANG: 'C', LC_ALL: 'C', HOME: '/h' });
  });
});

describe('layouts on disk', () => {
  it('store panes by index and come back over new ids', () => {
    const live: LayoutNode = splitPane(splitPane(leaf(7), 7, 'h', 9), 9, 'v', 12);
    const index = new Map([[7, 0], [9, 1], [12, 2]]);
    const stored = JSON.parse(JSON.stringify(relabel(live, (id) => index.get(id)!)));
    const parsed = parseLayout(stored, 3)!;
    expect(relabel(parsed, (i) => [100, 101, 102][i])).toEqual(relabel(live, (id) => 100 + index.get(id)!));
  });

  it('refuse anything that is not a tree over exactly the panes there are', () => {
    const ok = { kind: 'split', dir: 'h', children: [{ kind: 'pane', pane: 0 }, { kind: 'pane', pane: 1 }], weights: [1, 1] };
    expect(parseLayout(ok, 2)).not.toBeNull();
    expect(parseLayout(ok, 3)).toBeNull(); // a pane missing
    expect(parseLayout({ ...ok, children: [{ kind: 'pane', pane: 0 }, { kind: 'pane', pane: 0 }] }, 2)).toBeNull();
    expect(parseLayout({ ...ok, dir: 'x' }, 2)).toBeNull();
    expect(parseLayout({ ...ok, weights: [1, -1] }, 2)).toBeNull();
    expect(parseLayout({ ...ok, weights: [1] }, 2)).toBeNull();
    expect(parseLayout({ kind: 'pane', pane: 5 }, 1)).toBeNull();
    expect(parseLayout('garbage', 1)).toBeNull();
    let deep: unknown = { kind: 'pane', pane: 0 };
    for (let i = 0; i < 100; i++) deep = { kind: 'split', dir: 'v', children: [deep, { kind: 'pane', pane: 0 }], weights: [1, 1] };
    expect(parseLayout(deep, 1)).toBeNull();
  });
});

describe('resurrection plans', () => {
  it('tells shells from commands', () => {
    for (const s of [['bash'], ['/bin/zsh', '-l'], ['-bash'], ['fish', '-i']]) expect(isShell(s), s.join(' ')).toBe(true);
    for (const s of [['bash', '-c', 'make'], ['bash', 'script.sh'], ['make'], ['sh', '-ec', 'x']]) expect(isShell(s), s.join(' ')).toBe(false);
  });

  it('restarts shells, resumes agents, and replaces other commands by a shell unless asked', () => {
    const [sh, make, claude] = manifest.windows.flatMap((w) => w.panes);
    expect(planPane(sh, { rerun: false, shell: '/bin/sh' }).argv).toEqual(['bash']);
    expect(planPane(claude, { rerun: false, shell: '/bin/sh' })).toEqual({ argv: ['claude', '--resume', 'c-1'], note: 'resumed claude conversation c-1' });
    expect(planPane(make, { rerun: false, shell: '/bin/sh' })).toEqual({ argv: ['/bin/sh'], note: `${NOT_RERUN}make test` });
    expect(planPane(make, { rerun: true, shell: '/bin/sh' }).argv).toEqual(['make', 'test']);
  });

  it('draws one marker line, leaving the alternate screen only when the old program was on it', () => {
    const plain = markerBytes('new shell', 0, 40, [Buffer.from('$ ls\r\nfile\r\n$ ')]).toString();
    expect(plain).not.toContain('\x1b[?1049l');
    expect(plain).toMatch(/\r\n\x1b\[2m--- spaces: restored .*~\x1b\[0m\r\n$/);
    expect(plain.split('\r\n')).toHaveLength(3);
    const tui = [Buffer.from('\x1b[?1049h\x1b[H'), Buffer.from('drawing')];
    expect(endsOnAltScreen(tui)).toBe(true);
    expect(markerBytes('x', 0, 80, tui).toString()).toContain('\x1b[?1049l');
    expect(endsOnAltScreen([Buffer.from('\x1b[?1049hx\x1b[?1049l')])).toBe(false);
  });
});

describe('replay windows', () => {
  const view = { start: 100, end: 1000, times: [{ o: 100, t: 10_000 }, { o: 500, t: 20_000 }], sizes: [] } as unknown as LogView;

  it('since-detach runs from the detach to the attach that ended the absence', () => {
    expect(replayWindow(view, { sinceDetach: true }, { detachedAt: 300, attachedAt: 700, lastDetached: 1, lastAttached: 2 })).toEqual({ from: 300, to: 700, note: undefined });
    // Still away: up to now.
    expect(replayWindow(view, { sinceDetach: true }, { detachedAt: 300, attachedAt: 200, lastDetached: 2, lastAttached: 1 })).toEqual({ from: 300, to: 1000, note: undefined });
    expect(replayWindow(view, { sinceDetach: true }, {}).note).toMatch(/no detach/);
    expect(replayWindow(view, { sinceDetach: true }, { detachedAt: 50, lastDetached: 2 }).note).toMatch(/rotated out/);
  });

  it('since a time starts at the first output at or after it', () => {
    expect(replayWindow(view, { since: 20_100 }, {})).toEqual({ from: 500, to: 1000 });
    expect(replayWindow(view, { since: 15_000 }, {})).toEqual({ from: 500, to: 1000 });
    expect(replayWindow(view, {}, {})).toEqual({ from: 100, to: 1000 });
  });
});
