import * as fs from 'node:fs';
import * as os from 'node:os';
import { resolvePaths } from '../../common/paths';
import { EXIT_OK, printError } from '../io';
import type { CommandSpec } from '../spec';

export const killServerCommand: CommandSpec = {
  name: 'kill-server',
  summary: 'end every session and stop the daemon',
  async run() {
    const { connectDaemon } = await import('../../client/daemon-client');
    const paths = resolvePaths(process.env, os.homedir());
    const conn = await connectDaemon({ start: false, paths });
    if (!conn.ok) {
      if (conn.error.code === 'unavailable') return EXIT_OK; // no daemon: nothing to stop
      if (conn.error.code === 'version-mismatch') return killByPid(paths.pidFile);
      return printError(conn.error);
    }
    const client = conn.value;
    const gone = new Promise<void>((resolve) => client.onClose(() => resolve()));
    const r = await client.request('kill-server', {});
    if (!r.ok) return printError(r.error);
    // The daemon closes our connection once it has begun shutting down.
    await gone;
    return EXIT_OK;
  },
};

/** A daemon we cannot talk to (another protocol version) still obeys SIGTERM. */
function killByPid(pidFile: string): number {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 1) process.kill(pid, 'SIGTERM');
    return EXIT_OK;
  } catch (e) {
    return printError(`could not stop the daemon: ${(e as Error).message}`);
  }
}
