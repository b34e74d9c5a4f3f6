/** `attach`: turns a connection into an interactive view of a session. */
import { fail, ok } from '../common/errors';
import { parseTarget } from '../common/target';
import type { HandlerTable } from './handler-context';

export const attachHandlers: HandlerTable<'attach'> = {
  attach(req, ctx) {
    const registry = ctx.registry;
    let sessionName = req.target;
    if (sessionName === '') {
      const recent = registry.mostRecent();
      if (!recent) return fail('not-found', 'there are no sessions to attach to; create one with `spaces new NAME`');
      sessionName = recent.name;
    }
    const t = parseTarget(sessionName);
    if (typeof t === 'string') return fail('bad-args', t);
    const resolved = registry.resolve(sessionName);
    if (!resolved.ok) return resolved;
    const { session, window, pane } = resolved.value;
    if (req.fromPane) {
      const home = registry.resolve(req.fromPane);
      if (home.ok && home.value.session === session) {
        return fail('bad-args', `you are inside session '${session.name}' already; attaching to it here would show it inside itself (detach first, or attach from another terminal)`);
      }
    }
    if (t.window !== undefined) {
      session.selectWindow(session.windows.indexOf(window));
      window.select(pane);
    }
    // Before this client counts as attached: what the active pane printed meanwhile.
    const away = session.awaySince();
    const client = ctx.attach(session, req.cols, req.rows, req.readOnly);
    // Start after the reply, so the first frame never overtakes it.
    setImmediate(() => client.start());
    return ok({ session: session.name, away });
  },
};
