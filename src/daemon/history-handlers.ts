/**
 * The requests about history and resurrection (capture, replay, logs,
 * resurrect), kept apart from handlers.ts, which spreads them into its table.
 */
import type { Row } from '../common/cells';
import { fail, ok } from '../common/errors';
import type { HandlerTable } from './handler-context';
import { captureFromLog, captureNeedsLog, Marks, openHistory, replayRaw, replayRendered, replayWindow } from './history';
import { timeAtOffset } from '../storage/log-format';
import { snapshotPane } from './snapshot';

export const historyHandlers: HandlerTable<'capture' | 'replay' | 'logs' | 'resurrect'> = {
  async capture(req, ctx) {
    const t = ctx.registry.resolveHistory(req.target);
    if (!t.ok) return t;
    const target = t.value;
    if (target.kind === 'live' && !(req.history && captureNeedsLog(target.pane, req.scrollback))) {
      return ok(await snapshotPane(target.pane, req.scrollback));
    }
    const view = await openHistory(target);
    if (!view.ok) return view;
    const fallback = target.kind === 'live' ? target.pane.screen : { cols: target.pane.manifest.cols, rows: target.pane.manifest.rows };
    const push = (rows: Row[]) => ctx.pushPaced({ t: 'history', id: req.id, rows });
    return ok(await captureFromLog(view.value, req.scrollback, { cols: fallback.cols, rows: fallback.rows }, push));
  },

  async replay(req, ctx) {
    const t = ctx.registry.resolveHistory(req.target);
    if (!t.ok) return t;
    const target = t.value;
    const view = await openHistory(target);
    if (!view.ok) return view;
    const marks: Marks =
      target.kind === 'live'
        ? { ...target.pane.marks, lastAttached: target.session.lastAttached, lastDetached: target.session.lastDetached }
        : {
            attachedAt: target.pane.manifest.attachedAt,
            detachedAt: target.pane.manifest.detachedAt,
            lastAttached: target.session.manifest.lastAttached,
            lastDetached: target.session.manifest.lastDetached,
          };
    const w = replayWindow(view.value, req, marks);
    const size = target.kind === 'live' ? target.pane.screen : { cols: target.pane.manifest.cols, rows: target.pane.manifest.rows };
    let lines = 0;
    if (req.raw) await replayRaw(view.value, w, (data) => ctx.pushPaced({ t: 'output', id: req.id, data }));
    else lines = await replayRendered(view.value, w, { cols: size.cols, rows: size.rows }, (rows) => ctx.pushPaced({ t: 'history', id: req.id, rows }));
    const times = view.value.times;
    return ok({ from: w.from, to: w.to, start: timeAtOffset(times, w.from), end: timeAtOffset(times, Math.max(w.from, w.to - 1)), lines, note: w.note });
  },

  async logs(req, ctx) {
    const names = req.names.length > 0 ? req.names : [...ctx.registry.list(), ...ctx.registry.listDormant()].map((s) => s.name);
    const out: Array<{ session: string; pane: string; dir: string; state: string }> = [];
    for (const name of names) {
      const live = ctx.registry.list().find((s) => s.name === name);
      const dormant = ctx.registry.listDormant().find((s) => s.name === name);
      if (live) {
        for (const [wi, w] of live.windows.entries()) {
          for (const [pi, p] of w.panes.entries()) {
            if (!p.log) continue;
            await p.log.flush();
            out.push({ session: name, pane: `${name}:${wi}.${pi}`, dir: p.log.dir, state: p.running ? 'running' : 'exited' });
          }
        }
      } else if (dormant) {
        const state = dormant.finished ? 'exited' : 'resurrectable';
        for (const p of dormant.panes) out.push({ session: name, pane: `${name}:${p.window}.${p.index}`, dir: p.logDir, state });
      } else {
        return fail('not-found', `no session '${name}' (${ctx.registry.describeNames()})`);
      }
    }
    return ok(out);
  },

  async resurrect(req, ctx) {
    // --all means what there is to bring back: a session that had finished is skipped, not a failure.
    const names = req.all ? ctx.registry.listDormant().filter((d) => !d.finished).map((d) => d.name) : [...new Set(req.names)];
    if (!req.all && names.length === 0) return fail('bad-args', 'name the sessions to resurrect, or use --all');
    const resurrected: Array<{ name: string; notes: string[] }> = [];
    const failed: Array<{ name: string; message: string }> = [];
    for (const name of names) {
      const r = await ctx.registry.resurrect(name, { env: req.env, rerun: req.rerun, force: req.force });
      if (r.ok) resurrected.push({ name, notes: r.value.notes });
      else failed.push({ name, message: r.error.message });
    }
    return ok({ resurrected, failed });
  },
};
