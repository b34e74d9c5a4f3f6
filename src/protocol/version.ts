/**
 * Bumped whenever a message changes shape or meaning. Client and daemon exchange it
 * in the first frame and refuse to go on if they differ, so an upgraded CLI never
 * misreads an old daemon (or the reverse).
 */
/** 2: `heartbeat` messages both ways (links that cannot report their own death: ssh). */
export const PROTOCOL_VERSION = 3;

export function versionMismatchMessage(daemon: number, client: number): string {
  return `daemon speaks protocol ${daemon}, this client ${client}: run \`spaces kill-server\` or use the matching version`;
}
