/**
 * What the bound keys do in an attached client: most become requests to the
 * daemon on the focused pane (`%ID` targets, so renames never confuse them);
 * scrollback mode, prompts and confirmations happen in the client.
 */
import type { Result } from '../common/errors';
import { formatRemote } from '../common/remote-target';
import type { Action } from './bindings';
import { DEFAULT_BINDINGS } from './bindings';
import { CopyMode } from './copy-mode';
import type { AttachLink } from './attach-link';
import { Overlay } from './overlay';
import { runPromptCommand } from './prompt-commands';
import type { ViewState } from './view-state';

export interface ActionHost {
  readonly client: AttachLink;
  readonly view: ViewState;
  readonly activeTarget: string;
  readonly sessionName: string;
  readonly config: { prefix: string; prefixName: string; readOnly: boolean; host?: string };
  readonly term: { cols: number; rows: number };
  copy: { pane: number; mode: CopyMode } | null;
  /** Lines printed while the user was away, until scrollback mode has shown them once. */
  awayLines: number;
  overlay: Overlay | null;
  confirm: { question: string; yes: () => void } | null;
  send(data: string): void;
  detach(): void;
  showMessage(text: string): void;
  setModal(on: boolean): void;
  render(): void;
  redraw(): void;
}

/** Lines of history per mouse wheel notch, as most terminals scroll. */
export const WHEEL_LINES = 3;

function report(host: ActionHost, r: Result<unknown>): void {
  if (!r.ok) host.showMessage(r.error.message);
}

/** Actions that change the session; a read-only client may not take them. */
const WRITES = new Set<Action['do']>(['split', 'zoom', 'kill-pane', 'new-window', 'rename-window', 'rename-session', 'send-prefix', 'resize', 'command-prompt']);

export async function runAction(host: ActionHost, action: Action): Promise<void> {
  const c = host.client;
  const target = host.activeTarget;
  if (host.config.readOnly && WRITES.has(action.do)) {
    host.showMessage('this client is read-only (spaces attach -r)');
    return;
  }
  switch (action.do) {
    case 'detach':
      host.detach();
      return;
    case 'split':
      report(host, await c.request('split', { target, dir: action.dir, argv: [] }));
      return;
    case 'focus':
      report(host, await c.request('focus', { target, to: action.to }));
      return;
    case 'zoom':
      report(host, await c.request('zoom', { target }));
      return;
    case 'kill-pane':
      host.confirm = { question: `close pane ${target}?`, yes: () => void c.request('kill-pane', { target }).then((r) => report(host, r)) };
      host.setModal(true);
      host.render();
      return;
    case 'new-window':
      report(host, await c.request('new-window', { target: host.sessionName, argv: [] }));
      return;
    case 'select-window': {
      const r = await c.request('select', { target: `${host.sessionName}:${action.index}` });
      if (!r.ok) host.showMessage(`no window ${action.index}`);
      return;
    }
    case 'resize':
      report(host, await c.request('resize-pane', { target, dir: action.dir, delta: action.delta }));
      return;
    case 'send-prefix':
      host.send(host.config.prefix);
      return;
    case 'redraw':
      host.redraw();
      return;
    case 'copy-mode': {
      // The first time after attaching, scrollback opens where "since you left" begins.
      const away = action.pageUp ? 0 : host.awayLines;
      host.awayLines = 0;
      await enterCopyMode(host, host.view.active, action.pageUp ? -1 : 0, away);
      return;
    }
    case 'rename-window': {
      const current = host.view.status?.windows.find((w) => w.active)?.name ?? '';
      const name = await prompt(host, '(rename-window) ', current);
      if (name) report(host, await c.request('rename-window', { target, name }));
      return;
    }
    case 'rename-session': {
      const name = await prompt(host, '(rename-session) ', host.sessionName);
      if (name && name !== host.sessionName) report(host, await c.request('rename', { from: host.sessionName, to: name }));
      return;
    }
    case 'command-prompt': {
      const line = await prompt(host, ':', '');
      if (!line) return;
      const out = (await runPromptCommand(host, line)).replace(/\n+$/, '');
      // One line fits the status line; more (`ls`) opens a list to read and close.
      if (!out.includes('\n')) return host.showMessage(out);
      host.setModal(true);
      await overlay(host).list(`${line} — q to close`, out.split('\n'));
      host.setModal(Boolean(host.copy));
      host.render();
      return;
    }
    case 'help': {
      const items = DEFAULT_BINDINGS.filter((b) => !/^[1-9]$/.test(b.key)).map(
        (b) => `${host.config.prefixName} ${b.key.padEnd(8)} ${b.key === '0' ? 'window 0..9' : b.help}`,
      );
      items.unshift(`${host.config.prefixName} ${host.config.prefixName.padEnd(8)} send ${host.config.prefixName} to the program`);
      const o = overlay(host);
      host.setModal(true);
      await o.list('keys — q to close', items);
      host.setModal(Boolean(host.copy));
      host.render();
      return;
    }
  }
}

function overlay(host: ActionHost): Overlay {
  if (!host.overlay) host.overlay = new Overlay(host.term.cols, host.term.rows, () => host.render());
  return host.overlay;
}

async function prompt(host: ActionHost, label: string, initial: string): Promise<string | null> {
  const o = overlay(host);
  host.setModal(true);
  const value = await o.prompt(label, initial);
  host.setModal(Boolean(host.copy));
  host.render();
  return value;
}

/** Scrollback modes being opened (waiting for the pane's history), per host. */
const opening = new WeakMap<ActionHost, Promise<void>>();

/** Opens scrollback mode on `pane`; `scroll` lines up (negative) or one page up when -1 from a key. */
export async function enterCopyMode(host: ActionHost, pane: number, scroll: number, awayLines = 0): Promise<void> {
  const pending = opening.get(host);
  if (pending) {
    // A second wheel notch while the history is on its way: apply it once it is there.
    await pending;
    if (host.copy) host.copy.mode.scroll(scroll === -1 ? -host.copy.mode.pageSize() : scroll);
    host.render();
    return;
  }
  if (host.copy) {
    if (scroll) host.copy.mode.scroll(scroll === -1 ? -host.copy.mode.pageSize() : scroll);
    host.render();
    return;
  }
  const rect = host.view.layout.find((r) => r.id === pane);
  if (!rect) return;
  // Keys typed while the history is on its way (`C-b [ k`, a round trip on a remote
  // view) were meant for scrollback mode, never for the program: modal from now on
  // (until the mode opens, such keys are dropped).
  host.setModal(true);
  const request = host.client.request('capture', { target: `%${pane}`, scrollback: -1 });
  opening.set(host, request.then(() => undefined));
  const snap = await request;
  opening.delete(host);
  if (!snap.ok) {
    host.setModal(false);
    host.showMessage(snap.error.message);
    return;
  }
  const mode = new CopyMode(snap.value.lines, snap.value.historyLines, rect.w, rect.h, snap.value.cursor);
  host.copy = { pane, mode };
  host.setModal(true);
  if (scroll) mode.scroll(scroll === -1 ? -mode.pageSize() : scroll);
  if (awayLines > 0 && !mode.jumpBack(awayLines)) {
    const where = host.config.host ? formatRemote(host.config.host, host.sessionName) : host.sessionName;
    host.showMessage(`some of it is older than the history in memory: spaces replay ${where} --since-detach prints it all`);
  }
  host.render();
}
