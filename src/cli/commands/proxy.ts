import type { CommandSpec } from '../spec';

export const proxyCommand: CommandSpec = {
  name: 'proxy',
  summary: "bridge stdin/stdout to this machine's daemon (what ssh runs for `spaces attach HOST:NAME`)",
  details:
    'Starts the daemon if none runs, then passes bytes both ways unchanged until either side ends.\n' +
    'You do not run this yourself: `spaces attach HOST:NAME` and `spaces ls HOST:` run\n' +
    '`ssh -T HOST spaces proxy` (set SPACES_REMOTE_COMMAND if spaces is not on the PATH there).',
  async run() {
    const { runProxy } = await import('../../client/proxy');
    return runProxy();
  },
};
