import type { SessionInfo } from '../../protocol/messages';
import { ago, table } from '../format';
import { EXIT_OK, failed, withDaemon, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const lsCommand: CommandSpec = {
  name: 'ls',
  aliases: ['list'],
  summary: 'list sessions: workspace, state, pid, clients, times, command',
  options: [{ flags: '--json', description: 'print one JSON array of session objects' }],
  async run(_operands, opts) {
    const json = Boolean(opts.json);
    // With no daemon there are no sessions: say so without starting one just to ask.
    return withDaemon({ start: false, whenAbsent: () => print([], json) }, async (client) => {
      const r = await client.request('ls', {});
      if (failed(r)) return 1;
      return print(r.value, json);
    });
  },
};

async function print(sessions: SessionInfo[], json: boolean): Promise<number> {
  if (json) {
    await writeOut(JSON.stringify(sessions.map(toJson)) + '\n');
    return EXIT_OK;
  }
  if (sessions.length === 0) {
    await writeOut('no sessions; start one with `spaces new NAME`\n');
    return EXIT_OK;
  }
  const now = Date.now();
  const rows = sessions.map((s) => [
    s.name,
    s.workspace,
    stateText(s),
    s.pid !== undefined ? String(s.pid) : '-',
    String(s.attached),
    ago(s.created, now),
    ago(s.lastActivity, now),
    s.command,
    s.cwd,
  ]);
  await writeOut(table(['NAME', 'WORKSPACE', 'STATE', 'PID', 'CLIENTS', 'CREATED', 'ACTIVE', 'COMMAND', 'CWD'], rows));
  return EXIT_OK;
}

function stateText(s: SessionInfo): string {
  if (s.state === 'running') return 'running';
  if (s.exitSignal) return `killed ${s.exitSignal}`;
  return `exited ${s.exitCode ?? '?'}`;
}

/** The scripting contract: stable field names, ISO times. */
function toJson(s: SessionInfo): Record<string, unknown> {
  return {
    name: s.name,
    workspace: s.workspace,
    cwd: s.cwd,
    command: s.command,
    pid: s.pid ?? null,
    state: s.state,
    exitCode: s.exitCode ?? null,
    exitSignal: s.exitSignal ?? null,
    created: new Date(s.created).toISOString(),
    lastActivity: new Date(s.lastActivity).toISOString(),
    attached: s.attached,
    windows: s.windows,
    panes: s.panes,
  };
}
