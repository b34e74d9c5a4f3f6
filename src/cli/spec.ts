/**
 * A CLI command declared as data (tmux's `cmd_entry`): its name, usage, options
 * and a `run` function. `main.ts` turns the table of these into a commander
 * program; nothing heavy is loaded until a command actually runs.
 */

export interface OptionSpec {
  flags: string;
  description: string;
  defaultValue?: string | boolean;
}

export type Options = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  name: string;
  aliases?: string[];
  /** Operands in commander syntax, e.g. `<name> [command...]`. */
  operands?: string;
  summary: string;
  /** Extra help text shown by `spaces help NAME`. */
  details?: string;
  options?: OptionSpec[];
  /** Returns the process exit code. */
  run(operands: unknown[], options: Options): Promise<number>;
}
