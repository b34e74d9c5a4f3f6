/**
 * Agent presets: how to start each coding agent directly (its binary, never typed
 * into a shell), how to resume its conversation after a restart, and the screen
 * shapes that say it is busy or waiting for you. Pure data plus the argv builder;
 * custom presets and overrides come from the config file (`config.ts`).
 *
 * The flags were read from each CLI's own `--help` (claude 2.1, codex 0.169,
 * gemini-cli 0.61, aider 0.86):
 * - claude and gemini accept a conversation id chosen at launch (`--session-id
 *   UUID`) and resume it by that id (`--resume UUID`), so the id is exact.
 * - codex cannot be given an id; `codex resume --last` continues the most recent
 *   conversation recorded for the current directory, which is the pane's cwd.
 * - aider keeps its chat in `.aider.chat.history.md` in the cwd;
 *   `--restore-chat-history` loads it back.
 */

export interface Preset {
  name: string;
  /** Program to run; `$SHELL` means the user's login shell. */
  command: string;
  /** Arguments always given, before the session's own extra arguments. */
  args: string[];
  /** Arguments that hand the agent a conversation id chosen by us; `{id}` is replaced. */
  sessionIdArgs?: string[];
  /**
   * Arguments (after `command` and `args`) that resume the conversation; `{id}` is
   * replaced with the id chosen at launch. Absent: the agent cannot resume, and a
   * restart runs the launch command again.
   */
  resume?: string[];
  /** Regexes over the bottom of the screen that mean "waiting for your answer". */
  prompts: string[];
  /** Regexes that mean "busy" even while the screen is momentarily still (a spinner's caption). */
  busy: string[];
  /** How to install the binary, for the error when it is missing. */
  install?: string;
}

/**
 * Prompt shapes seen in each agent's approval dialogs. They are matched only
 * once the screen has been still for a moment, against its bottom rows, so text
 * that merely scrolled past does not count.
 */
export const BUILTIN_PRESETS: Record<string, Preset> = {
  claude: {
    name: 'claude',
    command: 'claude',
    args: [],
    sessionIdArgs: ['--session-id', '{id}'],
    resume: ['--resume', '{id}'],
    prompts: [
      'Do you want to (proceed|make this edit|create|allow)',
      'Do you trust the files in this folder',
      '❯ 1\\. Yes',
    ],
    busy: ['esc to interrupt'],
    install: 'npm install -g @anthropic-ai/claude-code',
  },
  codex: {
    name: 'codex',
    command: 'codex',
    args: [],
    resume: ['resume', '--last'],
    // The last one is the sign-in screen a fresh install shows: it needs the user too.
    prompts: ['Would you like to (run|make|apply)', 'Allow command\\?', 'Yes, proceed', 'Press [Ee]nter to continue'],
    busy: ['[Ee]sc to interrupt'],
    install: 'npm install -g @openai/codex',
  },
  gemini: {
    name: 'gemini',
    command: 'gemini',
    args: [],
    sessionIdArgs: ['--session-id', '{id}'],
    resume: ['--resume', '{id}'],
    prompts: ['Allow execution', 'Apply this change\\?', 'Do you want to proceed', '1\\. (Yes, )?[Aa]llow once', 'Do you trust'],
    busy: ['esc to cancel'],
    install: 'npm install -g @google/gemini-cli',
  },
  aider: {
    name: 'aider',
    command: 'aider',
    args: [],
    resume: ['--restore-chat-history'],
    prompts: ['\\(Y\\)es/\\(N\\)o'],
    busy: [],
    install: 'python3 -m pip install aider-install && aider-install',
  },
  shell: {
    name: 'shell',
    command: '$SHELL',
    args: [],
    resume: [],
    prompts: [],
    busy: [],
  },
};

export interface Launch {
  argv: string[];
  /** The conversation id we chose, when the preset takes one. */
  conversationId?: string;
  /** What resurrection runs; absent when the agent cannot resume. */
  resumeArgv?: string[];
}

/**
 * The argv that starts `preset` with the session's extra arguments, and the argv
 * that resumes it. The extra arguments are not repeated on resume: they often
 * carry a first prompt (`claude "fix the login bug"`), which must not be sent twice.
 */
export function buildLaunch(preset: Preset, extra: string[], env: Record<string, string>, newId: () => string): Launch {
  const command = preset.command === '$SHELL' ? env.SHELL || '/bin/sh' : preset.command;
  const conversationId = preset.sessionIdArgs ? newId() : undefined;
  const fill = (args: string[]) => args.map((a) => (conversationId ? a.split('{id}').join(conversationId) : a));
  const argv = [command, ...preset.args, ...fill(preset.sessionIdArgs ?? []), ...extra];
  const launch: Launch = { argv };
  if (conversationId) launch.conversationId = conversationId;
  if (preset.resume) launch.resumeArgv = [command, ...preset.args, ...fill(preset.resume)];
  return launch;
}

/** The one-line error for a preset whose binary is not on PATH. */
export function missingBinaryMessage(preset: Preset, binary: string): string {
  const how = preset.install ? `install it with \`${preset.install}\`` : 'install it';
  return `the ${preset.name} agent needs '${binary}', which is not on PATH; ${how}, or set "command" for "${preset.name}" in the spaces config file`;
}
