/**
 * The usual set-up of an end-to-end test file that plays a user at a terminal:
 * one SpacesHome for the file, user terminals opened by the tests and closed
 * after each, and the home cleaned up (daemon and panes stopped by pid) at the end.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { isAlive, killQuietly } from './procs';
import { SpacesHome } from './spaces';
import { UserTerm } from './user-terminal';

export interface Terminals {
  /** The file's private installation (valid inside tests). */
  readonly sp: SpacesHome;
  /** Runs `spaces ARGS...` in a new user terminal, closed after the test. */
  open(args: string[], size?: { cols?: number; rows?: number }, env?: Record<string, string>): UserTerm;
}

export function useTerminals(defaults: { cols?: number; rows?: number; env?: () => Record<string, string> } = {}): Terminals {
  let home: SpacesHome | undefined;
  const open: UserTerm[] = [];
  beforeAll(() => {
    home = new SpacesHome();
  });
  afterEach(() => {
    for (const t of open.splice(0)) {
      // A test may leave a client stopped (SIGSTOP); it must be able to die.
      if (isAlive(t.pid)) killQuietly(t.pid, 'SIGCONT');
      t.dispose();
    }
  });
  afterAll(async () => {
    await home?.cleanup();
  });
  return {
    get sp() {
      if (!home) throw new Error('useTerminals: the SpacesHome exists only inside tests');
      return home;
    },
    open(args, size = {}, env = {}) {
      const u = new UserTerm(args, {
        env: { ...home!.env(), ...(defaults.env?.() ?? {}), ...env },
        cols: size.cols ?? defaults.cols ?? 80,
        rows: size.rows ?? defaults.rows ?? 20,
      });
      open.push(u);
      return u;
    },
  };
}
