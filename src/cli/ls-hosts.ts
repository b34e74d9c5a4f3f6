/**
 * `spaces ls HOST:` and `spaces ls --hosts a,b`: the session lists of other
 * machines, each fetched over its own ssh link, all at once. One unreachable host
 * is reported (one line on stderr) and does not hide the others.
 */
import { connectVia } from '../client/daemon-client';
import { sshTransport } from '../client/ssh-transport';
import { printable } from '../common/printable';
import { aboutHost } from '../common/remote-target';
import type { Result } from '../common/errors';
import type { SessionInfo } from '../protocol/messages';
import { printError } from './io';
import type { Listed } from './commands/ls';

export async function listHosts(hosts: string[]): Promise<{ sessions: Listed[]; answered: string[]; failed: boolean }> {
  // One host may prompt (a password, a new host key); several at once would
  // garble each other's prompts, so those must work without one.
  const interactive = hosts.length === 1;
  const results = await Promise.all(hosts.map((h) => listOne(h, interactive)));
  const sessions: Listed[] = [];
  const answered: string[] = [];
  let failed = false;
  results.forEach((r, i) => {
    if (r.ok) {
      answered.push(hosts[i]);
      for (const s of r.value) sessions.push({ ...s, host: hosts[i] });
    } else {
      failed = true;
      const prompt = /Permission denied|Host key verification failed|passphrase|password/i.test(r.error.message);
      const hint = interactive || !prompt ? '' : ` (several hosts are asked at once, so ssh may not prompt: try \`spaces ls ${hosts[i]}:\` alone)`;
      printError(`${aboutHost(hosts[i], printable(r.error.message, 2000))}${hint}`);
    }
  });
  return { sessions, answered, failed };
}

async function listOne(host: string, interactive: boolean): Promise<Result<SessionInfo[]>> {
  const conn = await connectVia(sshTransport(host), 'cli', { interactive });
  if (!conn.ok) return conn;
  try {
    return await conn.value.request('ls', {});
  } finally {
    conn.value.close();
  }
}
