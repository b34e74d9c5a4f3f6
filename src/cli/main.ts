/**
 * The `spaces` CLI: builds a commander program from the command table and runs it.
 * Usage errors print one line naming the problem and where to read more.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './table';
import type { CommandSpec, Options } from './spec';

const VERSION = '0.1.0';

let usageError = '';

function build(onExit: (code: number) => void): Command {
  const program = new Command('spaces')
    .description('a terminal multiplexer for people who work with AI coding agents')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({
      // Printed by main() as one line together with where to read more.
      outputError: (text) => {
        usageError = text.replace(/^error: /, '').trim().replace(/\n+/g, ' ');
      },
    })
    .exitOverride();
  for (const spec of COMMANDS) addCommand(program, spec, onExit);
  return program;
}

function addCommand(program: Command, spec: CommandSpec, onExit: (code: number) => void): void {
  const cmd = program.command(spec.operands ? `${spec.name} ${spec.operands}` : spec.name).description(spec.summary);
  for (const a of spec.aliases ?? []) cmd.alias(a);
  for (const o of spec.options ?? []) cmd.option(o.flags, o.description, o.defaultValue as string | boolean | undefined);
  if (spec.details) cmd.addHelpText('after', `\n${spec.details}`);
  cmd.exitOverride();
  cmd.action(async (...args: unknown[]) => {
    // commander passes the operands, then the options object, then the command.
    const operands = args.slice(0, -2);
    const options = args[args.length - 2] as Options;
    onExit(await spec.run(operands, options));
  });
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = build((c) => {
    code = c;
  });
  if (argv.length === 0) {
    if (process.stdin.isTTY && process.stdout.isTTY) {
      const { defaultAction } = await import('./default-action');
      return defaultAction();
    }
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      const sub = COMMANDS.find((c) => c.name === argv[0] || c.aliases?.includes(argv[0]));
      const help = sub ? `spaces ${sub.name} --help` : 'spaces --help';
      process.stderr.write(`spaces: ${usageError || e.message}; see \`${help}\`\n`);
      return 2;
    }
    throw e;
  }
  return code;
}

// A reader that stops early (`spaces grep x | head`) closes the pipe: stop quietly,
// as a Unix tool killed by SIGPIPE would, instead of reporting an internal error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`spaces: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
