import type { SessionInfo } from '../../protocol/messages';
import { ago, table } from '../format';
import { EXIT_ERROR, EXIT_OK, failed, printError, withDaemon, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const lsCommand: CommandSpec = {
  name: 'ls',
  aliases: ['list'],
  operands: '[host]',
  summary: 'list sessions: workspace, state, pid, clients, times, command (HOST: lists another machine, over ssh)',
  details:
    'spaces ls box:             the sessions on box (HOST as ssh knows it; the trailing colon says "a host")\n' +
    'spaces ls --hosts a,b,me@c several machines in one table, with a HOST column; unreachable ones are\n' +
    '                           reported on stderr and make the exit status 1, the others are still listed',
  options: [
    { flags: '--json', description: 'print one JSON array of session objects' },
    { flags: '--hosts <hosts>', description: 'comma-separated ssh hosts to list instead of this machine' },
  ],
  async run([operand], opts) {
    const json = Boolean(opts.json);
    const hosts: string[] = [];
    if (operand !== undefined) {
      const text = operand as string;
      if (!text.endsWith(':')) return printError(`'${text}' is not a host: write it with a trailing colon (spaces ls ${text}:), or use --hosts`);
      hosts.push(text.slice(0, -1));
    }
    if (typeof opts.hosts === 'string') hosts.push(opts.hosts);
    if (hosts.length > 0) {
      const { parseHostList } = await import('../../common/remote-target');
      const list = parseHostList(hosts.join(','));
      if (typeof list === 'string') return printError(list);
      const { listHosts } = await import('../ls-hosts');
      const listed = await listHosts(list);
      if (listed.answered.length > 0) await print(listed.sessions, json, listed.answered);
      else if (json) await writeOut('[]\n');
      return listed.failed ? EXIT_ERROR : EXIT_OK;
    }
    // With no daemon there are no sessions: say so without starting one just to ask.
    return withDaemon({ start: false, whenAbsent: () => print([], json) }, async (client) => {
      const r = await client.request('ls', {});
      if (failed(r)) return 1;
      return print(r.value, json);
    });
  },
};

/** A session, and the host it lives on when it was listed over ssh. */
export type Listed = SessionInfo & { host?: string };

async function print(sessions: Listed[], json: boolean, hosts?: string[]): Promise<number> {
  if (json) {
    await writeOut(JSON.stringify(sessions.map(toJson)) + '\n');
    return EXIT_OK;
  }
  if (sessions.length === 0) {
    await writeOut(hosts ? `no sessions on ${hosts.join(', ')}\n` : 'no sessions; start one with `spaces new NAME`\n');
    return EXIT_OK;
  }
  const now = Date.now();
  const remote = hosts !== undefined;
  const rows = sessions.map((s) => [
    ...(remote ? [s.host ?? ''] : []),
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
  const headers = ['NAME', 'WORKSPACE', 'STATE', 'PID', 'CLIENTS', 'CREATED', 'ACTIVE', 'COMMAND', 'CWD'];
  await writeOut(table(remote ? ['HOST', ...headers] : headers, rows));
  return EXIT_OK;
}

function stateText(s: SessionInfo): string {
  if (s.state === 'running') return 'running';
  if (s.exitSignal) return `killed ${s.exitSignal}`;
  return `exited ${s.exitCode ?? '?'}`;
}

/** The scripting contract: stable field names, ISO times; `host` only for remote listings. */
function toJson(s: Listed): Record<string, unknown> {
  return {
    ...(s.host !== undefined ? { host: s.host } : {}),
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
