/**
 * Every byte on the socket is untrusted. Garbage, truncated frames, absurd lengths,
 * unknown messages and wrong versions each end that one connection (with a `bye`
 * saying why where possible); the daemon and its sessions carry on.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { Packr } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/procs';
import { waitFor } from '../helpers/wait-for';
import { PROTOCOL_VERSION } from '../../src/protocol/version';
import { SpacesHome } from '../helpers/spaces';

const packr = new Packr({ useRecords: false });

function frame(msg: unknown): Buffer {
  const body = packr.pack(msg);
  const h = Buffer.alloc(4);
  h.writeUInt32BE(body.length);
  return Buffer.concat([h, body]);
}

/** Sends raw bytes, then collects whatever comes back until the daemon closes the connection. */
function exchange(socketPath: string, bytes: Buffer, opts: { end?: boolean } = {}): Promise<{ closed: boolean; replies: unknown[] }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(socketPath);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ closed: false, replies: decodeAll(Buffer.concat(chunks)) });
    }, 5000);
    s.on('connect', () => {
      s.write(bytes);
      if (opts.end) s.end();
    });
    s.on('data', (d) => chunks.push(d));
    s.on('error', reject);
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, replies: decodeAll(Buffer.concat(chunks)) });
    });
  });
}

function decodeAll(buf: Buffer): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  while (i + 4 <= buf.length) {
    const n = buf.readUInt32BE(i);
    out.push(packr.unpack(buf.subarray(i + 4, i + 4 + n)));
    i += 4 + n;
  }
  return out;
}

let sp: SpacesHome;
let sock: string;
let panePid: number;
beforeAll(async () => {
  sp = new SpacesHome();
  sock = path.join(sp.dir, 'daemon.sock');
  await sp.ok(['new', 'victim', '-d', '--', 'sh']);
  await sp.ok(['send', 'victim', '--literal', 'echo before-$((1+1))', 'Enter']);
  await sp.ok(['wait', 'victim', '--for', 'before-2']);
  panePid = (await sp.ls())[0].pid as number;
});
afterAll(async () => {
  await sp.cleanup();
});

const hello = frame({ t: 'hello', v: PROTOCOL_VERSION, role: 'cli' });

describe('a hostile peer on the socket', () => {
  it.each([
    ['garbage bytes', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), /invalid message|exceeds/],
    ['an undecodable body', Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from([0xc1, 0xc1, 0xc1])]), /undecodable/],
    ['an oversized length', Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), /exceeds the .*-byte limit/],
    ['a frame of an unknown type', frame({ t: 'format-disk', id: 1 }), /unknown message type "format-disk"/],
    ['a request before hello', frame({ t: 'ls', id: 1 }), /expected a hello first/],
    ['a wrong protocol version', frame({ t: 'hello', v: 999, role: 'cli' }), new RegExp(`daemon speaks protocol ${PROTOCOL_VERSION}, this client 999: run \`spaces kill-server\``)],
    ['a valid hello, then a malformed request', Buffer.concat([hello, frame({ t: 'new', id: 1, name: 5 })]), /new.name: expected a string/],
  ])('%s gets a clear error and a closed connection', async (_what, bytes, why) => {
    const r = await exchange(sock, bytes);
    expect(r.closed).toBe(true);
    const bye = r.replies.find((m) => (m as { t: string }).t === 'bye') as { message: string };
    expect(bye, JSON.stringify(r.replies)).toBeDefined();
    expect(bye.message).toMatch(why);
  });

  it('a truncated frame followed by a hang-up just ends that connection', async () => {
    const whole = frame({ t: 'ls', id: 1 });
    const r = await exchange(sock, Buffer.concat([hello, whole.subarray(0, whole.length - 2)]), { end: true });
    expect(r.closed).toBe(true);
    expect((r.replies[0] as { t: string }).t).toBe('welcome');
  });

  it('a client that attaches and detaches in one breath leaves no ghost viewer', async () => {
    for (let i = 0; i < 2; i++) {
      const attachAndGo = Buffer.concat([hello, frame({ t: 'attach', id: 1, target: 'victim', cols: 80, rows: 24, readOnly: false }), frame({ t: 'detach' })]);
      const r = await exchange(sock, attachAndGo);
      expect(r.closed).toBe(true);
    }
    await waitFor(async () => (await sp.ls())[0].attached === 0, { label: 'no viewer left counted' });
  });

  it('leaves the daemon serving and the session intact', async () => {
    const pid = sp.daemonPid()!;
    expect(isAlive(pid)).toBe(true);
    const list = await sp.ls();
    expect(list.map((s) => s.name)).toEqual(['victim']);
    expect(list[0].pid).toBe(panePid);
    await sp.ok(['send', 'victim', '--literal', 'echo after-$((2+2))', 'Enter']);
    await sp.ok(['wait', 'victim', '--for', 'after-4']);
    expect(await sp.ok(['capture', 'victim'])).toContain('before-2');
    expect(sp.daemonPid()).toBe(pid);
  });
});
