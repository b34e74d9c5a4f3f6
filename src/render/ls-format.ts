/**
 * What `spaces ls` prints: sessions grouped by workspace, each with its live
 * state, agent, age and time since its last output. Colour is optional (the
 * caller decides: a terminal, and no NO_COLOR); columns are padded before
 * colouring, so escape sequences never shift them.
 */
import { printableLine } from '../common/printable';
import type { SessionInfo } from '../protocol/messages';

const SGR = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[1;33m',
  reset: '\x1b[0m',
} as const;

/** The colour a person should notice first is the one that needs them. */
function stateColor(s: SessionInfo): string {
  switch (s.state) {
    case 'needs-input':
      return SGR.yellow;
    case 'working':
      return SGR.green;
    case 'idle':
      return '';
    case 'exited':
      return s.exitSignal || (s.exitCode ?? 0) !== 0 ? SGR.red : SGR.dim;
    case 'resurrectable':
      return SGR.dim;
    case 'damaged':
      return SGR.red;
  }
}

export function stateText(s: SessionInfo): string {
  if (s.state !== 'exited') return s.state;
  if (s.exitSignal) return `killed ${s.exitSignal}`;
  return `exited ${s.exitCode ?? '?'}`;
}

/** "12s", "5m", "3h", "2d": how long ago `then` was. */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const HEADERS = ['NAME', 'STATE', 'AGENT', 'AGE', 'OUTPUT', 'PID', 'CLIENTS', 'CWD', 'COMMAND'];

/** Sessions whose workspace is `filter`, by name or by directory. */
export function inWorkspace(sessions: SessionInfo[], filter: string, resolvedPath: string): SessionInfo[] {
  // By name; or by a directory: inside the session's workspace (`ls .` from a
  // subdirectory of the repository), or holding the session's cwd (a worktree).
  return sessions.filter(
    (s) => s.workspace === filter || (s.workspaceRoot !== undefined && within(resolvedPath, s.workspaceRoot)) || within(s.cwd, resolvedPath),
  );
}

/** `p` is `dir` or below it (plain path strings: both absolute and resolved). */
function within(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** `host` is set for sessions listed from another machine (`ls HOST:`); they group per host. */
export function formatLs(listed: Array<SessionInfo & { host?: string }>, now: number, color: boolean, home?: string): string {
  // Another machine's daemon fills these fields: nothing in them may steer the terminal.
  const sessions = listed.map(printableFields);
  const paint = (text: string, sgr: string) => (color && sgr ? sgr + text + SGR.reset : text);
  const groups = new Map<string, Array<SessionInfo & { host?: string }>>();
  for (const s of sessions) {
    const key = `${s.host ?? ''}\0${s.workspaceRoot ?? s.workspace}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const remote = sessions.some((s) => s.host !== undefined);
  const headers = remote ? ['HOST', ...HEADERS] : HEADERS;
  const rows = sessions.map((s) => [
    ...(remote ? [s.host ?? ''] : []),
    s.worktree ? `${s.name} [${s.worktree.branch}]` : s.name,
    stateText(s),
    s.agent ?? '-',
    ago(s.created, now),
    ago(s.lastActivity, now),
    s.pid !== undefined ? String(s.pid) : '-',
    String(s.attached),
    cwdIn(s, home),
    s.command,
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
  const pad = (cells: string[], paints: string[] = []) =>
    '  ' +
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length);
        return paint(padded, paints[i] ?? '');
      })
      .join('  ')
      .trimEnd();
  const byName = new Map(sessions.map((s, i) => [s, rows[i]]));
  let out = '';
  for (const members of groups.values()) {
    const first = members[0];
    const where = (first.workspaceRoot ? `  ${tildify(first.workspaceRoot, home)}` : '') + (first.host !== undefined ? `  on ${first.host}` : '');
    if (out) out += '\n';
    out += paint(first.workspace, SGR.bold) + paint(where, SGR.dim) + '\n';
    out += paint(pad(headers), SGR.dim) + '\n';
    const skip = remote ? [''] : [];
    for (const s of members) out += pad(byName.get(s)!, [...skip, s.state === 'needs-input' ? SGR.bold : '', stateColor(s)]) + '\n';
  }
  return out;
}

function printableFields<S extends SessionInfo & { host?: string }>(s: S): S {
  return {
    ...s,
    name: printableLine(s.name),
    workspace: printableLine(s.workspace),
    workspaceRoot: s.workspaceRoot === undefined ? undefined : printableLine(s.workspaceRoot),
    cwd: printableLine(s.cwd),
    command: printableLine(s.command),
    agent: s.agent === undefined ? undefined : printableLine(s.agent),
    worktree: s.worktree && { ...s.worktree, branch: printableLine(s.worktree.branch) },
  };
}

/** The session's directory, relative to its workspace (shown above it) when inside it. */
function cwdIn(s: SessionInfo, home: string | undefined): string {
  const root = s.workspaceRoot;
  if (root && s.cwd === root) return '.';
  if (root && s.cwd.startsWith(root + '/')) return s.cwd.slice(root.length + 1);
  return tildify(s.cwd, home);
}

function tildify(p: string, home: string | undefined): string {
  if (home && (p === home || p.startsWith(home + '/'))) return '~' + p.slice(home.length);
  return p;
}
