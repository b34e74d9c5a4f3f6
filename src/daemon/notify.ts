/**
 * `notify-command`: when a pane starts needing input, run the user's command with
 * what happened in its environment:
 *
 *   SPACES_SESSION  SPACES_PANE (W.P)  SPACES_TARGET (NAME:W.P)  SPACES_STATE
 *   SPACES_RULE  SPACES_DETAIL  SPACES_AGENT  SPACES_WORKSPACE
 *
 * A string runs through /bin/sh -c (so `$SPACES_SESSION` expands); a list is an
 * argv. It runs in the session's cwd, with no terminal, and is killed after
 * NOTIFY_TIMEOUT_MS. Failures go to the daemon log; nothing here can hurt a pane.
 */
import { spawn } from 'node:child_process';
import type { Result } from '../common/errors';
import type { Config } from '../agents/config';
import { loadConfig } from './config-file';
import type { Logger } from './logger';
import type { Pane } from './pane';
import type { Registry } from './registry';

/** A notifier (notify-send, a webhook via curl) takes well under a second; ten is generous. */
export const NOTIFY_TIMEOUT_MS = 10_000;

export function startNotifier(registry: Registry, log: Logger, load: () => Result<Config> = loadConfig): void {
  // One command at a time per pane: a pane flapping in and out of needs-input
  // while a slow notifier runs does not pile up processes.
  const running = new WeakSet<Pane>();
  registry.onPaneState((session, pane, now, before) => {
    if (now.state !== 'needs-input' || before.state === 'needs-input') return;
    const config = load();
    if (!config.ok) {
      log.warn(`notify-command not run for ${session.name}: ${config.error.message}`);
      return;
    }
    const command = config.value.notifyCommand;
    if (command === undefined || running.has(pane)) return;
    const paneIndex = session.paneIndex(pane);
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      SPACES_SESSION: session.name,
      SPACES_PANE: paneIndex,
      SPACES_TARGET: `${session.name}:${paneIndex}`,
      SPACES_STATE: now.state,
      SPACES_RULE: now.rule,
      SPACES_DETAIL: now.detail,
      SPACES_AGENT: pane.agent?.preset ?? '',
      SPACES_WORKSPACE: session.workspace,
    };
    const [file, ...args] = typeof command === 'string' ? ['/bin/sh', '-c', command] : command;
    try {
      const child = spawn(file, args, { cwd: session.cwd, env, stdio: 'ignore' });
      running.add(pane);
      const timer = setTimeout(() => child.kill('SIGKILL'), NOTIFY_TIMEOUT_MS);
      timer.unref();
      child.on('error', (e) => log.warn(`notify-command for ${session.name} could not start: ${e.message}`));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        running.delete(pane);
        if (code !== 0) log.warn(`notify-command for ${session.name} ended with ${signal ? `signal ${signal}` : `code ${code}`}`);
      });
    } catch (e) {
      log.warn(`notify-command for ${session.name} could not start: ${(e as Error).message}`);
    }
  });
}
