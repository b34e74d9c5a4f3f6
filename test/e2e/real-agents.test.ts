/**
 * The real codex and gemini CLIs, started from their presets. Without a network
 * (or an account) they draw a sign-in or trust screen, which is what we check:
 * the agent runs directly (no shell in between), its screen shows, and the
 * state rules recognise that it waits for the user.
 *
 * They are installed by .ci/run into $SPACES_TEST_AGENTS (default
 * ~/.cache/spaces-test-agents); when absent, these tests are skipped with a note.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';
import { waitFor } from '../helpers/wait-for';

const AGENTS = process.env.SPACES_TEST_AGENTS || path.join(os.homedir(), '.cache', 'spaces-test-agents');
const BIN = path.join(AGENTS, 'node_modules', '.bin');
const INSTALL = `npm install --prefix ${AGENTS} --ignore-scripts @openai/codex@0.169.0 @google/gemini-cli@0.61.0`;

const cases = [
  { agent: 'codex', screen: /Welcome to Codex|Sign in with ChatGPT/, pattern: 'Press [Ee]nter to continue' },
  { agent: 'gemini', screen: /Gemini CLI|Do you trust/, pattern: 'Do you trust' },
].map((c) => ({ ...c, present: fs.existsSync(path.join(BIN, c.agent)) }));

for (const c of cases) {
  // eslint-disable-next-line no-console
  if (!c.present) console.warn(`skipping the real ${c.agent} test: ${path.join(BIN, c.agent)} is not installed (${INSTALL})`);
}

let sp: SpacesHome;
let home: string;
let project: string;
beforeAll(() => {
  sp = new SpacesHome();
  // A fresh HOME: no sign-in, no trusted folders, nothing of the user's touched.
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-home-'));
  project = path.join(sp.dir, 'project');
  fs.mkdirSync(project);
});
afterAll(async () => {
  await sp.cleanup();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('real agent CLIs', () => {
  // One after the other: each start-up costs seconds of CPU, and CI has two cores.
  it.for(cases)('$agent: runs directly from its preset, shows its screen, and is seen waiting for input', async ({ agent, screen, pattern, present }, ctx) => {
    if (!present) return ctx.skip(); // with the note printed above
    const name = `real-${agent}`;
    await sp.ok(['new', name, '-d', '-c', project, '--cols', '100', '--rows', '30', '--agent', agent], {
      // CI=true (set by CI runners) makes gemini headless: it exits with code 41 asking
      // for an API key instead of drawing its screen. A person's terminal has neither.
      env: { PATH: `${BIN}:${process.env.PATH}`, HOME: home, CI: undefined, GITHUB_ACTIONS: undefined },
    });
    const { expect } = ctx;
    const s = (await sp.ls()).find((x) => x.name === name)!;
    // The pane's process is the agent itself, not a shell that was asked to run it.
    const cmdline = fs.readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline.join(' ')).toContain(agent);
    expect(path.basename(cmdline[0])).not.toMatch(/^(ba|da|z)?sh$/);
    // `spaces wait` watches the screen inside the daemon: no polling processes
    // competing with the agent for the CPU while it starts.
    const shown = await sp.run(['wait', name, '--for', screen.source, '--timeout', '90']);
    if (shown.code !== 0) {
      const now = await sp.run(['capture', name]);
      const state = (await sp.ls()).find((x) => x.name === name)?.state;
      throw new Error(`${agent} did not show ${screen} (${shown.stderr.trim()}); state ${state}; its screen:\n${now.stdout}`);
    }
    const why = await waitFor(
      async () => {
        const v = JSON.parse(await sp.ok(['why', name, '--json'])).current;
        return v.state === 'needs-input' ? v : null;
      },
      { label: `${agent} to be seen needing input`, timeout: 20_000, interval: 200 },
    );
    expect(why).toMatchObject({ rule: 'prompt', pattern });
  }, 150_000);
});
