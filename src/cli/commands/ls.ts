import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolvePaths } from '../../common/paths';
import { printableJson, printableLine } from '../../common/printable';
import type { DaemonClient } from '../../client/daemon-client';
import type { SessionInfo } from '../../protocol/messages';
import { formatLs, inWorkspace } from '../../render/ls-format';
import { EXIT_ERROR, EXIT_OK, failed, printError, withDaemon, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const lsCommand: CommandSpec = {
  name: 'ls',
  aliases: ['list'],
  operands: '[workspace-or-host]',
  summary: 'list sessions by workspace: state, agent, age, last output, pid, clients, command (HOST: lists another machine)',
  details:
    'STATE is working, needs-input, idle, or exited with its code; `spaces why NAME` says what it is based on.\n' +
    'spaces ls myproject        the sessions of one workspace (its name as listed, or its directory)\n' +
    'spaces ls box:             the sessions on box (HOST as ssh knows it; the trailing colon says "a host")\n' +
    'spaces ls --hosts a,b,me@c several machines in one listing; unreachable ones are reported on stderr\n' +
    '                           and make the exit status 1, the others are still listed',
  options: [
    { flags: '--json', description: 'print one JSON array of session objects' },
    { flags: '--hosts <hosts>', description: 'comma-separated ssh hosts to list instead of this machine' },
  ],
  async run([operand], opts) {
    const json = Boolean(opts.json);
    const hosts: string[] = [];
    let workspace: string | undefined;
    if (operand !== undefined) {
      const text = operand as string;
      if (text.endsWith(':')) hosts.push(text.slice(0, -1));
      else workspace = text;
    }
    const only = (sessions: Listed[]) => (workspace === undefined ? sessions : inWorkspace(sessions, workspace, path.resolve(workspace)));
    if (typeof opts.hosts === 'string') hosts.push(opts.hosts);
    if (hosts.length > 0) {
      const { parseHostList } = await import('../../common/remote-target');
      const list = parseHostList(hosts.join(','));
      if (typeof list === 'string') return printError(list);
      const { listHosts } = await import('../ls-hosts');
      const listed = await listHosts(list);
      if (listed.answered.length > 0) await print(only(listed.sessions), json, workspace, listed.answered);
      else if (json) await writeOut('[]\n');
      return listed.failed ? EXIT_ERROR : EXIT_OK;
    }
    const list = async (client: DaemonClient) => {
      const r = await client.request('ls', {});
      if (failed(r)) return 1;
      return print(only(r.value), json, workspace);
    };
    // With no daemon and nothing on disk there are no sessions: say so without
    // starting a daemon just to ask. Sessions on disk (left by a daemon that was
    // killed, or by a reboot) need one: it checks them and lists them as resurrectable.
    const whenAbsent = () => (sessionsOnDisk() ? withDaemon(list) : print([], json, workspace));
    return withDaemon({ start: false, whenAbsent }, list);
  },
};

function sessionsOnDisk(): boolean {
  try {
    return fs.readdirSync(resolvePaths(process.env, os.homedir()).sessionsDir).length > 0;
  } catch {
    return false;
  }
}

/** A session, and the host it lives on when it was listed over ssh. */
export type Listed = SessionInfo & { host?: string };

/** Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org). */
function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

async function print(sessions: Listed[], json: boolean, workspace: string | undefined, hosts?: string[]): Promise<number> {
  if (json) {
    await writeOut(printableJson(sessions.map(toJson)) + '\n');
    return EXIT_OK;
  }
  if (sessions.length === 0) {
    const where = hosts ? ` on ${hosts.join(', ')}` : '';
    // A host written without its colon lands here: say how to ask for one.
    const hint = hosts || workspace?.includes('/') ? '' : ` (for the sessions on a host named ${workspace}, write \`spaces ls ${workspace}:\`)`;
    if (workspace !== undefined) await writeOut(`no sessions in workspace '${workspace}'${where}${hint}\n`);
    else await writeOut(hosts ? `no sessions${where}\n` : 'no sessions; start one with `spaces new NAME`\n');
    return EXIT_OK;
  }
  // Remote home directories are not ours to shorten.
  let out = formatLs(sessions, Date.now(), useColor(), hosts ? undefined : os.homedir());
  // A session that had finished before a restart is listed as exited, and may be damaged too.
  for (const s of sessions) if (s.problem) out += `${printableLine(s.name)} is damaged: ${printableLine(s.problem)}\n`;
  const dormant = sessions.filter((s) => s.state === 'resurrectable' || s.state === 'damaged');
  if (dormant.length > 0) out += 'bring them back with `spaces resurrect NAME` (or --all); `spaces kill NAME` discards one\n';
  await writeOut(out);
  return EXIT_OK;
}

/**
 * The scripting contract: a flat array, stable field names, ISO times; `name` and
 * `state` always present; `host` only for remote listings.
 */
function toJson(s: Listed): Record<string, unknown> {
  const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  return {
    ...(s.host !== undefined ? { host: s.host } : {}),
    name: s.name,
    workspace: s.workspace,
    workspaceRoot: s.workspaceRoot ?? null,
    cwd: s.cwd,
    command: s.command,
    agent: s.agent ?? null,
    conversationId: s.conversationId ?? null,
    resume: s.resume ?? null,
    pid: s.pid ?? null,
    state: s.state,
    stateSince: iso(s.stateSince),
    exitCode: s.exitCode ?? null,
    exitSignal: s.exitSignal ?? null,
    problem: s.problem ?? null,
    created: iso(s.created),
    lastActivity: iso(s.lastActivity),
    attached: s.attached,
    windows: s.windows,
    panes: s.panes,
    paneStates: s.paneStates ?? [],
    worktree: s.worktree ?? null,
  };
}
