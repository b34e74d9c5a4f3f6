/**
 * `spaces attach` as a person uses it: a real PTY running the client, read through
 * a headless xterm playing the user's terminal.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';
import { UserTerm } from '../helpers/user-terminal';

let sp: SpacesHome;
const terms: UserTerm[] = [];
function open(args: string[], cols = 80, rows = 20): UserTerm {
  const u = new UserTerm(args, { env: sp.env(), cols, rows });
  terms.push(u);
  return u;
}

beforeAll(() => {
  sp = new SpacesHome();
});
afterEach(() => {
  for (const t of terms.splice(0)) t.dispose();
});
afterAll(async () => {
  await sp.cleanup();
});

describe('attach', () => {
  it('shows the session, types into it, splits, and detaches restoring the terminal', async () => {
    await sp.ok(['new', 'demo', '-d', '--', 'bash', '--norc', '--noprofile']);
    const u = open(['attach', 'demo']);
    await u.waitForText('bash', 'the prompt');
    u.type('echo hello-$((3*4))\r');
    await u.waitForText('hello-12');
    u.type('\x02%');
    await u.waitForText('│', 'a vertical border after the split');
    u.type('\x02d');
    expect(await u.waitForExit()).toBe(0);
    expect(u.restored()).toBe(true);
    expect(u.text()).toContain('[detached (from session demo)]');
  });
});
