/**
 * The ssh transport: `ssh -T HOST spaces proxy`, whose stdio carries the protocol
 * to the daemon on HOST (see proxy.ts for the far end). Host aliases, users, keys,
 * jump hosts and multiplexing are ssh's business and come from the user's ssh
 * config; we add only what a binary data link needs (ssh-command.ts).
 */
import { spawn } from 'node:child_process';
import { fail, ok, Result } from '../common/errors';
import { ChildDuplex } from './child-duplex';
import { describeSshEnd, sshInvocation } from './ssh-command';
import type { OpenOptions, Transport } from './transport';

/** Keep this much of ssh's stderr: enough for its last few lines of complaint. */
const STDERR_TAIL_BYTES = 4096;

export function sshTransport(host: string, env: NodeJS.ProcessEnv = process.env): Transport {
  return {
    remote: host,
    heartbeat: true,
    open: (opts) => openSsh(host, env, opts),
  };
}

async function openSsh(host: string, env: NodeJS.ProcessEnv, opts: OpenOptions): Promise<Result<ChildDuplex>> {
  const inv = sshInvocation(host, env, { batch: !opts.interactive });
  if (!inv.ok) return inv;
  const { file, args, remoteCommand } = inv.value;
  // Same process group as us: a first connect can ask for a password on the
  // terminal, and a Ctrl-C there (before the view takes the terminal) reaches ssh too.
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  const started = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (e) => resolve(e));
  });
  if (started) {
    return fail('unavailable', `cannot run '${file}' to reach ${host} (${started.message}); install an OpenSSH client or set SPACES_SSH to one`);
  }
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-STDERR_TAIL_BYTES);
  });
  return ok(
    new ChildDuplex(child, (code, signal) => {
      const why = describeSshEnd(host, remoteCommand, code, signal, stderr);
      return why === null ? null : new Error(why);
    }),
  );
}
