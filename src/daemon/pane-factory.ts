/**
 * Builds real panes: a PTY from the OS seam and a screen from the emulator seam.
 * The registry only sees the `PaneFactory` type, so it can be tested with fakes.
 */
import { fail, ok, Result } from '../common/errors';
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
    return ok(new Pane({ id: req.id, argv: req.argv, cwd: req.cwd, created: now() }, pty, screen, now));
  };
}
