/**
 * The prefix-key state machine: typed bytes go to the pane untouched, except the
 * prefix key and the key after it (a binding), mouse reports (which the client
 * handles or translates), and everything while a modal view (scrollback mode, a
 * prompt) has the keyboard. The common case, plain typing, takes a fast path that
 * does not even tokenize.
 */
import { REPEAT_MS, type Action, type Binding } from './bindings';
import { MouseEvent, Token, tokenize } from './key-tokens';

export type Routed =
  | { kind: 'send'; data: string }
  | { kind: 'action'; action: Action }
  | { kind: 'mouse'; event: MouseEvent; bytes: string }
  | { kind: 'modal'; token: Token };

export class InputRouter {
  private prefixPending = false;
  private rest = '';
  private readonly table = new Map<string, Action>();
  /** Set while scrollback mode or a prompt owns the keyboard. */
  modal = false;
  /**
   * While modal, the prefix still starts a binding (scrollback mode, as in tmux:
   * C-b d detaches from there); a prompt takes every key as text instead.
   */
  prefixInModal = false;

  /** Keys whose binding repeats, and until when one of them acts without the prefix. */
  private readonly repeatable = new Set<string>();
  private repeatUntil = 0;

  constructor(
    private readonly prefix: string,
    bindings: Binding[],
    private readonly now: () => number = Date.now,
  ) {
    for (const b of bindings) {
      this.table.set(b.key, b.action);
      if (b.repeat) this.repeatable.add(b.key);
    }
  }

  /** Within REPEAT_MS of a repeatable binding (the window closes once it has passed). */
  private repeating(): boolean {
    if (this.repeatUntil > 0 && this.now() >= this.repeatUntil) this.repeatUntil = 0;
    return this.repeatUntil > 0;
  }

  get waitingForKey(): boolean {
    return this.prefixPending;
  }

  /** Input held back after an action, to be routed once the action has taken effect. */
  get hasPending(): boolean {
    return this.rest !== '' && !this.restIsPartial;
  }

  private restIsPartial = false;

  feed(data: string): Routed[] {
    if (!this.repeating() && !this.prefixPending && !this.modal && this.rest === '' && !data.includes(this.prefix) && !data.includes('\x1b[<') && !data.includes('\x1b[20')) {
      return [{ kind: 'send', data }];
    }
    const { tokens, rest } = tokenize(this.rest + data);
    this.rest = rest;
    this.restIsPartial = rest !== '';
    const out: Routed[] = [];
    let pending = '';
    const flush = () => {
      if (pending) out.push({ kind: 'send', data: pending });
      pending = '';
    };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'mouse') {
        flush();
        out.push({ kind: 'mouse', event: t.event, bytes: t.bytes });
        continue;
      }
      if (this.modal && !this.prefixPending && !(this.prefixInModal && t.kind === 'key' && t.bytes === this.prefix)) {
        out.push({ kind: 'modal', token: t });
        continue;
      }
      // Right after a repeatable binding, its keys act again without the prefix
      // (C-b C-Left C-Left C-Left); any other key ends that and is typed as usual.
      const again = !this.prefixPending && t.kind === 'key' && this.repeatable.has(t.name) && this.repeating();
      if (!again) this.repeatUntil = 0;
      if (this.prefixPending || again) {
        this.prefixPending = false;
        if (t.kind === 'key' && t.bytes === this.prefix) out.push({ kind: 'action', action: { do: 'send-prefix' } });
        else if (t.kind === 'key') {
          const action = this.table.get(t.name);
          if (action) {
            if (this.repeatable.has(t.name)) this.repeatUntil = this.now() + REPEAT_MS;
            flush();
            out.push({ kind: 'action', action });
            // The action may open a prompt or scrollback mode that must get the keys
            // typed after it: hold them back until the caller has run the action.
            const after = tokens.slice(i + 1).map((x) => x.bytes).join('');
            if (after) {
              this.rest = after + this.rest;
              this.restIsPartial = false;
            }
            return out;
          }
        }
        continue;
      }
      if (t.kind === 'key' && t.bytes === this.prefix) {
        flush();
        this.prefixPending = true;
        continue;
      }
      pending += t.bytes;
    }
    flush();
    return out;
  }
}
