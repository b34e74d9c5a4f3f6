/**
 * Bumped whenever a message changes shape or meaning. Client and daemon exchange it
 * in the first frame and refuse to go on if they differ, so an upgraded CLI never
 * misreads an old daemon (or the reverse).
 */
/** 2: `heartbeat` messages both ways (links that cannot report their own death: ssh). */
/** 3: frames carry a sequence number that the client acknowledges (`ack`). */
/**
 * 4: sessions' `state` is the live state (working, needs-input, idle, exited)
 * instead of running/exited; agent fields on `new`, `send` pastes; `why`,
 * `checkpoint` and `context` requests.
 */
/**
 * 5: durable history: `replay`, `logs` and `resurrect` requests, `history` and
 * `output` pushes ahead of a reply, `capture.history`, sessions that are
 * `resurrectable` or `damaged`, and the attach reply's `away`.
 */
export const PROTOCOL_VERSION = 5;

export function versionMismatchMessage(daemon: number, client: number): string {
  return `daemon speaks protocol ${daemon}, this client ${client}: run \`spaces kill-server\` or use the matching version`;
}
