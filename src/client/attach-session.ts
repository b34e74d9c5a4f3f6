/**
 * An attached client's life: frames in, composed and painted; keys and mouse out;
 * resizes; modal views (scrollback mode, prompts); detaching and every way the
 * view can end. The user's terminal is restored on every one of those paths.
 *
 * A remote view's link can be down for a while (reconnecting-link.ts): the last
 * screen stays, the status line says so, typing is dropped rather than queued
 * (keys replayed into a program minutes later do more harm than good), any key
 * retries at once, and C-c gives up.
 */
import { printable } from '../common/printable';
import { formatRemote } from '../common/remote-target';
import type { CursorState } from '../common/cells';
import type { Frame, Attention } from '../protocol/attach-messages';
import { compose, DirtyRows, Scene } from '../render/compose';
import { Grid } from '../render/grid';
import type { ColorDepth } from '../render/palette';
import { Painter } from '../render/painter';
import { runAction, ActionHost } from './attach-actions';
import { Binding } from './bindings';
import type { CopyMode } from './copy-mode';
import type { AttachLink } from './attach-link';
import { InputRouter } from './input-router';
import type { Token } from './key-tokens';
import { handleMouse, MouseState } from './mouse-actions';
import type { Overlay } from './overlay';
import type { LinkState } from './reconnecting-link';
import type { UserTerminal } from './user-terminal';

/** Tests make the client fail on purpose (SPACES_FAULT); read once, not per frame. */
const INJECTED_FAULT = process.env.SPACES_FAULT;
import { ViewState } from './view-state';

/** Status-line messages (errors, confirmations) stay this long. */
const MESSAGE_MS = 3000;

export interface AttachConfig {
  readOnly: boolean;
  prefix: string;
  prefixName: string;
  bindings: Binding[];
  depth: ColorDepth;
  /** The ssh host of a remote view. */
  host?: string;
}

/** C-c: while the link is down, gives up instead of going to the program. */
const CTRL_C = '\x03';

export class AttachSession implements ActionHost {
  readonly view = new ViewState();
  readonly router: InputRouter;
  readonly mouseState: MouseState = { drag: null };
  copy: { pane: number; mode: CopyMode } | null = null;
  awayLines = 0;
  overlay: Overlay | null = null;
  /** A yes/no question waiting for its key. */
  confirm: { question: string; yes: () => void } | null = null;
  private readonly painter: Painter;
  private renderQueued = false;
  /** The last frame applied, and the last one acknowledged to the daemon. */
  private lastSeq = 0;
  private ackedSeq = 0;
  /** The composed picture, kept between frames; only dirty rows are recomposed. */
  private grid: Grid | null = null;
  private dirty: DirtyRows = 'all';
  private message = '';
  private messageTimer: NodeJS.Timeout | undefined;
  private finished = false;
  private started = false;
  private link: LinkState = { kind: 'up' };
  private resolveExit!: (code: number) => void;
  readonly exited = new Promise<number>((r) => (this.resolveExit = r));

  constructor(
    readonly client: AttachLink & { retryNow?(): void },
    readonly term: UserTerminal,
    readonly config: AttachConfig,
  ) {
    this.painter = new Painter(config.depth);
    this.router = new InputRouter(config.prefix, config.bindings);
    // Listen before the attach request goes out: the first frame may arrive in the
    // same read as the reply, before the code awaiting that reply runs.
    this.client.onFrame = (f) => this.onFrame(f);
    this.client.onAttention = (m) => this.onAttention(m);
  }

  get sessionName(): string {
    return this.view.status?.session ?? '';
  }

  /** Target naming the focused pane, whatever its session is called now. */
  get activeTarget(): string {
    return `%${this.view.active}`;
  }

  /** Where the session lives, for messages: " on box" for a remote view. */
  private get on(): string {
    return this.config.host ? ` on ${this.config.host}` : '';
  }

  start(): void {
    this.started = true;
    this.client.onDetached = (reason) => this.finish(0, reason === 'detached' ? `[detached (from session ${this.sessionName}${this.on})]` : `[${reason}${this.on}]`);
    this.client.onClose((why) =>
      this.finish(1, this.config.host ? `spaces: ${why.message}` : `spaces: lost the connection to the daemon (${why.message})`),
    );
    this.term.enter();
    this.render();
  }

  /** The remote link went down, is being retried, or came back. */
  setLinkState(state: LinkState): void {
    this.link = state;
    this.render();
  }

  get linkDown(): boolean {
    return this.link.kind === 'down';
  }

  /** The user stops waiting for the link: the session keeps running on the host. */
  giveUp(): void {
    const again = `spaces attach ${formatRemote(this.config.host ?? '', this.sessionName)}`;
    this.finish(1, `[gave up reconnecting to ${this.config.host}; session ${this.sessionName} keeps running there: \`${again}\`]`);
  }

  onInput(data: string): void {
    if (this.finished) return;
    if (this.linkDown) {
      if (data.includes(CTRL_C)) {
        this.giveUp();
        return;
      }
      this.client.retryNow?.();
    }
    const waiting = this.router.waitingForKey;
    let routed = this.router.feed(data);
    for (;;) {
      for (const r of routed) {
        if (r.kind === 'send') this.send(r.data);
        else if (r.kind === 'action') {
          // A binding typed in scrollback mode: detaching keeps the view for next time
          // (as tmux does); anything else acts on the live panes, so the view ends first.
          if (this.copy && r.action.do !== 'detach') this.leaveCopyMode();
          void runAction(this, r.action);
        }
        else if (r.kind === 'mouse') handleMouse(this, r.event, r.bytes);
        else this.onModalKey(r.token);
      }
      if (!this.router.hasPending) break;
      routed = this.router.feed('');
    }
    // Show (or clear) the prefix marker on the status line.
    if (waiting !== this.router.waitingForKey) this.render();
  }

  onResize(): void {
    this.client.post({ t: 'resize', cols: this.term.cols, rows: this.term.rows });
    this.painter.invalidate();
    this.overlay?.resize(this.term.cols, this.term.rows);
    this.fitCopyMode();
    this.render();
  }

  /**
   * Sizes scrollback mode to its pane's rectangle. The rectangle changes when the
   * daemon's layout does, which after a terminal resize is a frame later (the layout
   * known at the resize itself is still the old one), so layout frames call this too.
   */
  private fitCopyMode(): void {
    if (!this.copy) return;
    const rect = this.view.layout.find((r) => r.id === this.copy!.pane);
    if (rect) this.copy.mode.resize(rect.w, rect.h);
  }

  send(data: string): void {
    if (this.config.readOnly || this.linkDown) return;
    this.client.post({ t: 'input', data: Buffer.from(data, 'utf8') });
  }

  detach(): void {
    // Nobody would hear the request; the daemon forgets us when our heartbeats stop.
    if (this.linkDown) this.finish(0, `[detached (from session ${this.sessionName}${this.on})]`);
    else this.client.post({ t: 'detach' });
  }

  showMessage(text: string): void {
    this.message = text;
    if (this.messageTimer) clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => {
      this.message = '';
      this.render();
    }, MESSAGE_MS);
    this.messageTimer.unref();
    this.render();
  }

  setModal(on: boolean): void {
    this.router.modal = on;
    this.router.prefixInModal = Boolean(this.copy) && !this.overlay?.open && !this.confirm;
  }

  redraw(): void {
    this.painter.invalidate();
    this.render();
  }

  /** Repaints everything at the next render (modes, prompts, resizes: rare and cheap enough). */
  render(): void {
    this.dirty = 'all';
    this.schedulePaint();
  }

  /** Paints once per turn of the event loop, however many frames arrived in it. */
  private schedulePaint(): void {
    if (this.renderQueued || this.finished || !this.started) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      if (this.finished) return;
      const cols = this.term.cols;
      const rows = this.term.rows;
      if (!this.grid || this.grid.cols !== cols || this.grid.rows !== rows) {
        this.grid = new Grid(cols, rows);
        this.dirty = 'all';
      }
      const dirty = this.dirty;
      this.dirty = new Set();
      const cursor = compose(this.scene(), this.grid, dirty);
      this.term.write(this.painter.paint(this.grid, this.overlay?.open || this.confirm ? hide(cursor) : cursor, dirty));
      // Painted: tell the daemon, whose flow control counts unacknowledged frames.
      if (this.lastSeq !== this.ackedSeq) {
        this.ackedSeq = this.lastSeq;
        this.client.post({ t: 'ack', seq: this.lastSeq });
      }
    });
  }

  /** Marks the terminal rows a frame touched. */
  private markFrame(frame: Frame): void {
    if (this.dirty === 'all') return;
    if (frame.full || frame.layout || this.copy || this.overlay?.open) {
      this.dirty = 'all';
      return;
    }
    for (const p of frame.panes) {
      const rect = this.view.layout.find((r) => r.id === p.id);
      if (!rect) continue;
      for (const [y] of p.rows) this.dirty.add(rect.y + y);
    }
    if (frame.status) this.dirty.add(this.term.rows - 1);
  }

  finish(code: number, message: string): void {
    if (this.finished) return;
    this.finished = true;
    this.term.restore();
    // A remote daemon's words are printed as text, never as terminal controls.
    if (message) process.stdout.write(`${this.config.host ? printable(message, 2000) : message}\n`);
    this.client.close();
    this.resolveExit(code);
  }

  /**
   * A pane the user cannot see started waiting for them: the terminal's bell, and a
   * desktop notification (OSC 9, which travels through SSH and most terminals show;
   * SPACES_NOTIFY=bell keeps only the bell, =off neither).
   */
  private onAttention(m: Attention): void {
    const mode = process.env.SPACES_NOTIFY ?? 'osc9';
    const text = printable(`${m.target} needs you: ${m.text}`, 200);
    if (mode !== 'off') this.term.write('\x07');
    if (mode === 'osc9') this.term.write(`\x1b]9;spaces: ${text}\x07`);
    this.showMessage(`${m.target} needs you`);
  }

  private onFrame(frame: Frame): void {
    // Test hook: an uncaught error inside the client, to prove the terminal is restored.
    if (INJECTED_FAULT === 'client-throw' && this.started && this.view.frames > 1) throw new Error('injected client fault (SPACES_FAULT)');
    const { bell, modesChanged } = this.view.apply(frame);
    this.lastSeq = frame.seq;
    if (bell) this.term.write('\x07');
    if (modesChanged) this.term.setModes(this.view.modes);
    if (this.copy && !this.view.layout.some((r) => r.id === this.copy!.pane)) this.leaveCopyMode();
    if (frame.layout) this.fitCopyMode();
    this.markFrame(frame);
    this.schedulePaint();
  }

  private onModalKey(t: Token): void {
    if (this.confirm) {
      const c = this.confirm;
      this.confirm = null;
      this.setModal(Boolean(this.copy || this.overlay?.open));
      if (t.kind === 'key' && (t.name === 'y' || t.name === 'Y')) c.yes();
      this.render();
      return;
    }
    if (this.overlay?.open) {
      this.overlay.feed(t);
      return;
    }
    if (this.copy) {
      const r = this.copy.mode.key(t);
      if (r.kind === 'exit') this.leaveCopyMode();
      else if (r.kind === 'copy') {
        this.copyToClipboard(r.text);
        this.leaveCopyMode();
        this.showMessage(`copied ${r.text.length} characters`);
      }
      this.render();
    }
  }

  leaveCopyMode(): void {
    this.copy = null;
    this.setModal(Boolean(this.overlay?.open || this.confirm));
    this.render();
  }

  /** OSC 52: the user's terminal puts the text on the system clipboard (through SSH too). */
  copyToClipboard(text: string): void {
    this.term.write(`\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`);
  }

  private scene(): Scene {
    const v = this.view;
    let mode: string | undefined;
    let message = this.message || undefined;
    let override: Scene['override'];
    if (this.copy) {
      const { rows, cursor } = this.copy.mode.view();
      override = { pane: this.copy.pane, rows, cursor };
      mode = `COPY ${this.copy.mode.position()}`;
      if (this.copy.mode.prompt !== null) message = this.copy.mode.promptLabel();
      else if (this.copy.mode.message) message = this.copy.mode.message;
    }
    if (this.router.waitingForKey) mode = this.config.prefixName;
    if (this.link.kind === 'down') {
      mode = mode ? `${mode} · reconnecting…` : 'reconnecting…';
      message = this.message || linkMessage(this.link);
    }
    if (this.confirm) message = `${this.confirm.question} (y/n)`;
    return {
      cols: this.term.cols,
      rows: this.term.rows,
      areaCols: v.areaCols,
      areaRows: v.areaRows,
      layout: v.layout,
      active: v.active,
      mirrors: v.mirrors,
      status: v.status,
      cursor: v.cursor,
      extras: { mode, message, host: this.config.host },
      override,
      overlay: this.overlay?.open ? (g) => this.overlay!.draw(g) : undefined,
    };
  }
}

/** The status line while the link is down: why, what happens next, how to stop. */
function linkMessage(s: Extract<LinkState, { kind: 'down' }>): string {
  const next = s.retryInMs === null ? `connecting (attempt ${s.attempt})…` : s.retryInMs === 0 ? 'retrying now' : `retrying in ${Math.ceil(s.retryInMs / 1000)} s`;
  // Most useful first, as a narrow status line cuts from the end: how to stop
  // (80 columns leave the message under 30 once the session and host are shown),
  // then what happens next, then why.
  return `C-c gives up · ${next} · ${printable(s.reason, 200)}`;
}

function hide(c: CursorState | null): CursorState | null {
  return c ? { ...c, visible: false } : null;
}
