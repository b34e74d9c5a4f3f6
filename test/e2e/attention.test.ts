/**
 * An agent that starts waiting for the user where the user is not looking: the
 * attached terminal gets a bell and a desktop notification (OSC 9), and the status
 * line says which session or window waits.
 */
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';
import { standInBin } from '../helpers/stand-in';
import { useTerminals } from '../helpers/terminals';
import { waitFor } from '../helpers/wait-for';

let env: Record<string, string> = {};
const t = useTerminals({ cols: 100, rows: 20, env: () => env });
const open = (args: string[]) => t.open(args);
let sp: SpacesHome;
beforeAll(() => {
  sp = t.sp;
  const bin = standInBin(path.join(sp.dir, 'agents'), ['claude']);
  env = { PATH: `${bin}:${process.env.PATH}`, STANDIN_WORK_MS: '800', STANDIN_NOTIFY: 'none' };
});

describe('attention', () => {
  it('rings, notifies and marks the status line when an agent in another session waits', async () => {
    await sp.ok(['new', 'home', '-d'], { env });
    const u = open(['attach', 'home']);
    await u.waitForText('$');
    const bells = () => (u.raw.match(/\x07/g) ?? []).length;
    const before = bells();
    await sp.ok(['new', 'agent', '-d', '--agent', 'claude'], { env });
    await waitFor(() => u.raw.includes('\x1b]9;spaces: agent:0.0 needs you'), { label: 'an OSC 9 notification naming the waiting pane', timeout: 15_000 });
    expect(bells()).toBeGreaterThan(before);
    await u.waitForText(/\? agent/, 'the waiting session on the status line');
    // Answering it clears the marker.
    await sp.ok(['send', 'agent', 'y']);
    await waitFor(() => !/\? agent/.test(u.text()), { label: 'the marker to go once answered', timeout: 15_000 });
  });

  it('marks the window of a waiting pane in the session being viewed', async () => {
    await sp.ok(['new', 'multi', '-d', '--agent', 'claude'], { env });
    await sp.ok(['new-window', 'multi'], { env });
    const u = open(['attach', 'multi']);
    await u.waitForText('1:sh*');
    await u.waitForText(/0:claude\?/, 'the question mark on window 0', 15_000);
    await waitFor(() => u.raw.includes('\x1b]9;spaces: multi:0.0 needs you'), { label: 'a notification for the other window' });
  });
});
