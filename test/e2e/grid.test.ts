/**
 * `spaces grid`: many sessions tiled live in one terminal, selection, attaching
 * from it and coming back, and jumping to the session that waits for the user.
 */
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';
import { standInBin } from '../helpers/stand-in';
import { useTerminals } from '../helpers/terminals';
import { UserTerm } from '../helpers/user-terminal';
import { waitFor } from '../helpers/wait-for';

let env: Record<string, string> = {};
const t = useTerminals({ cols: 160, rows: 48, env: () => env });
const open = (args: string[]) => t.open(args);
let sp: SpacesHome;
beforeAll(async () => {
  sp = t.sp;
  const bin = standInBin(path.join(sp.dir, 'agents'), ['claude']);
  env = { PATH: `${bin}:${process.env.PATH}`, STANDIN_WORK_MS: '600', STANDIN_NOTIFY: 'none' };
  // Twelve live sessions, each printing a numbered tick twice a second.
  for (let i = 0; i < 12; i++) {
    const name = `s${String(i).padStart(2, '0')}`;
    await sp.ok(['new', name, '-d', '--cols', '60', '--rows', '15', '--', 'sh', '-c', `i=0; while :; do i=$((i+1)); echo "${name} tick $i"; sleep 0.5; done`]);
  }
});

/** The highest tick number session `name` shows on the user's screen. */
function tick(u: UserTerm, name: string): number {
  const m = [...u.text().matchAll(new RegExp(`${name} tick (\\d+)`, 'g'))];
  return m.length ? Math.max(...m.map((x) => Number(x[1]))) : -1;
}

describe('grid', () => {
  it('restores the terminal and says why when the grid itself fails', async () => {
    const u = t.open(['grid'], {}, { ...env, SPACES_FAULT: 'grid-throw' });
    expect(await u.waitForExit()).toBe(1);
    // The message comes after the restore: once it is parsed, so is the restore.
    await u.waitForText('the grid failed (your sessions keep running)');
    expect(u.restored()).toBe(true);
    expect((await sp.ls()).filter((s) => s.state !== 'exited')).toHaveLength(12);
  });

  it('tiles twelve live sessions and repaints them while output flows', async () => {
    const u = open(['grid']);
    await u.waitForText('12 sessions');
    for (let i = 0; i < 12; i++) await u.waitForText(`s${String(i).padStart(2, '0')} · `, `the tile title of session ${i}`);
    const first = tick(u, 's05');
    await waitFor(() => tick(u, 's05') > first && tick(u, 's11') > 0, { label: 'tiles to repaint with new output' });
  });

  it('keeps serving while sessions change under an open grid', async () => {
    const u = open(['grid']);
    await u.waitForText('12 sessions');
    // Each of these makes a session announce a change to every listener, the grid's included.
    await sp.ok(['new-window', 's03', '-n', 'extra']);
    await sp.ok(['select', 's03:0']);
    await sp.ok(['rename', 's04', 's04b']);
    await u.waitForText('s04b · ', 'the renamed tile');
    expect((await sp.ls()).length).toBe(12);
  });

  it('selects with arrows, attaches with Enter, and returns to the grid on detach', async () => {
    const u = open(['grid']);
    await u.waitForText('12 sessions');
    u.type('\x1b[C\x1b[C'); // two to the right: the third session
    u.type('\r');
    await u.waitForText(/s02\s+0:sh\*/, 'the attached view of s02');
    u.type('\x02d');
    await u.waitForText('12 sessions', 'the grid again after detaching');
    expect(u.exitCode).toBeNull();
    u.type('q');
    expect(await u.waitForExit()).toBe(0);
    expect(u.restored()).toBe(true);
  });

  it('jumps to the next session waiting for input with n', async () => {
    await sp.ok(['new', 'zz-agent', '-d', '--agent', 'claude'], { env });
    const u = open(['grid']);
    await u.waitForText('zz-agent · needs-input', 'the agent tile waiting', 15_000);
    await u.waitForText('1 waiting');
    u.type('n');
    u.type('\r');
    await u.waitForText(/zz-agent\s+0:claude\*/, 'attached to the waiting agent');
    await sp.ok(['kill', 'zz-agent']);
  });

  it('filters by workspace and explains an unknown one', async () => {
    const r = open(['grid', 'no-such-workspace']);
    expect(await r.waitForExit()).toBe(1);
    expect(r.text()).toMatch(/no sessions in workspace 'no-such-workspace'/);
  });
});
