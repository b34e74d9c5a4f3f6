/**
 * `spaces stats` from a journal written by real attaches through a real terminal:
 * attach, detach with the prefix key, a client killed without detaching, and
 * reattaches, with the gaps between them and the time to the first frame.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';
import { UserTerm } from '../helpers/user-terminal';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
const terms: UserTerm[] = [];
beforeAll(() => {
  sp = new SpacesHome();
});
afterAll(async () => {
  for (const t of terms) t.dispose();
  await sp.cleanup();
});

function events(): Array<{ e: string; session: string; ms?: number }> {
  try {
    return fs
      .readFileSync(path.join(sp.dir, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

const count = (kind: string) => events().filter((e) => e.e === kind).length;

async function attach(): Promise<UserTerm> {
  const paints = count('first-paint');
  const u = new UserTerm(['attach', 'st'], { env: sp.env() });
  terms.push(u);
  await waitFor(() => count('first-paint') > paints, { label: 'the first frame to reach the client' });
  return u;
}

describe('stats', () => {
  it('counts attaches, detaches, client losses, reattaches, gaps and time to first paint', async () => {
    await sp.ok(['new', 'st', '-d', '--', 'sh']);
    const a = await attach();
    a.type('\x02d'); // C-b d
    expect(await a.waitForExit()).toBe(0);
    const b = await attach();
    b.kill('SIGKILL'); // the terminal dies without detaching
    await waitFor(() => count('client-lost') === 1, { label: 'the lost client to be recorded' });
    const c = await attach();
    c.type('\x02d');
    await c.waitForExit();

    const s = JSON.parse(await sp.ok(['stats', '--json']));
    expect(s).toMatchObject({ sessionsStarted: 1, attaches: 3, reattaches: 2, detaches: 2, clientLosses: 1, attachRecorded: true });
    expect(s.gaps.count).toBe(2);
    expect(s.firstPaint.count).toBe(3);
    expect(s.firstPaint.maxMs).toBeLessThan(5000);
    const text = await sp.ok(['stats']);
    expect(text).toMatch(/attaches +3 \(2 reattaches\)\n/);
    expect(text).toMatch(/client losses +1\n/);
    expect(text).toMatch(/attach to first paint +3: median \d+ ms/);
  });
});
