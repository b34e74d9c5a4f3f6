import { NOT_RERUN } from '../../daemon/resurrect';
import { EXIT_ERROR, EXIT_OK, failed, localOnly, printError, withDaemon, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const resurrectCommand: CommandSpec = {
  name: 'resurrect',
  operands: '[names...]',
  summary: 'bring back sessions found on disk after the daemon stopped (a crash, a reboot)',
  details:
    'Each window and pane comes back with its old output above a one-line marker. Shells start\n' +
    'afresh in the directory they were in, agents resume their conversation, and other commands\n' +
    'run again only with --rerun (otherwise the pane gets a shell).\n' +
    'Set "resurrect": {"auto": true} in config.json to do this whenever the daemon starts.',
  options: [
    { flags: '-a, --all', description: 'every resurrectable session' },
    { flags: '--rerun', description: 'also start again commands that are neither shells nor agents' },
    { flags: '--force', description: 'even if its old programs still run (they outlived the daemon): start second copies' },
  ],
  async run([names], opts) {
    const list = (names as string[]) ?? [];
    if (list.length === 0 && !opts.all) return printError('name the sessions to resurrect (see `spaces ls`), or use --all');
    if (list.length > 0 && opts.all) return printError('give session names or --all, not both');
    const elsewhere = await localOnly('resurrect', list);
    if (elsewhere) return printError(elsewhere);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    return withDaemon(async (client) => {
      const r = await client.request('resurrect', { names: list, all: Boolean(opts.all), rerun: Boolean(opts.rerun), force: Boolean(opts.force), env });
      if (failed(r)) return EXIT_ERROR;
      const { resurrected, failed: bad } = r.value;
      let out = '';
      for (const s of resurrected) {
        out += `resurrected ${s.name}: ${s.notes.join('; ')}\n`;
        if (s.notes.some((n) => n.includes(NOT_RERUN))) out += '  (type those commands in their panes to run them; --rerun starts them by itself)\n';
      }
      if (opts.all && resurrected.length === 0 && bad.length === 0) out += 'nothing to resurrect\n';
      await writeOut(out);
      for (const f of bad) printError(f.message);
      return bad.length > 0 ? EXIT_ERROR : EXIT_OK;
    });
  },
};
