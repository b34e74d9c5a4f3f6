/**
 * What a flood costs on the link: a remote pane prints 32 MiB while a client is
 * attached over ssh, and we count the encrypted bytes that cross the wire (an ssh
 * ProxyCommand that counts, scripts/count-bytes-proxy.js). The daemon sends
 * frames (screen area x frame rate), not output, so the figure must follow the
 * flood's duration, never its volume. Run alone to see the figure:
 *
 *   npx vitest run test/e2e/ssh-flood.test.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SpacesHome } from '../helpers/spaces';
import { sshdUnavailable, TestSshd } from '../helpers/sshd';
import { UserTerm } from '../helpers/user-terminal';

const FLOOD_BYTES = 32 * 1024 * 1024;
/** The daemon's frame rate (attached-client.ts: 16 ms between frames in a burst). */
const FRAMES_PER_SECOND = 1000 / 16;
/**
 * A generous size for one frame of an 80x24 screen through ssh: every row
 * changed (~23 rows of ~12 bytes of digits plus run overhead), msgpack framing,
 * and ssh's per-packet MAC and padding, rounded well up.
 */
const FRAME_BYTES_BOUND = 4096;

const unavailable = sshdUnavailable();

describe.skipIf(unavailable)(`a 32 MiB flood over ssh${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let sshd: TestSshd;
  let box: SpacesHome;
  let local: SpacesHome;
  let term: UserTerm | undefined;
  let countsFile: string;

  beforeAll(async () => {
    box = new SpacesHome('fbox');
    local = new SpacesHome('floc');
    sshd = await TestSshd.start();
    countsFile = path.join(sshd.dir, 'link-counts');
    const counter = path.join(ROOT, 'scripts', 'count-bytes-proxy.js');
    sshd.addHost('box', box.dir, `'${process.execPath}' '${counter}' %h %p '${countsFile}'`);
  });
  afterAll(async () => {
    term?.dispose();
    await Promise.all([box?.cleanup(), local?.cleanup()]);
    await sshd?.stop();
  });

  function counts(): { up: number; down: number } {
    const [up, down] = fs.readFileSync(countsFile, 'utf8').trim().split(/\s+/).map(Number);
    return { up, down };
  }

  it('crosses the link as frames: bytes follow the screen and the seconds, not the output', async () => {
    await box.ok(['new', 'flood', '-d', '--cols', '80', '--rows', '23']);
    const u = (term = new UserTerm(['attach', 'box:flood'], { env: local.env(sshd.clientEnv()), cols: 80, rows: 24 }));
    await u.waitForText('$');
    const before = counts();
    const started = Date.now();
    u.type(`seq 1 999999999 | head -c ${FLOOD_BYTES}; printf 'FLOOD-%s\\n' DONE\r`);
    await u.waitForText(/^FLOOD-DONE/m, 'the flood to end on the user’s screen', 120_000);
    const seconds = (Date.now() - started) / 1000;
    const after = counts();
    const down = after.down - before.down;
    const up = after.up - before.up;
    const line =
      `[ssh flood] ${FLOOD_BYTES} bytes printed in ${seconds.toFixed(1)} s; through ssh: ${down} bytes to the client ` +
      `(${((down / FLOOD_BYTES) * 100).toFixed(2)}% of the output, ${Math.round(down / seconds)} B/s), ${up} bytes from it`;
    console.log(line);
    // Bounded by frames: at most one frame per 16 ms for as long as the flood lasts
    // (a loaded machine makes it last longer, never the bytes per second larger).
    expect(down).toBeLessThan((seconds + 1) * FRAMES_PER_SECOND * FRAME_BYTES_BOUND);
  }, 180_000);
});
