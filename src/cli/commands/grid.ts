import { printError } from '../io';
import type { CommandSpec } from '../spec';

export const gridCommand: CommandSpec = {
  name: 'grid',
  operands: '[workspace]',
  summary: 'every session (or a workspace\'s) tiled live; Enter attaches, n jumps to the next one waiting',
  details: 'Arrows or a click select a tile, Enter (or a second click) attaches; detaching returns to the grid.\nTiles are bordered in their state\'s colour: waiting (orange), working (blue), idle (grey), exited (red).',
  async run([workspace]) {
    const { runGrid } = await import('../../client/grid-session');
    const r = await runGrid((workspace as string | undefined) ?? '');
    return typeof r === 'number' ? r : printError(r);
  },
};
