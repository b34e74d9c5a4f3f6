/**
 * Builds real panes: a PTY from the OS seam and a screen from the emulator seam.
 * The registry only sees the `PaneFactory` type, so it can be tested with fakes.
 */
import { fail, ok, Result } from '../common/errors';
import type { LogWriter } from '../storage/log-writer';
import { Pane } from './pane';
import { spawnPty } from './pty';
import { createScreen } from './screen';

export interface PaneRequest {
  id: number;
  /** argv[0] already resolved to a path. */
  file: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  scrollback: number;
  logName?: string;
  log?: LogWriter;
  /**
   * Output to show before the program starts (a resurrected pane's old screen and
   * its marker line). Parsed ahead of anything the new program writes.
   */
  preload?: Buffer[];
}

export type PaneFactory = (req: PaneRequest) => Result<Pane>;

export function realPaneFactory(now: () => number): PaneFactory {
  return (req) => {
    let pty;
    try {
      pty = spawnPty({ file: req.file, args: req.argv.slice(1), cwd: req.cwd, env: req.env, cols: req.cols, rows: req.rows });
    } catch (e) {
      return fail('spawn-failed', `cannot start '${req.argv[0]}': ${(e as Error).message}`);
    }
    const screen = createScreen(req.cols, req.rows, req.scrollback);
    // Queued before the PTY's first output can arrive (that needs an event-loop
    // turn), and xterm parses writes in order: the old screen always comes first.
    for (const bytes of req.preload ?? []) screen.write(bytes);
    const spec = { id: req.id, argv: req.argv, cwd: req.cwd, created: now(), scrollback: req.scrollback, logName: req.logName };
    return ok(new Pane(spec, pty, screen, now, req.log));
  };
}
