/**
 * Agent presets and live state through the real CLI, daemon and PTYs, with
 * stand-in agents on PATH (test/fixtures/stand-in-agent.js) named like the real
 * ones. Transition times are measured from the stand-in's own log (when it
 * printed) to the daemon's verdict (when it decided), so polling speed does not
 * flatter or hurt them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';
import { readEvents, StandInEvent, standInBin } from '../helpers/stand-in';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
let bin: string;
beforeAll(() => {
  sp = new SpacesHome();
  bin = standInBin(sp.dir, ['claude', 'codex', 'gemini', 'aider', 'mybot']);
});
afterAll(async () => {
  await sp.cleanup();
});

/** The requirement: every transition is reported within a second of what caused it. */
const WITHIN_MS = 1000;

interface Verdict {
  state: string;
  rule: string;
  since: number;
  at: number;
  detail: string;
  pattern?: string;
  lines: string[];
}

function agentEnv(log: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${bin}:${process.env.PATH}`, STANDIN_LOG: log, ...extra };
}

async function why(target: string): Promise<Verdict> {
  return JSON.parse(await sp.ok(['why', target, '--json'])).current as Verdict;
}

async function waitState(target: string, state: string, label: string): Promise<Verdict> {
  return waitFor(
    async () => {
      const v = await why(target);
      return v.state === state ? v : null;
    },
    { label: `${target} to be ${state} (${label})`, timeout: 15_000 },
  );
}

async function waitEvent(log: string, event: string, after = 0): Promise<StandInEvent> {
  return waitFor(() => readEvents(log).find((e) => e.event === event && e.t >= after), { label: `stand-in event '${event}'` });
}

describe('live state of a stand-in agent', () => {
  const cases = [
    { notify: 'bell', rule: 'bell' },
    { notify: 'osc9', rule: 'osc9' },
    { notify: 'osc777', rule: 'osc777' },
    { notify: 'none', rule: 'prompt' },
  ];
  it.each(cases)('goes working, needs-input ($notify), working, idle, exited, each within 1 s', async ({ notify, rule }) => {
    const name = `live-${notify}`;
    const log = path.join(sp.dir, `${name}.log`);
    await sp.ok(['new', name, '-d', '--agent', 'claude'], { env: agentEnv(log, { STANDIN_NOTIFY: notify, STANDIN_WORK_MS: '700' }) });

    const start = await waitEvent(log, 'start');
    const working = await waitState(name, 'working', 'spinner');
    expect(working.since - start.t).toBeLessThan(WITHIN_MS);

    const asked = await waitEvent(log, 'asked');
    const needs = await waitState(name, 'needs-input', 'question asked');
    expect(needs.rule).toBe(rule);
    expect(needs.since - asked.t).toBeGreaterThanOrEqual(0);
    expect(needs.since - asked.t).toBeLessThan(WITHIN_MS);
    if (rule === 'prompt') {
      expect(needs.pattern).toMatch(/Do you want to/);
      expect(needs.lines).toEqual(['Do you want to proceed? [y/n]']);
    } else {
      expect(needs.lines.join('\n')).toContain('Do you want to proceed? [y/n]');
    }
    if (notify === 'osc9') expect(needs.detail).toContain('"stand-in needs your answer"');
    if (notify === 'osc777') expect(needs.detail).toContain('"stand-in: needs your answer"');
    // What a person reads: the rule, when, and the matched screen line.
    const text = await sp.ok(['why', name]);
    expect(text).toMatch(new RegExp(`^${name}:0\\.0 \\(claude\\): needs-input since \\d\\d:\\d\\d:\\d\\d\\.\\d{3}`));
    expect(text).toContain(`rule: ${rule}`);
    expect(text).toContain('│ Do you want to proceed? [y/n]');
    const listed = (await sp.ls()).find((s) => s.name === name)!;
    expect(listed).toMatchObject({ state: 'needs-input', agent: 'claude' });
    if (rule === 'prompt') {
      // A resize (a split here; attaching from another terminal does the same) is no
      // answer: three quiet periods later the question still waits.
      await sp.ok(['split', name, '-v', '--', 'sleep', '600']);
      const splitAt = Date.now();
      const after = await waitFor(async () => Date.now() - splitAt > 1500 && (await why(`${name}:0.0`)), { label: 'three quiet periods after the split' });
      expect(after).toMatchObject({ state: 'needs-input', rule: 'prompt' });
      await sp.ok(['kill', `${name}:0.1`]);
    }

    await sp.ok(['send', name, 'y', 'Enter']);
    const answered = await waitEvent(log, 'answered');
    const back = await waitState(name, 'working', 'answered, working again');
    expect(back.since - answered.t).toBeLessThan(WITHIN_MS);

    const ready = await waitEvent(log, 'ready');
    const idle = await waitState(name, 'idle', 'at its input prompt');
    expect(idle.rule).toBe('silence');
    expect(idle.since - ready.t).toBeGreaterThanOrEqual(0);
    expect(idle.since - ready.t).toBeLessThan(WITHIN_MS);

    await sp.ok(['send', name, 'exit', 'Enter']);
    const exiting = await waitEvent(log, 'exiting');
    const exited = await waitState(name, 'exited', 'program exited');
    expect(exited).toMatchObject({ rule: 'exited', detail: 'the program exited with code 3' });
    expect(exited.since - exiting.t).toBeLessThan(WITHIN_MS);
    expect(await sp.ok(['ls'])).toMatch(new RegExp(`${name}\\s+exited 3\\s+claude`));
    const history = JSON.parse(await sp.ok(['why', name, '--json'])).history as Verdict[];
    expect(history.map((h) => h.state)).toEqual(expect.arrayContaining(['working', 'needs-input', 'idle']));
  });
});

describe('presets', () => {
  it('--agent claude chooses a session id at launch and records the command that resumes it', async () => {
    const log = path.join(sp.dir, 'claude-id.log');
    await sp.ok(['new', 'cl', '-d', '--agent', 'claude', '--', '--model', 'opus', 'fix the bug'], { env: agentEnv(log) });
    const start = await waitEvent(log, 'start');
    const [flag, id, ...extra] = start.argv!;
    expect(flag).toBe('--session-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(extra).toEqual(['--model', 'opus', 'fix the bug']);
    const s = (await sp.ls()).find((x) => x.name === 'cl')!;
    expect(s.conversationId).toBe(id);
    // The first prompt is not sent again on resume.
    expect(s.resume).toEqual(['claude', '--resume', id]);
    expect(s.command).toBe(`claude --session-id ${id} --model opus 'fix the bug'`);

    // What resurrection runs reaches the agent intact.
    const relog = path.join(sp.dir, 'claude-resume.log');
    await sp.ok(['new', 'cl-again', '-d', '--', ...(s.resume as string[])], { env: agentEnv(relog) });
    expect((await waitEvent(relog, 'start')).argv).toEqual(['--resume', id]);
  });

  it('records how codex, gemini, aider and the shell resume', async () => {
    const log = path.join(sp.dir, 'others.log');
    for (const a of ['codex', 'gemini', 'aider', 'shell']) await sp.ok(['new', `p-${a}`, '-d', '--agent', a], { env: agentEnv(log, { SHELL: '/bin/sh' }) });
    const byName = Object.fromEntries((await sp.ls()).map((s) => [s.name, s]));
    expect(byName['p-codex']).toMatchObject({ agent: 'codex', conversationId: null, resume: ['codex', 'resume', '--last'], command: 'codex' });
    const gid = byName['p-gemini'].conversationId as string;
    expect(gid).toMatch(/^[0-9a-f-]{36}$/);
    expect(byName['p-gemini']).toMatchObject({ resume: ['gemini', '--resume', gid], command: `gemini --session-id ${gid}` });
    expect(byName['p-aider']).toMatchObject({ resume: ['aider', '--restore-chat-history'], command: 'aider' });
    expect(byName['p-shell']).toMatchObject({ agent: 'shell', command: '/bin/sh', resume: ['/bin/sh'] });
    await waitFor(() => readEvents(log).filter((e) => e.event === 'start').length === 3, { label: 'three stand-ins to start' });
  });

  it('a missing agent binary is one clear line naming it and how to install it, and nothing is created', async () => {
    const r = await sp.run(['new', 'nobin', '-d', '--agent', 'codex'], { env: { PATH: '/usr/bin:/bin' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/the codex agent needs 'codex', which is not on PATH; install it with `npm install -g @openai\/codex`/);
    const unknown = await sp.run(['new', 'nobin', '-d', '--agent', 'clippy']);
    expect(unknown.stderr).toMatch(/no agent preset 'clippy' \(presets: aider, claude, codex, gemini, shell\)/);
    const ctx = await sp.run(['new', 'nobin', '-d', '--with-context']);
    expect(ctx.stderr).toMatch(/--with-context pastes into an agent; add --agent PRESET/);
    expect((await sp.ls()).some((s) => s.name === 'nobin')).toBe(false);
  });

  it('takes custom presets and prompt patterns from the config file, and explains a bad one without harm', async () => {
    const config = path.join(sp.dir, 'config.json');
    const log = path.join(sp.dir, 'mybot.log');
    fs.writeFileSync(
      config,
      JSON.stringify({ agents: { mybot: { command: 'mybot', args: ['--tui'], resume: ['--continue'], prompts: ['Do you want'] } } }),
    );
    await sp.ok(['new', 'bot', '-d', '--agent', 'mybot'], { env: agentEnv(log, { STANDIN_NOTIFY: 'none', STANDIN_WORK_MS: '300' }) });
    expect((await waitEvent(log, 'start')).argv).toEqual(['--tui']);
    const v = await waitState('bot', 'needs-input', 'custom prompt pattern');
    expect(v).toMatchObject({ rule: 'prompt', pattern: 'Do you want' });
    expect((await sp.ls()).find((s) => s.name === 'bot')).toMatchObject({ agent: 'mybot', resume: ['mybot', '--tui', '--continue'] });

    const bad: Array<[string, RegExp]> = [
      ['{ "agents": ', /config file .*config\.json: not valid JSON/],
      ['{ "notify_command": "x" }', /unknown setting "notify_command" \(known: context-file, notify-command, agents, history, resurrect\)/],
      ['{ "agents": { "x": { "args": [] } } }', /agents\.x: a new preset needs a "command"/],
      ['{ "agents": { "claude": { "prompts": ["(a+)+$"] } } }', /agents\.claude\.prompts\[0\]: a group that repeats/],
      ['{ "agents": { "claude": { "prompts": ["("] } } }', /agents\.claude\.prompts\[0\]: not a valid regular expression/],
    ];
    for (const [text, re] of bad) {
      fs.writeFileSync(config, text);
      const r = await sp.run(['new', 'badcfg', '-d', '--agent', 'claude'], { env: agentEnv(log) });
      expect(r.code, text).toBe(1);
      expect(r.stderr, text).toMatch(re);
      expect(r.stderr.trim().split('\n'), text).toHaveLength(1);
    }
    // The daemon lived through all of it, and plain sessions never read the config.
    await sp.ok(['new', 'plain', '-d', '--', 'sleep', '60']);
    expect((await sp.ls()).map((s) => s.name)).toEqual(expect.arrayContaining(['bot', 'plain']));
    expect((await sp.ls()).some((s) => s.name === 'badcfg')).toBe(false);
    fs.rmSync(config);
  });

  it('runs notify-command with session, pane and state when a pane starts needing input', async () => {
    const config = path.join(sp.dir, 'config.json');
    const out = path.join(sp.dir, 'notified.txt');
    fs.writeFileSync(
      config,
      JSON.stringify({ 'notify-command': `echo "$SPACES_SESSION $SPACES_PANE $SPACES_TARGET $SPACES_STATE $SPACES_RULE $SPACES_AGENT" >> ${out}` }),
    );
    const log = path.join(sp.dir, 'notify.log');
    await sp.ok(['new', 'ping', '-d', '--agent', 'claude'], { env: agentEnv(log, { STANDIN_WORK_MS: '300' }) });
    const line = await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8'), { label: 'notify-command to write its line' });
    expect(line).toBe('ping 0.0 ping:0.0 needs-input bell claude\n');
    fs.rmSync(config);
  });
});
