/**
 * A stand-in for an attached client (see fixtures/presence.js): a separate
 * process the daemon counts as attached until it dies, so tests can detach it
 * politely or with kill -9.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { PROTOCOL_VERSION } from '../../src/protocol/version';
import type { SpacesHome } from './spaces';
import { waitFor } from './wait-for';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'presence.js');

export async function attachPresence(sp: SpacesHome, target: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [FIXTURE, path.join(sp.dir, 'daemon.sock'), String(PROTOCOL_VERSION), target], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  sp.adopt(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`presence client exited: ${err}`);
      return out.includes('attached');
    },
    { label: `a client to attach to ${target}` },
  );
  return child;
}

/** Resolves once the process is gone (after a kill, say). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
