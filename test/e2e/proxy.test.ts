/**
 * `spaces proxy` without ssh: its stdio is exactly what ssh would carry. It must
 * start the daemon when needed, pass the protocol through untouched (handshake
 * included), end when either side does, and let the daemon's heartbeat hang up on
 * a client that went quiet.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody, encodeFrame } from '../../src/protocol/codec';
import { FrameDecoder } from '../../src/protocol/framing';
import { DaemonMessage, daemonMessageV } from '../../src/protocol/messages';
import { PROTOCOL_VERSION } from '../../src/protocol/version';
import { isAlive } from '../helpers/procs';
import { BIN, SpacesHome } from '../helpers/spaces';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
beforeAll(() => {
  sp = new SpacesHome('px');
});
afterAll(async () => {
  await sp.cleanup();
});

/** A proxy process and the messages it has relayed from the daemon. */
class Proxied {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly received: DaemonMessage[] = [];
  exitCode: number | null = null;
  stderr = '';
  private readonly decoder = new FrameDecoder();

  constructor() {
    this.proc = spawn(process.execPath, [BIN, 'proxy'], { env: sp.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d: Buffer) => {
      for (const body of this.decoder.push(d).frames) {
        const m = decodeBody(body, daemonMessageV);
        if (m.ok) this.received.push(m.value);
      }
    });
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.proc.on('exit', (code) => (this.exitCode = code));
  }

  send(message: unknown): void {
    this.proc.stdin.write(encodeFrame(message));
  }

  async next<T extends DaemonMessage['t']>(t: T, label: string, timeout = 10_000): Promise<Extract<DaemonMessage, { t: T }>> {
    return waitFor(() => this.received.find((m) => m.t === t) as Extract<DaemonMessage, { t: T }> | undefined, { label, timeout });
  }

  async exited(timeout = 10_000): Promise<number> {
    await waitFor(() => this.exitCode !== null, { label: `the proxy to exit (stderr: ${this.stderr})`, timeout });
    return this.exitCode!;
  }
}

describe('spaces proxy', () => {
  it('starts the daemon and relays the handshake and requests unchanged; ends with its stdin', async () => {
    expect(sp.daemonPid()).toBeUndefined();
    const p = new Proxied();
    p.send({ t: 'hello', v: PROTOCOL_VERSION, role: 'cli' });
    const welcome = await p.next('welcome', 'the daemon to welcome us through the proxy');
    expect(welcome.v).toBe(PROTOCOL_VERSION);
    expect(isAlive(welcome.pid)).toBe(true);
    p.send({ t: 'ls', id: 7 });
    expect(await p.next('reply', 'the reply to ls')).toMatchObject({ t: 'reply', id: 7, ok: true, value: [] });
    p.proc.stdin.end();
    expect(await p.exited()).toBe(0);
  });

  it('passes garbage through to the daemon, which refuses it; the proxy ends, the daemon serves on', async () => {
    await sp.ok(['new', 'keep', '-d', '--', 'sh']);
    const daemon = sp.daemonPid()!;
    const p = new Proxied();
    p.proc.stdin.write('SSH-2.0-not-our-protocol\r\n');
    expect(await p.exited()).toBe(0);
    expect(isAlive(daemon)).toBe(true);
    expect((await sp.ls()).map((s) => s.name)).toEqual(['keep']);
  });

  it("lets the daemon's heartbeat hang up on a client that went quiet", async () => {
    const p = new Proxied();
    p.send({ t: 'hello', v: PROTOCOL_VERSION, role: 'attach' });
    await p.next('welcome', 'the welcome');
    p.send({ t: 'heartbeat' });
    await p.next('heartbeat', 'the daemon to beat back');
    // Now silence from our side (the stdin pipe stays open, like a dead network).
    const bye = await p.next('bye', 'the daemon to give up on the silent client', 15_000);
    expect(bye.message).toMatch(/nothing heard from the client for \d+ s/);
    expect(await p.exited()).toBe(0);
  });
});
