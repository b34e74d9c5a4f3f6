/**
 * The visible rows of a pane, read once per screen version and shared by every
 * attached client. Rows that did not change keep their identity (see
 * ScreenModel.screenRows), so each client finds what it must send by comparing
 * references with what it sent before.
 */
import type { Row } from '../common/cells';
import type { Pane } from './pane';

const cache = new WeakMap<Pane, { version: number; rows: Row[] }>();

export function screenRows(pane: Pane): Row[] {
  const hit = cache.get(pane);
  if (hit && hit.version === pane.version) return hit.rows;
  const rows = pane.screen.screenRows();
  cache.set(pane, { version: pane.version, rows });
  return rows;
}
