/** `grid`: turns a connection into a live view of every session (or a workspace's). */
import { fail, ok } from '../common/errors';
import type { HandlerTable } from './handler-context';

export const gridHandlers: HandlerTable<'grid'> = {
  grid(req, ctx) {
    const grid = ctx.grid(req.workspace, req.cols, req.rows);
    const n = grid.sessions().length;
    if (req.workspace && n === 0) {
      grid.close();
      const known = [...new Set(ctx.registry.list().map((s) => s.workspace))];
      return fail('not-found', `no sessions in workspace '${req.workspace}'${known.length ? ` (workspaces: ${known.join(', ')})` : ''}`);
    }
    // Start after the reply, so the first frame never overtakes it.
    setImmediate(() => grid.start());
    return ok({ sessions: n });
  },
};
