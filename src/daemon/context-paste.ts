/**
 * `new --with-context`: paste the workspace's context into a fresh agent once it
 * is ready for input, which the live state tells us: the first time the pane
 * goes quiet after drawing something (idle by silence). A pane that needs input
 * first (a trust or sign-in dialog) is waited out; the paste lands when that
 * question has been answered and the agent sits at its prompt.
 */
import { pasteBytes } from '../common/paste';
import type { Logger } from './logger';
import type { Pane } from './pane';

/**
 * An agent that is not ready after this long (stuck on a sign-in screen, say)
 * does not get a surprise paste hours later; the log says so.
 */
export const READY_TIMEOUT_MS = 5 * 60 * 1000;

export function pasteWhenReady(pane: Pane, text: string, log: Logger | undefined, label: string): void {
  let done = false;
  const finish = () => {
    done = true;
    off();
    offExit();
    clearTimeout(timer);
  };
  const tryPaste = () => {
    if (done) return;
    const v = pane.live.verdict;
    if (v.state === 'exited') {
      finish();
      log?.warn(`${label}: the program exited before it was ready for the context paste`);
      return;
    }
    if (v.state !== 'idle' || v.rule !== 'silence') return;
    finish();
    // Not from inside the state listener, which may itself run inside pane.input().
    setImmediate(() => pane.input(pasteBytes(text, pane.screen.modes().bracketedPaste)));
  };
  const off = pane.live.onChange(tryPaste);
  const offExit = pane.onExited(tryPaste);
  const timer = setTimeout(() => {
    if (done) return;
    finish();
    log?.warn(`${label}: not ready for input after ${READY_TIMEOUT_MS / 1000} s; context not pasted`);
  }, READY_TIMEOUT_MS);
  timer.unref();
}
