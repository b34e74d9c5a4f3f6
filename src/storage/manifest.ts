/**
 * A session's manifest: everything needed to bring the session back after the
 * daemon died, apart from the output itself (that is in the panes' logs). Pure:
 * the format, its validation, and salvage of a damaged file.
 *
 * Stored as `sessions/<id>/manifest.json` (pretty JSON: people read it when
 * something went wrong). `id` is fixed at creation, so renaming a session never
 * moves a directory; each pane's log is in `sessions/<id>/<pane.log>/`.
 */
import { arrayOf, any, int, Infer, lit, matching, obj, optional, str, stringMap, Validator } from '../protocol/schema';

export const MANIFEST_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

const text = str({ max: 1 << 16 });
const time = int({ min: 0 });
const argv = arrayOf(str({ max: 1 << 16 }), { max: 4096 });

const agentV = obj({
  preset: str({ max: 256 }),
  conversationId: optional(str({ max: 1024 })),
  resumeArgv: optional(argv),
});

export const paneManifestV = obj({
  /**
   * Directory of this pane's output log, relative to the session directory. Only
   * `p<number>`: a manifest edited by hand must not send writes outside its session.
   */
  log: matching(/^p\d{1,9}$/, 'a pane log name like p0'),
  argv,
  /** Where the program was last seen working (its live cwd), else where it started. */
  cwd: text,
  cols: int({ min: 1, max: 10_000 }),
  rows: int({ min: 1, max: 10_000 }),
  scrollback: optional(int({ min: 0 })),
  agent: optional(agentV),
  /**
   * Set once the program exited by itself (not when the daemon stopped): a session
   * whose panes all have it had finished, and comes back as exited, not resurrectable.
   * `at` (when) is newer than the rest; manifests without it still load.
   */
  exited: optional(obj({ code: int(), signal: optional(int()), at: optional(time) })),
  pid: optional(int({ min: 0 })),
  /** Log offsets at the session's last attach and detach, for "since you left". */
  attachedAt: optional(int({ min: 0 })),
  detachedAt: optional(int({ min: 0 })),
});

export const windowManifestV = obj({
  name: str({ max: 256 }),
  activePane: int({ min: 0 }),
  panes: arrayOf(paneManifestV, { max: 1024 }),
  /** The window's split tree (common/layout.ts) with panes named by their index in `panes`; checked on use. */
  layout: optional(any()),
});

export const sessionManifestV = obj({
  version: lit(MANIFEST_VERSION),
  id: str({ min: 1, max: 64 }),
  name: str({ min: 1, max: 256 }),
  workspace: text,
  /** The workspace's directory (a worktree's repository may differ from what cwd suggests). */
  workspaceRoot: optional(text),
  /** The git worktree `new --worktree` made for this session. */
  worktree: optional(obj({ path: text, branch: text })),
  cwd: text,
  /** The variables that shape how programs run (see storedEnvironment); never secrets. */
  env: stringMap(),
  created: time,
  lastAttached: optional(time),
  lastDetached: optional(time),
  /** The session's window area (absent in manifests from before windows had sizes). */
  cols: optional(int({ min: 1, max: 10_000 })),
  rows: optional(int({ min: 1, max: 10_000 })),
  activeWindow: int({ min: 0 }),
  windows: arrayOf(windowManifestV, { max: 1024 }),
  /** Next pane log directory number, so a new pane never reuses an old pane's history. */
  nextPaneLog: int({ min: 0 }),
});

export type PaneManifest = Infer<typeof paneManifestV>;
export type PaneExit = NonNullable<PaneManifest['exited']>;
export type WindowManifest = Infer<typeof windowManifestV>;
export type SessionManifest = Infer<typeof sessionManifestV>;

export function encodeManifest(m: SessionManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** What could be read from a manifest file, whole or in part. */
export interface ManifestRead {
  manifest?: SessionManifest;
  /** Fields salvaged from a damaged file (name, cwd, windows that were intact...). */
  salvage: Partial<SessionManifest>;
  /** Why the file is not a valid manifest, when it is not. */
  problem?: string;
}

export function parseManifest(content: string): ManifestRead {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (e) {
    return { salvage: salvageText(content), problem: `manifest unreadable (${(e as Error).message.slice(0, 80)})` };
  }
  const problem = sessionManifestV.check(value, 'manifest');
  if (!problem) return { manifest: value as SessionManifest, salvage: value as SessionManifest };
  return { salvage: salvageObject(value), problem: `manifest invalid (${problem.slice(0, 120)})` };
}

/** Takes every top-level field that is valid on its own, and every window that is intact. */
function salvageObject(value: unknown): Partial<SessionManifest> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const out: Partial<SessionManifest> = {};
  const take = <K extends keyof SessionManifest>(k: K, check: Validator<unknown>) => {
    if (v[k] !== undefined && check.check(v[k], k) === null) out[k] = v[k] as SessionManifest[K];
  };
  take('id', str({ min: 1, max: 64 }));
  take('name', str({ min: 1, max: 256 }));
  take('workspace', text);
  take('cwd', text);
  take('env', stringMap());
  take('created', time);
  take('lastAttached', time);
  take('lastDetached', time);
  if (Array.isArray(v.windows)) out.windows = v.windows.filter((w) => windowManifestV.check(w, 'w') === null) as WindowManifest[];
  return out;
}

/** A torn or garbled file: pick out the simple string fields a regular expression can still find. */
function salvageText(content: string): Partial<SessionManifest> {
  const out: Partial<SessionManifest> = {};
  for (const key of ['name', 'workspace', 'cwd'] as const) {
    const m = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.){1,4096})"`).exec(content);
    if (!m) continue;
    try {
      out[key] = JSON.parse(`"${m[1]}"`) as string;
    } catch {
      // Not even the string survived.
    }
  }
  return out;
}

/**
 * Variables worth keeping so a resurrected program runs as it did: where to find
 * programs, the locale, the user's tools. Deliberately a short list: the rest of
 * the creating client's environment (tokens, API keys) never touches the disk; a
 * resurrected pane gets it from the client that resurrects it.
 */
const KEPT_ENV = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'EDITOR', 'VISUAL', 'PAGER',
  'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME',
  'VIRTUAL_ENV', 'NVM_DIR', 'GOPATH', 'CARGO_HOME', 'RUSTUP_HOME', 'PYENV_ROOT', 'JAVA_HOME',
];

export function storedEnvironment(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (KEPT_ENV.includes(k) || k.startsWith('LC_')) out[k] = v;
  return out;
}
