import { EXIT_ERROR, EXIT_OK, failed, printError, withDaemon, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const contextCommand: CommandSpec = {
  name: 'context',
  operands: '[workspace]',
  summary: "print a workspace's context file (default: the workspace of the current directory)",
  details: 'WORKSPACE is the workspace name of a session (as `spaces ls` shows it) or a directory.',
  options: [{ flags: '--path', description: 'print only where the file is' }],
  async run([workspace], opts) {
    return withDaemon(async (client) => {
      const r = await client.request('context', { workspace: workspace as string | undefined, cwd: process.cwd() });
      if (failed(r)) return 1;
      if (opts.path) {
        await writeOut(r.value.file + '\n');
        return EXIT_OK;
      }
      if (r.value.text === undefined) {
        printError(`workspace ${r.value.workspace} has no context file yet (${r.value.file}); add to it with \`spaces checkpoint NAME -m TEXT\``);
        return EXIT_ERROR;
      }
      await writeOut(r.value.text.endsWith('\n') || r.value.text === '' ? r.value.text : r.value.text + '\n');
      return EXIT_OK;
    });
  },
};
