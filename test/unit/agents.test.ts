/**
 * The pure agent modules: presets and their argv, the config file, pattern
 * safety, paste bytes, checkpoints, OSC notifications, the journal summary, and
 * the `ls` formatter.
 */
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, localStamp } from '../../src/agents/checkpoint';
import { parseConfig } from '../../src/agents/config';
import { checkPattern } from '../../src/agents/patterns';
import { BUILTIN_PRESETS, buildLaunch } from '../../src/agents/presets';
import { parseDuration } from '../../src/common/duration';
import { JournalRecord, parseJournal, summarize } from '../../src/common/journal';
import { pasteBytes } from '../../src/common/paste';
import { createScreen, parseOsc777, parseOsc9 } from '../../src/daemon/screen';
import type { SessionInfo } from '../../src/protocol/messages';
import { formatLs } from '../../src/render/ls-format';

const ID = '11111111-2222-4333-8444-555555555555';

describe('presets', () => {
  it('claude and gemini get a conversation id at launch and resume by it; extra args are not repeated', () => {
    const c = buildLaunch(BUILTIN_PRESETS.claude, ['--model', 'opus', 'first prompt'], {}, () => ID);
    expect(c).toEqual({
      argv: ['claude', '--session-id', ID, '--model', 'opus', 'first prompt'],
      conversationId: ID,
      resumeArgv: ['claude', '--resume', ID],
    });
    expect(buildLaunch(BUILTIN_PRESETS.gemini, [], {}, () => ID).resumeArgv).toEqual(['gemini', '--resume', ID]);
  });

  it('codex and aider record how they resume without an id; the shell preset runs $SHELL', () => {
    expect(buildLaunch(BUILTIN_PRESETS.codex, [], {}, () => ID)).toEqual({ argv: ['codex'], resumeArgv: ['codex', 'resume', '--last'] });
    expect(buildLaunch(BUILTIN_PRESETS.aider, ['--model', 'x'], {}, () => ID).resumeArgv).toEqual(['aider', '--restore-chat-history']);
    expect(buildLaunch(BUILTIN_PRESETS.shell, [], { SHELL: '/bin/zsh' }, () => ID).argv).toEqual(['/bin/zsh']);
    expect(buildLaunch(BUILTIN_PRESETS.shell, [], {}, () => ID).argv).toEqual(['/bin/sh']);
  });

  it('every built-in pattern passes the safety check', () => {
    for (const p of Object.values(BUILTIN_PRESETS)) for (const re of [...p.prompts, ...p.busy]) expect(checkPattern(re), re).toBeNull();
  });
});

describe('config file', () => {
  it('defaults when empty, and lays a preset from the file over the built-in of that name', () => {
    const c = parseConfig('{}', 'c.json');
    expect(c.ok && c.value.contextFile).toBe('AGENT_CONTEXT.md');
    const r = parseConfig(
      JSON.stringify({
        'context-file': 'docs/CONTEXT.md',
        'notify-command': ['notify-send', 'spaces'],
        agents: { claude: { args: ['--model', 'opus'] }, bot: { command: 'bot', 'session-id-args': ['--id', '{id}'], resume: ['--id', '{id}', '--continue'] } },
      }),
      'c.json',
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.contextFile).toBe('docs/CONTEXT.md');
    expect(r.value.notifyCommand).toEqual(['notify-send', 'spaces']);
    expect(r.value.presets.claude).toMatchObject({ command: 'claude', args: ['--model', 'opus'], resume: ['--resume', '{id}'] });
    expect(buildLaunch(r.value.presets.bot, [], {}, () => ID)).toEqual({
      argv: ['bot', '--id', ID],
      conversationId: ID,
      resumeArgv: ['bot', '--id', ID, '--continue'],
    });
  });

  it('names the file and the field in every error', () => {
    const cases: Array<[string, RegExp]> = [
      ['[1]', /c\.json: expected a JSON object at the top/],
      ['{"context-file": 3}', /c\.json: context-file: expected a string/],
      ['{"notify-command": []}', /notify-command: an empty list runs nothing/],
      ['{"agents": {"Bad Name": {"command": "x"}}}', /agents\.Bad Name: preset names use lowercase/],
      ['{"agents": {"x": {"command": "x", "colour": 1}}}', /agents\.x: unknown field "colour"/],
      ['{"agents": {"x": {"command": "x", "busy": ["(a|b)*c"]}}}', /agents\.x\.busy\[0\]: a group that repeats/],
    ];
    for (const [text, re] of cases) {
      const r = parseConfig(text, 'c.json');
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error.message, text).toMatch(re);
    }
  });

  it('refuses patterns that could backtrack for ages, and accepts ordinary ones', () => {
    for (const bad of ['(a+)+', '(a*)*b', '(x|y)+z', '((ab)+)+', '', 'x'.repeat(300), '[']) expect(checkPattern(bad), bad).not.toBeNull();
    for (const good of ['Do you want to (proceed|allow)', '\\(Y\\)es/\\(N\\)o', '❯ 1\\. Yes', '(ab)+c', '[(a+)]+', 'esc to interrupt'])
      expect(checkPattern(good), good).toBeNull();
  });
});

describe('paste', () => {
  it('turns newlines into Enter and brackets the text only when the program asked', () => {
    expect(pasteBytes('a\nb\r\nc', false)).toBe('a\rb\rc');
    expect(pasteBytes('a\nb', true)).toBe('\x1b[200~a\rb\x1b[201~');
  });

  it('removes bracket markers from the text, so a file cannot end the paste early', () => {
    expect(pasteBytes('x\x1b[201~rm -rf /\n', true)).toBe('\x1b[200~xrm -rf /\r\x1b[201~');
  });
});

describe('checkpoints', () => {
  it('are dated Markdown entries naming the session', () => {
    const d = new Date(2026, 0, 5, 14, 3);
    expect(localStamp(d)).toMatch(/^2026-01-05 14:03 [+-]\d\d:\d\d$/);
    expect(formatCheckpoint(d, 'auth', '  login works; next: tokens \n')).toBe(`\n## ${localStamp(d)} · auth\n\nlogin works; next: tokens\n`);
  });
});

describe('OSC 9 / OSC 777 notifications', () => {
  it('parses messages and leaves ConEmu sub-commands and other 777 commands alone', () => {
    expect(parseOsc9('Claude needs your permission')).toBe('Claude needs your permission');
    expect(parseOsc9('4;1;50')).toBeNull();
    expect(parseOsc9('9;/home')).toBeNull();
    expect(parseOsc9('3 tests failed')).toBe('3 tests failed');
    expect(parseOsc777('notify;Build;done; all green')).toBe('Build: done; all green');
    expect(parseOsc777('preexec')).toBeNull();
    expect(parseOsc9('x'.repeat(10_000) + '\x1b\x07').length).toBeLessThanOrEqual(200);
  });

  it('reach the screen listeners from bytes, bells too', async () => {
    const s = createScreen(40, 5, 10);
    const seen: string[] = [];
    s.onNotification((n) => seen.push(`${n.kind}:${n.text}`));
    s.onBell(() => seen.push('bell'));
    s.write(Buffer.from('\x1b]9;hello\x07\x07\x1b]777;notify;T;B\x1b\\\x1b]9;4;1;30\x07'));
    await s.flushed();
    expect(seen).toEqual(['osc9:hello', 'bell', 'osc777:T: B']);
    s.dispose();
  });
});

describe('journal', () => {
  const t0 = 1_700_000_000_000;
  const rec = (dt: number, e: Omit<JournalRecord, 't'>) => ({ ...e, t: t0 + dt }) as JournalRecord;

  it('counts starts by agent, resurrections, and derives reattaches and gaps from detaches and losses', () => {
    const records = [
      rec(0, { e: 'session-started', session: 'a', agent: 'claude' }),
      rec(1, { e: 'session-started', session: 'b' }),
      rec(2, { e: 'attach', session: 'a', client: 1 }),
      rec(3, { e: 'first-paint', session: 'a', client: 1, ms: 40 }),
      rec(1000, { e: 'detach', session: 'a', client: 1, ms: 998 }),
      rec(61_000, { e: 'attach', session: 'a', client: 2 }),
      rec(61_001, { e: 'first-paint', session: 'a', client: 2, ms: 20 }),
      rec(62_000, { e: 'client-lost', session: 'a', client: 2 }),
      rec(64_000, { e: 'attach', session: 'a', client: 3 }),
      rec(70_000, { e: 'session-resurrected', session: 'b' }),
    ];
    const s = summarize(records, t0, t0 + 100_000);
    expect(s).toMatchObject({
      sessionsStarted: 2,
      byAgent: { claude: 1, '-': 1 },
      resurrections: 1,
      attaches: 3,
      reattaches: 2,
      detaches: 1,
      clientLosses: 1,
      attachRecorded: true,
    });
    expect(s.gaps).toEqual({ count: 2, medianMs: 60_000, p90Ms: 60_000, maxMs: 60_000 });
    expect(s.firstPaint).toMatchObject({ count: 2, maxMs: 40 });
    // A window that starts later still sees the gap that ends inside it.
    const late = summarize(records, t0 + 62_500, t0 + 100_000);
    expect(late).toMatchObject({ sessionsStarted: 0, attaches: 1, reattaches: 1, resurrections: 1 });
    expect(late.gaps.maxMs).toBe(2000);
  });

  it('skips torn or foreign lines, and parses ages', () => {
    const text = '{"t":1,"e":"session-started","session":"a"}\nnot json\n{"t":2,"e":"unknown","session":"a"}\n{"t":3,"e":"attach"';
    expect(parseJournal(text)).toHaveLength(1);
    expect(summarize([], 0, 1).attachRecorded).toBe(false);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('7 days')).toMatch(/is not a duration/);
    expect(parseDuration('1h30m')).toBe(5_400_000); // as grep and replay take it
    // Past any history, and no longer a date once subtracted from now.
    expect(parseDuration('20000000w')).toMatch(/too long; at most 36500d/);
    expect(parseDuration('99999999999')).toMatch(/too long/);
    expect(parseDuration('36500d')).toBe(36_500 * 86_400_000);
  });
});

describe('ls formatting', () => {
  const base: SessionInfo = {
    name: 'a',
    workspace: 'proj',
    workspaceRoot: '/home/u/proj',
    cwd: '/home/u/proj',
    command: 'claude',
    state: 'needs-input',
    created: 0,
    lastActivity: 50_000,
    attached: 0,
    windows: 1,
    panes: 1,
    agent: 'claude',
    pid: 42,
  };
  const sessions: SessionInfo[] = [
    base,
    { ...base, name: 'b', workspace: 'other', workspaceRoot: '/srv/other', state: 'exited', exitCode: 2, pid: undefined, agent: undefined },
    { ...base, name: 'c', state: 'working', worktree: { path: '/home/u/proj.worktrees/x', branch: 'x' } },
  ];

  it('groups by workspace with state, agent, age and last output, and no colour unless asked', () => {
    const out = formatLs(sessions, 120_000, false, '/home/u');
    expect(out).not.toContain('\x1b');
    expect(out.split('\n')).toEqual([
      'proj  ~/proj',
      '  NAME   STATE        AGENT   AGE  OUTPUT  PID  CLIENTS  CWD     COMMAND',
      '  a      needs-input  claude  2m   1m      42   0        .       claude',
      '  c [x]  working      claude  2m   1m      42   0        .       claude',
      '',
      'other  /srv/other',
      '  NAME   STATE        AGENT   AGE  OUTPUT  PID  CLIENTS  CWD     COMMAND',
      '  b      exited 2     -       2m   1m      -    0        ~/proj  claude',
      '',
    ]);
  });

  it('colours states without moving the columns', () => {
    const out = formatLs(sessions, 120_000, true);
    expect(out).toContain('\x1b[1;33mneeds-input\x1b[0m');
    expect(out).toContain('\x1b[32mworking    \x1b[0m');
    expect(out).toContain('\x1b[31mexited 2   \x1b[0m');
    // eslint-disable-next-line no-control-regex
    expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toBe(formatLs(sessions, 120_000, false));
  });
});
