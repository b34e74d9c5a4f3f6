/**
 * `spaces grid`: every session of a workspace (or all) tiled live in one terminal.
 * Arrows or a click select, Enter attaches to the selected session (detaching comes
 * back to the grid), `n` jumps to the next session waiting for input, `q` quits.
 */
import type { Row } from '../common/cells';
import { fail, SpacesError } from '../common/errors';
import type { GridFrame, Tile } from '../protocol/attach-messages';
import { composeGrid, tileRects } from '../render/grid-compose';
import { Painter } from '../render/painter';
import { attach } from './attach';
import { detectColorDepth } from './color-depth';
import { connectDaemon, DaemonClient } from './daemon-client';
import { tokenize } from './key-tokens';
import { isPrimaryPress } from './mouse';

/** Tests make the grid fail on purpose (SPACES_FAULT), after its first paint. */
const INJECTED_FAULT = process.env.SPACES_FAULT;
import { UserTerminal } from './user-terminal';

type GridEnd = { kind: 'quit' } | { kind: 'attach'; session: string } | { kind: 'error'; error: SpacesError };

export async function runGrid(workspace: string): Promise<number | SpacesError> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    return fail('bad-args', 'grid needs a terminal on stdin and stdout; for a script, use `spaces ls --json`').error;
  }
  let selected: string | undefined;
  for (;;) {
    const end = await showGrid(workspace, selected);
    if (end.kind === 'quit') return 0;
    if (end.kind === 'error') return end.error;
    selected = end.session;
    const r = await attach({ target: end.session, readOnly: false });
    if (typeof r !== 'number') return r;
  }
}

class GridView {
  tiles: Tile[] = [];
  readonly mirrors = new Map<number, Row[]>();
  selected = 0;
  offset = 0;
  message: string | undefined;

  apply(f: GridFrame): void {
    if (f.full) this.mirrors.clear();
    if (f.tiles) {
      const before = this.tiles[this.selected]?.session;
      this.tiles = f.tiles;
      const keep = this.tiles.findIndex((t) => t.session === before);
      this.selected = keep >= 0 ? keep : Math.min(this.selected, Math.max(0, this.tiles.length - 1));
      const shown = new Set(this.tiles.map((t) => t.pane));
      for (const id of [...this.mirrors.keys()]) if (!shown.has(id)) this.mirrors.delete(id);
    }
    for (const p of f.panes) {
      let rows = this.mirrors.get(p.id);
      if (!rows) this.mirrors.set(p.id, (rows = []));
      for (const [y, row] of p.rows) rows[y] = row;
      const tile = this.tiles.find((t) => t.pane === p.id);
      if (tile && rows.length > tile.rows) rows.length = tile.rows;
    }
  }
}

function showGrid(workspace: string, select: string | undefined): Promise<GridEnd> {
  return new Promise((resolve) => {
    void (async () => {
      const conn = await connectDaemon({ role: 'attach' });
      if (!conn.ok) return resolve({ kind: 'error', error: conn.error });
      const client: DaemonClient = conn.value;
      const term = new UserTerminal({ input: process.stdin, output: process.stdout }, true);
      const painter = new Painter(detectColorDepth(process.env));
      const view = new GridView();
      let lastSeq = 0;
      let ackedSeq = 0;
      let queued = false;
      let painted = 0;
      let done = false;
      let entered = false;

      const rects = () => tileRects(view.tiles.length - view.offset, term.cols, term.rows - 1);
      const paint = () => {
        if (queued || done || !entered) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (done) return;
          // Keep the selection on screen when there are more tiles than fit.
          if (view.selected < view.offset) view.offset = view.selected;
          while (view.selected >= view.offset + Math.max(1, rects().length)) view.offset++;
          if (INJECTED_FAULT === 'grid-throw' && painted++ > 0) throw new Error('injected grid fault (SPACES_FAULT)');
          const { grid, cursor } = composeGrid({ cols: term.cols, rows: term.rows, tiles: view.tiles, mirrors: view.mirrors, selected: view.selected, offset: view.offset, message: view.message });
          term.write(painter.paint(grid, cursor));
          if (lastSeq !== ackedSeq) {
            ackedSeq = lastSeq;
            client.post({ t: 'ack', seq: lastSeq });
          }
        });
      };
      const finish = (end: GridEnd) => {
        if (done) return;
        done = true;
        term.restore();
        process.stdin.off('data', onData);
        process.stdout.off('resize', onResize);
        process.off('SIGTERM', onSignal);
        process.off('SIGHUP', onSignal);
        process.off('exit', onExit);
        process.off('uncaughtException', onCrash);
        process.off('unhandledRejection', onCrash);
        process.stdin.pause();
        client.close();
        resolve(end);
      };
      const move = (dx: number, dy: number) => {
        const perRow = Math.max(1, rects().filter((r) => r.y === 0).length);
        const next = view.selected + dx + dy * perRow;
        if (next >= 0 && next < view.tiles.length) view.selected = next;
        paint();
      };
      const nextWaiting = () => {
        const n = view.tiles.length;
        for (let k = 1; k <= n; k++) {
          const i = (view.selected + k) % n;
          if (view.tiles[i].state === 'needs-input') {
            view.selected = i;
            view.message = undefined;
            paint();
            return;
          }
        }
        view.message = '  no session is waiting for input';
        paint();
      };
      const onData = (d: string) => {
        for (const t of tokenize(d).tokens) {
          if (t.kind === 'mouse') {
            if (!isPrimaryPress(t.event)) continue;
            const hit = rects().findIndex((r) => t.event.x >= r.x && t.event.x < r.x + r.w && t.event.y >= r.y && t.event.y < r.y + r.h);
            if (hit < 0) continue;
            const i = hit + view.offset;
            // A click selects; a click on the selected tile attaches to it.
            if (i === view.selected) finish({ kind: 'attach', session: view.tiles[i].session });
            else {
              view.selected = i;
              paint();
            }
            continue;
          }
          if (t.kind !== 'key') continue;
          switch (t.name) {
            case 'Left':
            case 'h':
              move(-1, 0);
              break;
            case 'Right':
            case 'l':
              move(1, 0);
              break;
            case 'Up':
            case 'k':
              move(0, -1);
              break;
            case 'Down':
            case 'j':
              move(0, 1);
              break;
            case 'n':
              nextWaiting();
              break;
            case 'Enter':
              if (view.tiles[view.selected]) finish({ kind: 'attach', session: view.tiles[view.selected].session });
              break;
            case 'q':
            case 'Escape':
            case 'C-c':
              finish({ kind: 'quit' });
              break;
          }
        }
      };
      const onResize = () => {
        client.post({ t: 'resize', cols: term.cols, rows: term.rows });
        painter.invalidate();
        paint();
      };
      const onSignal = () => finish({ kind: 'quit' });
      const onExit = () => term.restore();
      // As in attach: the terminal first, then the reason, where the user can read it.
      const onCrash = (e: unknown) => {
        term.restore();
        process.stderr.write(`spaces: the grid failed (your sessions keep running): ${(e as Error)?.stack ?? e}\n`);
        process.exit(1);
      };

      client.onGridFrame = (f) => {
        view.apply(f);
        if (select !== undefined && f.tiles) {
          const i = view.tiles.findIndex((t) => t.session === select);
          if (i >= 0) view.selected = i;
          select = undefined;
        }
        lastSeq = f.seq;
        paint();
      };
      client.onClose((why) => finish({ kind: 'error', error: why }));
      process.on('SIGTERM', onSignal);
      process.on('SIGHUP', onSignal);
      process.on('exit', onExit);
      process.on('uncaughtException', onCrash);
      process.on('unhandledRejection', onCrash);
      const r = await client.request('grid', { workspace, cols: term.cols, rows: term.rows });
      if (!r.ok) {
        done = true;
        process.off('SIGTERM', onSignal);
        process.off('SIGHUP', onSignal);
        process.off('exit', onExit);
        process.off('uncaughtException', onCrash);
        process.off('unhandledRejection', onCrash);
        client.close();
        return resolve({ kind: 'error', error: r.error });
      }
      term.enter();
      entered = true;
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', onData);
      process.stdin.resume();
      process.stdout.on('resize', onResize);
      paint();
    })();
  });
}
