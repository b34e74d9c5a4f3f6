/**
 * What the user sees through `spaces attach` is what the program drew: colours,
 * attributes, wide characters, and full-screen programs (vim, less) cell for cell
 * the same as without spaces at the same size.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { regionCells } from '../helpers/screen-cells';
import { SpacesHome } from '../helpers/spaces';
import { useTerminals } from '../helpers/terminals';
import { UserTerm } from '../helpers/user-terminal';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'fidelity.ans');
const t = useTerminals();
let sp: SpacesHome;
beforeAll(() => {
  sp = t.sp;
});
/** A terminal running `argv` directly (no spaces), or `spaces ARGS` when argv is ['attach', ...]. */
function track(u: UserTerm): UserTerm {
  extra.push(u);
  return u;
}
const extra: UserTerm[] = [];
afterEach(() => {
  for (const u of extra.splice(0)) u.dispose();
});

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs `argv` straight in a user terminal (no spaces) and in a spaces pane of the same size; returns both. */
async function sideBySide(name: string, argv: string[], settle: RegExp, cols = 80, rows = 24) {
  const direct = track(new UserTerm(argv.slice(1), { env: sp.env(), cols, rows }, argv[0]));
  await direct.waitForText(settle, `${argv[0]} to draw without spaces`);
  await sp.ok(['new', name, '-d', '--cols', String(cols), '--rows', String(rows), '--', ...argv]);
  // One extra row for the status line: the pane gets exactly cols x rows.
  const attached = track(new UserTerm(['attach', name], { env: sp.env(), cols, rows: rows + 1 }));
  await attached.waitForText(settle, `${argv[0]} to draw inside spaces`);
  return { direct, attached };
}

describe('rendering through attach', () => {
  it('shows truecolor, 256 colours, attributes, CJK, emoji and combining marks cell for cell', async () => {
    await sp.ok(['new', 'fid', '-d', '--', 'sh', '-c', `cat ${FIXTURE}; printf 'DO''NE'; exec sleep 600`]);
    const u = track(new UserTerm(['attach', 'fid'], { env: sp.env(), cols: 60, rows: 8 }));
    await u.waitForText('DONE');
    // The same bytes drawn by a terminal directly.
    const direct = track(new UserTerm(['-c', `cat ${FIXTURE}; printf 'DO''NE'; exec sleep 600`], { env: sp.env(), cols: 60, rows: 8 }, 'sh'));
    await direct.waitForText('DONE');
    expect(regionCells(u.term, 0, 0, 60, 4)).toEqual(regionCells(direct.term, 0, 0, 60, 4));
  });

  it.skipIf(!has('vim'))('draws vim exactly as vim draws itself', async () => {
    const file = path.join(sp.dir, 'sample.txt');
    fs.writeFileSync(file, Array.from({ length: 60 }, (_, i) => `line ${i} ${'word '.repeat(i % 9)}中文 ✅`).join('\n') + '\n');
    const argv = ['vim', '-u', 'NONE', '-i', 'NONE', '-N', '-n', '+syntax on', '+set number', '+set hlsearch', '+/word', file];
    const { direct, attached } = await sideBySide('vim', argv, /sample\.txt/);
    for (const u of [direct, attached]) u.type('Gkk');
    await direct.waitForText(/^\s*60 line 59/m, 'vim to jump to the end (direct)');
    await attached.waitForText(/^\s*60 line 59/m, 'vim to jump to the end (attached)');
    await attached.waitForText(direct.lines()[23].trim(), 'the same last line');
    expect(regionCells(attached.term, 0, 0, 80, 24)).toEqual(regionCells(direct.term, 0, 0, 80, 24));
    expect(attached.term.buffer.active.cursorY).toBe(direct.term.buffer.active.cursorY);
    expect(attached.term.buffer.active.cursorX).toBe(direct.term.buffer.active.cursorX);
  });

  it.skipIf(!has('less'))('draws less exactly as less draws itself', async () => {
    const file = path.join(sp.dir, 'pager.txt');
    fs.writeFileSync(file, Array.from({ length: 200 }, (_, i) => `\x1b[1mrow ${i}\x1b[0m \x1b[32mgreen\x1b[0m ${'x'.repeat(i % 70)}`).join('\n') + '\n');
    const argv = ['less', '-R', file];
    const { direct, attached } = await sideBySide('less', argv, /row 22/);
    for (const u of [direct, attached]) u.type(' ');
    await direct.waitForText(/row 45/, 'less to page (direct)');
    await attached.waitForText(/row 45/, 'less to page (attached)');
    await attached.waitForText(direct.lines()[23].trim() || 'row 45', 'the same status line');
    expect(regionCells(attached.term, 0, 0, 80, 24)).toEqual(regionCells(direct.term, 0, 0, 80, 24));
  });
});
