/**
 * A client showing every session at once (`spaces grid`): one tile per session,
 * showing that session's focused pane as it is (panes are never resized for the
 * grid; the tile shows what fits), with the session's agent and live state. Frames
 * carry tiles when they change and only the rows of shown panes that changed, on
 * the same stream pacing and flow control as an attached view.
 */
import type { Row } from '../common/cells';
import type { GridFrame, Tile } from '../protocol/attach-messages';
import { FrameStream, StreamSink } from './frame-stream';
import type { Pane } from './pane';
import type { Registry } from './registry';
import { screenRows } from './screen-rows';
import type { Session } from './session';

/** Most urgent first: a session waiting anywhere is shown as waiting. */
const URGENCY: Tile['state'][] = ['needs-input', 'working', 'idle', 'exited'];

export class GridClient {
  private readonly stream: FrameStream<GridFrame>;
  private readonly sent = new Map<number, Row[]>();
  private tilesKey = '';
  /** Per shown session: its change listener. Re-made only when sessions come and go. */
  private sessionSubs: Array<() => void> = [];
  /** Per shown pane: its output listener. Re-made when a session's focused pane changes. */
  private paneSubs: Array<() => void> = [];
  private readonly registrySubs: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly registry: Registry,
    private readonly workspace: string,
    public cols: number,
    public rows: number,
    sink: StreamSink<GridFrame>,
  ) {
    this.stream = new FrameStream<GridFrame>(
      {
        build: (full) => this.build(full),
        outputBytes: () => this.shownPanes().reduce((n, p) => n + p.bytesOut, 0),
        area: () => this.cols * this.rows,
        describe: () => 'grid client',
      },
      sink,
    );
  }

  /** The sessions this grid shows, in listing order. */
  sessions(): Session[] {
    return this.registry.list().filter((s) => !this.workspace || s.workspace === this.workspace || s.workspaceRoot === this.workspace);
  }

  start(): void {
    if (this.closed) return; // the client went away before its first frame
    const refresh = () => {
      this.watchSessions();
      this.stream.schedule();
    };
    this.registrySubs.push(
      this.registry.onAdded(refresh),
      this.registry.onRemoved(refresh),
      this.registry.onPaneState(() => this.stream.schedule()),
    );
    this.watchSessions();
    this.stream.schedule();
  }

  input(): void {
    // Grid keys are the client's; nothing is typed into panes from here.
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.stream.requestFull();
    this.stream.schedule();
  }

  ack(seq: number): void {
    this.stream.ack(seq);
  }

  lost(): void {
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.close();
    for (const u of [...this.sessionSubs, ...this.paneSubs, ...this.registrySubs]) u();
  }

  private shownPanes(): Pane[] {
    const out: Pane[] = [];
    for (const s of this.sessions()) {
      const p = s.window?.active;
      if (p) out.push(p);
    }
    return out;
  }

  /**
   * Follows each shown session's changes (a new focused pane, a renamed window).
   * Not re-made from inside those listeners: a session calls its listeners in turn,
   * and one that replaced itself during the call would be called again, forever.
   */
  private watchSessions(): void {
    for (const u of this.sessionSubs) u();
    this.sessionSubs = this.sessions().map((s) =>
      s.onChange(() => {
        this.watchPanes();
        this.stream.schedule();
      }),
    );
    this.watchPanes();
  }

  /** Follows the output of each session's focused pane. */
  private watchPanes(): void {
    for (const u of this.paneSubs) u();
    this.paneSubs = this.shownPanes().map((p) => p.onChange(() => this.stream.schedule()));
  }

  private build(full: boolean): GridFrame | null {
    if (full) {
      this.sent.clear();
      this.tilesKey = '';
    }
    const tiles: Tile[] = [];
    const frame: GridFrame = { t: 'grid-frame', seq: 0, full, panes: [] };
    const shown = new Set<number>();
    for (const s of this.sessions()) {
      const pane = s.window?.active;
      if (!pane) continue;
      shown.add(pane.id);
      tiles.push(tileOf(s, pane));
      const rows = screenRows(pane);
      const before = this.sent.get(pane.id);
      const changed: Array<[number, Row]> = [];
      for (let y = 0; y < rows.length; y++) if (!before || before[y] !== rows[y]) changed.push([y, rows[y]]);
      if (changed.length) frame.panes.push({ id: pane.id, rows: changed });
      this.sent.set(pane.id, rows);
    }
    for (const id of [...this.sent.keys()]) if (!shown.has(id)) this.sent.delete(id);
    const key = JSON.stringify(tiles);
    if (key !== this.tilesKey) {
      frame.tiles = tiles;
      this.tilesKey = key;
    }
    return full || frame.tiles || frame.panes.length ? frame : null;
  }
}

function tileOf(s: Session, pane: Pane): Tile {
  const states = s.panes().map((p) => p.live.verdict);
  const urgent = states.reduce((a, b) => (URGENCY.indexOf(b.state) < URGENCY.indexOf(a.state) ? b : a), states[0] ?? pane.live.verdict);
  const agent = s.panes().find((p) => p.agent)?.agent?.preset;
  const tile: Tile = {
    session: s.name,
    workspace: s.workspace,
    state: urgent.state,
    detail: urgent.detail.slice(0, 200),
    pane: pane.id,
    cols: pane.screen.cols,
    rows: pane.screen.rows,
  };
  if (agent) tile.agent = agent;
  return tile;
}
