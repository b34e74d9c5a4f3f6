/**
 * Window and pane operations (tmux's split-window, new-window, select-pane,
 * kill-pane, resize-pane, ...): bound to keys in the attach client and available
 * to the CLI with the same requests.
 */
import { fail, ok, Result } from '../common/errors';
import { canSplit, computeRects, splitPane } from '../common/layout';
import { checkWindowName } from '../common/names';
import { parseTarget } from '../common/target';
import type { HandlerTable } from './handler-context';
import type { Pane } from './pane';
import { processCwd } from './proc';
import type { Registry, ResolvedTarget } from './registry';
import type { Session } from './session';

/** New panes start where the user is: the cwd of the pane they came from. */
function startDir(session: Session, from: Pane | undefined, explicit?: string): string {
  if (explicit) return explicit;
  return (from && from.running && processCwd(from.pid)) || from?.cwd || session.cwd;
}

function programName(argv: string[], session: Session): string {
  const first = argv[0] ?? session.env.SHELL ?? 'sh';
  return first.split('/').pop() || first;
}

/** Resolves a target and applies a window/pane change, then tells viewers. */
function change(registry: Registry, target: string, fn: (t: ResolvedTarget) => Result<undefined>): Result<undefined> {
  const t = registry.resolve(target);
  if (!t.ok) return t;
  const r = fn(t.value);
  if (r.ok) t.value.session.changed();
  return r;
}

export const windowHandlers: HandlerTable<
  'split' | 'new-window' | 'select' | 'focus' | 'kill-pane' | 'zoom' | 'resize-pane' | 'rename-window' | 'drag-border'
> = {
  split(req, ctx) {
    const t = ctx.registry.resolve(req.target);
    if (!t.ok) return t;
    const { session, window, pane } = t.value;
    if (!window.layout || !canSplit(window.layout, pane.id, req.dir, window.width, window.height)) {
      return fail('bad-args', `pane ${req.target} is too small to split ${req.dir === 'h' ? 'left/right' : 'top/bottom'}; make the window bigger or close a pane`);
    }
    const rect = computeRects(splitPane(window.layout, pane.id, req.dir, -1), window.width, window.height).get(-1)!;
    const added = ctx.registry.spawnPane(session, req.argv, startDir(session, pane, req.cwd), rect.w, rect.h);
    if (!added.ok) return added;
    window.split(pane, req.dir, added.value);
    session.changed();
    return ok({ pane: added.value.id });
  },

  'new-window'(req, ctx) {
    const t = parseTarget(req.target);
    if (typeof t === 'string') return fail('bad-args', t);
    const s = ctx.registry.get(t.session);
    if (!s.ok) return s;
    const session = s.value;
    if (t.window !== undefined || t.pane !== undefined) {
      // Windows are numbered in order, without gaps: `new-window x:9` cannot make window 9.
      return fail('bad-args', `new-window takes a session, not a window or pane: windows are numbered in order (the new one will be ${session.name}:${session.windows.length}); run spaces new-window ${session.name}`);
    }
    if (req.name !== undefined) {
      const bad = checkWindowName(req.name);
      if (bad) return fail('bad-args', bad);
    }
    const window = ctx.registry.newWindow(req.name ?? programName(req.argv, session), session.cols, session.rows);
    const pane = ctx.registry.spawnPane(session, req.argv, startDir(session, session.window?.active, req.cwd), session.cols, session.rows);
    if (!pane.ok) return pane;
    window.add(pane.value);
    session.windows.push(window);
    session.selectWindow(session.windows.length - 1);
    return ok({ window: session.windows.length - 1 });
  },

  select(req, ctx) {
    return change(ctx.registry, req.target, ({ session, window, pane }) => {
      session.selectWindow(session.windows.indexOf(window));
      window.select(pane);
      return ok(undefined);
    });
  },

  focus(req, ctx) {
    return change(ctx.registry, req.target, ({ session, window }) => {
      const n = session.windows.length;
      const i = session.windows.indexOf(window);
      switch (req.to) {
        case 'next-window':
          session.selectWindow((i + 1) % n);
          break;
        case 'prev-window':
          session.selectWindow((i + n - 1) % n);
          break;
        case 'last-window':
          session.selectWindow(session.lastWindow);
          break;
        case 'next-pane':
          window.focus('next');
          break;
        case 'prev-pane':
          window.focus('prev');
          break;
        default:
          window.focus(req.to);
      }
      return ok(undefined);
    });
  },

  'kill-pane'(req, ctx) {
    const t = ctx.registry.resolve(req.target);
    if (!t.ok) return t;
    ctx.registry.closePane(t.value.session, t.value.pane);
    return ok(undefined);
  },

  zoom(req, ctx) {
    return change(ctx.registry, req.target, ({ window, pane }) => {
      window.select(pane);
      window.toggleZoom();
      return ok(undefined);
    });
  },

  'resize-pane'(req, ctx) {
    return change(ctx.registry, req.target, ({ window, pane }) => {
      window.resizePane(pane, req.dir, req.delta);
      return ok(undefined);
    });
  },

  'drag-border'(req, ctx) {
    return change(ctx.registry, req.target, ({ window, pane }) => {
      const r = window.layoutRects().get(pane.id);
      if (!r) return ok(undefined);
      const border = req.dir === 'h' ? r.x + r.w : r.y + r.h;
      window.resizePane(pane, req.dir, req.to - border);
      return ok(undefined);
    });
  },

  'rename-window'(req, ctx) {
    const bad = checkWindowName(req.name);
    if (bad) return fail('bad-args', bad);
    return change(ctx.registry, req.target, ({ window }) => {
      window.name = req.name;
      return ok(undefined);
    });
  },
};
