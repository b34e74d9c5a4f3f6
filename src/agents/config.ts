/**
 * The user's config file (`paths.configFile`: $SPACES_HOME/config.json, else
 * ~/.config/spaces/config.json), validated into a `Config`. Pure: the daemon reads
 * the file and hands the text here, fresh on every use, so an edit applies to the
 * next command without restarting anything, and a broken file is an error value
 * for the command that needed it, never a crash.
 *
 * ```json
 * {
 *   "context-file": "AGENT_CONTEXT.md",
 *   "notify-command": "notify-send \"$SPACES_SESSION needs you\"",
 *   "agents": {
 *     "claude": { "args": ["--model", "opus"] },
 *     "mybot": { "command": "mybot", "resume": ["--continue"], "prompts": ["Approve\\?"] }
 *   }
 * }
 * ```
 */
import { fail, ok, Result } from '../common/errors';
import { arrayOf, obj, optional, str, Validator } from '../protocol/schema';
import { BUILTIN_PRESETS, Preset } from './presets';
import { checkPattern } from './patterns';

export interface Config {
  /** Context file name, relative to the workspace root (or absolute). */
  contextFile: string;
  /** argv, or one string run by /bin/sh -c; absent: no command. */
  notifyCommand?: string[] | string;
  presets: Record<string, Preset>;
}

export const DEFAULT_CONTEXT_FILE = 'AGENT_CONTEXT.md';

/** Long enough for any sensible value, short enough that a pasted blob is caught. */
const MAX_STRING = 4096;
const MAX_LIST = 64;

const args = arrayOf(str({ max: MAX_STRING }), { max: MAX_LIST });

const presetV = obj({
  command: optional(str({ min: 1, max: MAX_STRING })),
  args: optional(args),
  'session-id-args': optional(args),
  resume: optional(args),
  prompts: optional(args),
  busy: optional(args),
  install: optional(str({ max: MAX_STRING })),
});

const PRESET_KEYS = ['command', 'args', 'session-id-args', 'resume', 'prompts', 'busy', 'install'];
/** `history` and `resurrect` are the daemon's storage settings, read at start-up by common/history-config.ts. */
const TOP_KEYS = ['context-file', 'notify-command', 'agents', 'history', 'resurrect'];

/** A string or a list of strings. */
const commandV: Validator<string | string[]> = {
  check: (v, p) => (typeof v === 'string' ? str({ min: 1, max: MAX_STRING }).check(v, p) : args.check(v, p)),
};

/** Preset names become CLI words (`--agent NAME`); keep them plain. */
const PRESET_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function defaultConfig(): Config {
  return { contextFile: DEFAULT_CONTEXT_FILE, presets: { ...BUILTIN_PRESETS } };
}

/** Parses the file's text; `file` names it in messages. */
export function parseConfig(text: string, file: string): Result<Config> {
  const bad = (what: string) => fail('bad-args', `config file ${file}: ${what}; fix or remove it`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return bad(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('expected a JSON object at the top');
  const top = raw as Record<string, unknown>;
  const unknownTop = Object.keys(top).find((k) => !TOP_KEYS.includes(k));
  if (unknownTop) return bad(`unknown setting "${unknownTop}" (known: ${TOP_KEYS.join(', ')})`);

  const config = defaultConfig();
  const cf = top['context-file'];
  if (cf !== undefined) {
    const e = str({ min: 1, max: MAX_STRING }).check(cf, 'context-file');
    if (e) return bad(e);
    config.contextFile = cf as string;
  }
  const nc = top['notify-command'];
  if (nc !== undefined) {
    const e = commandV.check(nc, 'notify-command');
    if (e) return bad(e);
    if (Array.isArray(nc) && nc.length === 0) return bad('notify-command: an empty list runs nothing; remove the setting instead');
    config.notifyCommand = nc as string | string[];
  }
  const agents = top.agents;
  if (agents !== undefined) {
    if (typeof agents !== 'object' || agents === null || Array.isArray(agents)) return bad('agents: expected an object of presets');
    for (const [name, body] of Object.entries(agents as Record<string, unknown>)) {
      const merged = parsePreset(name, body, config.presets[name]);
      if (typeof merged === 'string') return bad(merged);
      config.presets[name] = merged;
    }
  }
  return ok(config);
}

/** A preset from the file, laid over the built-in of the same name when there is one. */
function parsePreset(name: string, body: unknown, base: Preset | undefined): Preset | string {
  const p = `agents.${name}`;
  if (!PRESET_NAME_RE.test(name)) return `${p}: preset names use lowercase letters, digits, '-' and '_' (at most 32)`;
  const e = presetV.check(body, p);
  if (e) return e;
  const b = body as Record<string, string | string[] | undefined>;
  const unknown = Object.keys(b).find((k) => !PRESET_KEYS.includes(k));
  if (unknown) return `${p}: unknown field "${unknown}" (known: ${PRESET_KEYS.join(', ')})`;
  if (!base && b.command === undefined) return `${p}: a new preset needs a "command"`;
  for (const field of ['prompts', 'busy'] as const) {
    for (const [i, re] of ((b[field] as string[] | undefined) ?? []).entries()) {
      const problem = checkPattern(re);
      if (problem) return `${p}.${field}[${i}]: ${problem}`;
    }
  }
  const list = (k: string) => b[k] as string[] | undefined;
  const preset: Preset = {
    name,
    command: (b.command as string | undefined) ?? base!.command,
    args: list('args') ?? base?.args ?? [],
    prompts: list('prompts') ?? base?.prompts ?? [],
    busy: list('busy') ?? base?.busy ?? [],
  };
  const sid = list('session-id-args') ?? base?.sessionIdArgs;
  if (sid && sid.length > 0) preset.sessionIdArgs = sid;
  const resume = list('resume') ?? base?.resume;
  if (resume) preset.resume = resume;
  const install = (b.install as string | undefined) ?? base?.install;
  if (install) preset.install = install;
  return preset;
}
