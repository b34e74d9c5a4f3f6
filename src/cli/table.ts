/** Every CLI command, in the order `spaces help` lists them. */
import { captureCommand } from './commands/capture';
import { killCommand } from './commands/kill';
import { killServerCommand } from './commands/kill-server';
import { lsCommand } from './commands/ls';
import { newCommand } from './commands/new';
import { renameCommand } from './commands/rename';
import { sendCommand } from './commands/send';
import { waitCommand } from './commands/wait';
import type { CommandSpec } from './spec';

export const COMMANDS: CommandSpec[] = [
  newCommand,
  lsCommand,
  sendCommand,
  captureCommand,
  waitCommand,
  killCommand,
  renameCommand,
  killServerCommand,
];
