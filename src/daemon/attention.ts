/**
 * Panes that need the user, seen from every attached client: status-line markers
 * (the window's `?`, other sessions listed as waiting), and a bell plus desktop
 * notification for a pane that starts waiting where the user is not looking.
 */
import type { AttachedClient } from './attached-client';
import type { Registry } from './registry';

export function startAttention(registry: Registry, viewers: Set<AttachedClient>): void {
  registry.onPaneState((session, pane, now, before) => {
    const startedWaiting = now.state === 'needs-input' && before.state !== 'needs-input';
    const text = now.detail || 'waiting for input';
    for (const v of viewers) v.paneState(session, pane, startedWaiting, text);
  });
}
