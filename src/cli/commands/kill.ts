import { parseTarget } from '../../common/target';
import { EXIT_OK, failed, localOnly, printError, targetAt, withDaemonAt, writeOut } from '../io';
import type { CommandSpec } from '../spec';

export const killCommand: CommandSpec = {
  name: 'kill',
  operands: '<target>',
  summary: 'end a session (NAME) or one pane (NAME:W.P): hang up on its programs and forget it',
  options: [
    {
      flags: '-w, --worktree',
      description: 'also remove the git worktree made by `new --worktree` (refused, and nothing killed, while it has uncommitted changes)',
    },
  ],
  async run([target], opts) {
    if (opts.worktree) {
      const elsewhere = await localOnly('kill --worktree', [target as string]);
      if (elsewhere) return printError(elsewhere);
    }
    // Checked before connecting: a mistyped target starts no daemon and no ssh.
    const at = await targetAt(target as string);
    if (typeof at === 'string') return printError(at);
    const t = parseTarget(at.target);
    if (typeof t === 'string') return printError(t);
    return withDaemonAt(target as string, async (client, text) => {
      const paneTarget = t.paneId !== undefined || t.pane !== undefined;
      if (t.window !== undefined && !paneTarget) {
        return printError(`kill takes NAME (the session) or NAME:W.P (one pane); to close window ${t.window}, kill its panes`);
      }
      if (paneTarget && opts.worktree) return printError(`--worktree goes with the whole session: spaces kill ${t.session} --worktree`);
      let worktree: string | undefined;
      if (opts.worktree) {
        const ls = await client.request('ls', {});
        if (failed(ls)) return 1;
        const s = ls.value.find((x) => x.name === t.session);
        if (!s) return printError(`no session '${t.session}'`);
        if (!s.worktree) return printError(`session '${t.session}' has no worktree (it was not made with \`spaces new --worktree\`); run spaces kill ${t.session}`);
        const wt = await import('../worktree');
        // Check before killing anything: a refusal leaves the session running.
        const dirty = wt.uncommitted(s.worktree.path);
        if (failed(dirty)) return 1;
        if (dirty.value.length > 0) return printError(wt.dirtyMessage(s.worktree.path, dirty.value));
        worktree = s.worktree.path;
      }
      const r = paneTarget ? await client.request('kill-pane', { target: text }) : await client.request('kill', { target: t.session });
      if (failed(r)) return 1;
      if (worktree) {
        const wt = await import('../worktree');
        const removed = wt.removeWorktree(worktree);
        if (failed(removed)) return 1;
        await writeOut(`removed worktree ${worktree}\n`);
      }
      return EXIT_OK;
    });
  },
};
