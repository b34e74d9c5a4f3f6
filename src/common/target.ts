/**
 * Targets name a pane the way tmux does: `NAME`, `NAME:W` or `NAME:W.P`, where W is
 * a window index and P a pane index inside that window. Omitted parts mean "the
 * active one". Session names may contain '.', so only the part after the first ':'
 * is split on '.'.
 */

export interface Target {
  session: string;
  window?: number;
  pane?: number;
  /** `%N`: a pane by its daemon-wide id (as tmux), whatever session it is in. */
  paneId?: number;
}

const INDEX_RE = /^\d{1,4}$/;

/** Parses `NAME[:W[.P]]`; returns a message on malformed input. */
export function parseTarget(text: string): Target | string {
  const id = /^%(\d{1,9})$/.exec(text);
  if (id) return { session: '', paneId: Number(id[1]) };
  const colon = text.indexOf(':');
  if (colon < 0) return { session: text };
  const session = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (rest === '') return { session };
  const [w, p, extra] = rest.split('.');
  if (extra !== undefined) return `target '${text}' has too many parts; use NAME, NAME:WINDOW or NAME:WINDOW.PANE`;
  const target: Target = { session };
  if (w !== '') {
    if (!INDEX_RE.test(w)) return `window '${w}' in target '${text}' is not a number; use NAME:WINDOW.PANE, e.g. ${session}:0.1`;
    target.window = Number(w);
  }
  if (p !== undefined) {
    if (!INDEX_RE.test(p)) return `pane '${p}' in target '${text}' is not a number; use NAME:WINDOW.PANE, e.g. ${session}:0.1`;
    target.pane = Number(p);
  }
  return target;
}

export function formatTarget(t: Target): string {
  if (t.paneId !== undefined) return `%${t.paneId}`;
  if (t.window === undefined) return t.session;
  return t.pane === undefined ? `${t.session}:${t.window}` : `${t.session}:${t.window}.${t.pane}`;
}
