/** Every CLI command, in the order `spaces help` lists them. */
import { attachCommand } from './commands/attach';
import { captureCommand } from './commands/capture';
import { gridCommand } from './commands/grid';
import { checkpointCommand } from './commands/checkpoint';
import { contextCommand } from './commands/context';
import { grepCommand } from './commands/grep';
import { killCommand } from './commands/kill';
import { killServerCommand } from './commands/kill-server';
import { lsCommand } from './commands/ls';
import { newCommand } from './commands/new';
import { newWindowCommand } from './commands/new-window';
import { proxyCommand } from './commands/proxy';
import { renameCommand } from './commands/rename';
import { replayCommand } from './commands/replay';
import { resurrectCommand } from './commands/resurrect';
import { selectCommand } from './commands/select';
import { sendCommand } from './commands/send';
import { splitCommand } from './commands/split';
import { statsCommand } from './commands/stats';
import { waitCommand } from './commands/wait';
import { whyCommand } from './commands/why';
import type { CommandSpec } from './spec';

export const COMMANDS: CommandSpec[] = [
  newCommand,
  attachCommand,
  gridCommand,
  lsCommand,
  sendCommand,
  captureCommand,
  waitCommand,
  splitCommand,
  newWindowCommand,
  selectCommand,
  whyCommand,
  checkpointCommand,
  contextCommand,
  replayCommand,
  grepCommand,
  resurrectCommand,
  killCommand,
  renameCommand,
  statsCommand,
  killServerCommand,
  proxyCommand,
];
