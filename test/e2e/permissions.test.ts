/**
 * The socket directory guards every session: 0700 and ours, socket 0600, and a
 * directory anyone can enter is refused with the command that fixes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';

let sp: SpacesHome;
beforeAll(() => {
  sp = new SpacesHome();
});
afterAll(async () => {
  fs.chmodSync(sp.dir, 0o700);
  await sp.cleanup();
});

describe('permissions', () => {
  it('creates a 0700 directory and a 0600 socket, pid file and log', async () => {
    const home = path.join(sp.dir, 'fresh');
    await sp.ok(['new', 'p', '-d', '--', 'sleep', '600'], { env: { SPACES_HOME: home } });
    try {
      expect(fs.statSync(home).mode & 0o777).toBe(0o700);
      for (const f of ['daemon.sock', 'daemon.pid', 'daemon.log']) {
        expect(fs.statSync(path.join(home, f)).mode & 0o777, f).toBe(0o600);
      }
    } finally {
      await sp.run(['kill-server'], { env: { SPACES_HOME: home } });
    }
  });

  it('refuses a directory with mode 0777 and says how to fix it', async () => {
    fs.chmodSync(sp.dir, 0o777);
    for (const args of [['new', 'q', '-d'], ['ls']]) {
      const r = await sp.run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/has mode 0777; other users could reach your sessions\. Fix it with: chmod 700 /);
    }
    expect(fs.existsSync(path.join(sp.dir, 'daemon.sock'))).toBe(false);
    fs.chmodSync(sp.dir, 0o700);
    expect((await sp.run(['ls'])).code).toBe(0);
  });
});
