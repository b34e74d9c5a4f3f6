/**
 * `HOST:TARGET` for `attach` and `HOST:` for `ls`, next to the local `NAME:W.P`.
 * HOST is whatever ssh understands (an alias from ~/.ssh/config, `user@host`, an
 * address); ssh resolves it, we only split it off.
 *
 * The rule, decided by the text after the first ':' (session names never contain
 * ':' or '@', and window and pane indices are digits):
 *   - nothing, or only a window/pane part (`1`, `1.0`, `.2`): a local target, as
 *     in tmux: `auth:`, `auth:1`, `auth:1.0`;
 *   - anything else: a remote one: `box:auth`, `box:auth:1.0`, `box:%3`,
 *     unless the head is a number that is not a whole IPv4 address (`1:x` is a
 *     bad target of session 1; `10.0.0.5:auth` is a host).
 * A head that holds '@' is always a host (`me@box:` is the most recent session on
 * box), and `[HOST]:...` brackets a host that itself contains ':' (`[::1]:auth`).
 * What the rule cannot express (session `7` on box, or the most recent session on
 * box, without a user name) is said with `attach --host box [TARGET]`.
 */

export interface RemoteTarget {
  host: string;
  /** The target on that host, in the local syntax; empty for its most recent session. */
  target: string;
}

/** Window and pane part of a local target: `W`, `W.P`, `.P` (all optional digits). */
const WINDOW_PART_RE = /^\d*(\.\d*)?$/;
/** Digits and dots that are not a whole IPv4 address (a.b.c.d): a session name, not a host. */
const NUMBER_NOT_ADDRESS_RE = /^(?!\d+\.\d+\.\d+\.\d+$)[\d.]+$/;

/**
 * Splits off a host; returns null for a local target, or a message when the host
 * part cannot be a host.
 */
export function splitRemote(text: string): RemoteTarget | null | string {
  let host: string;
  let rest: string;
  const bracket = /^\[([^\]]*)\]:(.*)$/.exec(text);
  if (bracket) {
    host = bracket[1];
    rest = bracket[2];
  } else {
    const colon = text.indexOf(':');
    if (colon < 0) return null;
    host = text.slice(0, colon);
    rest = text.slice(colon + 1);
    if (!host.includes('@') && WINDOW_PART_RE.test(rest)) return null;
    // `1:x` or `0.1:x` is a mistyped target of session 1 or 0.1, not ssh to the
    // addresses 0.0.0.1 and 0.0.0.1 (ssh reads a short number as IPv4).
    if (NUMBER_NOT_ADDRESS_RE.test(host)) return null;
  }
  const bad = checkHost(host);
  return bad ?? { host, target: rest };
}

/** Hosts for `ls --hosts a,b`; HOST or HOST: both accepted. */
export function parseHostList(text: string): string[] | string {
  const hosts = text
    .split(',')
    .map((h) => h.trim().replace(/:$/, ''))
    .filter((h) => h !== '');
  if (hosts.length === 0) return `--hosts needs at least one host, e.g. --hosts box,user@build`;
  for (const h of hosts) {
    const bad = checkHost(h);
    if (bad) return bad;
  }
  return [...new Set(hosts)];
}

/** A host we can hand to ssh as one argument: never an option, never shell syntax. */
export function checkHost(host: string): string | null {
  if (host === '') return `a host is empty; write HOST:NAME, e.g. box:auth`;
  if (host.startsWith('-')) return `host '${host}' starts with '-', which ssh would read as an option`;
  if (host.length > 1024) return `host '${host.slice(0, 40)}…' is too long`;
  // eslint-disable-next-line no-control-regex
  if (/[\s\x00-\x1f\x7f]/.test(host)) return `host ${JSON.stringify(host)} contains spaces or control characters`;
  return null;
}

/**
 * A message from HOST's daemon, for a person at this machine: it names HOST unless
 * it already does ("box: no session named 'x'"), and the commands it suggests are
 * pointed at HOST, since as written they would act on this machine's sessions.
 */
export function aboutHost(host: string, message: string): string {
  const pointed = pointHintsAt(host, message);
  return message.includes(host) ? pointed : `${host}: ${pointed}`;
}

/** Commands whose first operand may be HOST:TARGET. */
const TAKES_REMOTE_TARGET = new Set(['attach', 'a', 'capture', 'replay', 'send', 'wait', 'why', 'select', 'kill']);

/**
 * Rewrites each hint written as `spaces VERB ARGS...` to reach HOST: the target
 * gets HOST: in front where the command takes one (`spaces kill box:x`), `ls`
 * becomes `spaces ls box:`, and anything else is run there (`ssh box spaces
 * resurrect x`).
 */
export function pointHintsAt(host: string, message: string): string {
  return message.replace(/`spaces ([a-z][a-z-]*)([^`]*)`/g, (_whole, verb: string, rest: string) => {
    const words = rest.trim().split(/\s+/).filter((w) => w !== '');
    if (verb === 'ls' && words.length === 0) return `\`spaces ls ${host.includes(':') ? `--hosts ${host}` : `${host}:`}\``;
    if (TAKES_REMOTE_TARGET.has(verb) && words.length > 0 && !words[0].startsWith('-')) {
      const target = formatRemote(host, words[0]);
      if (!target.startsWith('--host ') || verb === 'attach' || verb === 'a') return `\`spaces ${[verb, target, ...words.slice(1)].join(' ')}\``;
    }
    return `\`ssh ${host} spaces ${verb}${rest}\``;
  });
}

/** The shortest way to write a remote target that `splitRemote` reads back the same. */
export function formatRemote(host: string, target: string): string {
  const plain = host.includes(':') ? `[${host}]:${target}` : `${host}:${target}`;
  const back = splitRemote(plain);
  if (back && typeof back !== 'string' && back.host === host && back.target === target) return plain;
  return `--host ${host} ${target}`.trimEnd();
}
