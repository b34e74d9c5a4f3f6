/**
 * Workspaces end to end: `ls` grouped, filtered and coloured; checkpoints and the
 * context file; pasting files and context into stand-in agents; git worktrees in
 * a temporary repository; and the stats journal.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, SpacesHome } from '../helpers/spaces';
import { readEvents, received, standInBin } from '../helpers/stand-in';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
let bin: string;
let projA: string;
let projB: string;
beforeAll(() => {
  sp = new SpacesHome();
  bin = standInBin(sp.dir, ['claude']);
  projA = path.join(sp.dir, 'proj-a');
  projB = path.join(sp.dir, 'proj-b');
  fs.mkdirSync(path.join(projA, '.git'), { recursive: true });
  fs.mkdirSync(path.join(projA, 'sub'));
  fs.mkdirSync(projB);
});
afterAll(async () => {
  await sp.cleanup();
});

function agentEnv(log: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${bin}:${process.env.PATH}`, STANDIN_LOG: log, ...extra };
}

/** Runs `spaces ARGS` in a real terminal and returns what it printed. */
function runInTerminal(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const p = pty.spawn(process.execPath, [BIN, ...args], { cols: 200, rows: 40, cwd: sp.dir, env: sp.env(env) as Record<string, string> });
    let out = '';
    p.onData((d) => (out += d));
    p.onExit(() => resolve(out));
  });
}

describe('ls by workspace', () => {
  it('groups sessions by workspace, filters by name or directory, and keeps --json a flat array', async () => {
    await sp.ok(['new', 'a1', '-d', '-c', projA, '--', 'sleep', '600']);
    await sp.ok(['new', 'a2', '-d', '-c', path.join(projA, 'sub'), '--', 'sleep', '600']);
    await sp.ok(['new', 'b1', '-d', '-c', projB, '--', 'sleep', '600']);
    const table = await sp.ok(['ls']);
    expect(table).toMatch(/^proj-a {2}\S*proj-a\n {2}NAME +STATE +AGENT +AGE +OUTPUT +PID +CLIENTS +CWD +COMMAND\n {2}a1 +idle +- +\d+s +\d+s +\d+ +0 +\. +sleep 600\n {2}a2 +idle +- +\d+s +\d+s +\d+ +0 +sub +sleep 600/m);
    expect(table).toMatch(/^proj-b {2}\S*proj-b\n.*\n {2}b1 +idle/m);
    const onlyA = await sp.ok(['ls', 'proj-a']);
    expect(onlyA).toContain('a2');
    expect(onlyA).not.toContain('b1');
    expect(await sp.ok(['ls', projB])).toMatch(/b1/);
    // A directory inside a workspace names that workspace: `ls .` from a subdirectory.
    const fromSub = await sp.ok(['ls', '.'], { cwd: path.join(projA, 'sub') });
    expect(fromSub).toMatch(/a1/);
    expect(fromSub).not.toMatch(/b1/);
    const json = JSON.parse(await sp.ok(['ls', '--json', 'proj-a']));
    expect(Array.isArray(json)).toBe(true);
    expect(json.map((s: { name: string }) => s.name).sort()).toEqual(['a1', 'a2']);
    for (const s of json) expect(s).toMatchObject({ state: 'idle', workspace: 'proj-a', workspaceRoot: projA });
    expect(await sp.ok(['ls', 'nosuch'])).toBe("no sessions in workspace 'nosuch' (for the sessions on a host named nosuch, write `spaces ls nosuch:`)\n");
  });

  it('colours states on a terminal only, and never with NO_COLOR', async () => {
    const coloured = await runInTerminal(['ls']);
    expect(coloured).toContain('\x1b[1mproj-a');
    expect(await runInTerminal(['ls'], { NO_COLOR: '1' })).not.toContain('\x1b[');
    expect(await sp.ok(['ls'])).not.toContain('\x1b[');
  });
});

describe('checkpoints and context', () => {
  it('appends dated entries naming the session to the workspace context file, and prints it', async () => {
    await sp.ok(['new', 'ck', '-d', '-c', path.join(projA, 'sub'), '--', 'sleep', '600']);
    expect(await sp.ok(['checkpoint', 'ck', '-m', 'login works'])).toBe(`checkpoint added to ${path.join(projA, 'AGENT_CONTEXT.md')}\n`);
    await sp.ok(['checkpoint', 'ck', '-m', 'next: refresh tokens\nwatch the clock skew']);
    const text = fs.readFileSync(path.join(projA, 'AGENT_CONTEXT.md'), 'utf8');
    expect(text).toMatch(/^# Agent context\n/);
    expect(text).toMatch(/\n## \d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d · ck\n\nlogin works\n\n## .* · ck\n\nnext: refresh tokens\nwatch the clock skew\n$/);
    // From inside the workspace, by its name from elsewhere, or by directory.
    expect(await sp.ok(['context'], { cwd: path.join(projA, 'sub') })).toBe(text);
    expect(await sp.ok(['context', 'proj-a'])).toBe(text);
    expect(await sp.ok(['context', projA])).toBe(text);
    expect(await sp.ok(['context', '--path', 'proj-a'])).toBe(path.join(projA, 'AGENT_CONTEXT.md') + '\n');

    const none = await sp.run(['context', 'proj-b']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/workspace proj-b has no context file yet \(.*proj-b\/AGENT_CONTEXT\.md\); add to it with `spaces checkpoint NAME -m TEXT`/);
    for (const [args, re, code] of [
      [['checkpoint', 'ghost', '-m', 'x'], /no session 'ghost'/],
      [['checkpoint', 'ck'], /say what to record: spaces checkpoint NAME -m "TEXT"/, 2], // a usage mistake
      [['context', 'nowhere'], /no session works in a workspace named 'nowhere'/],
      [['context', '/no/such/dir'], /\/no\/such\/dir is not a directory; give a workspace's directory/],
    ] as Array<[string[], RegExp, number?]>) {
      const r = await sp.run(args);
      expect(r.code, args.join(' ')).toBe(code ?? 1);
      expect(r.stderr, args.join(' ')).toMatch(re);
    }
  });

  it('writes where "context-file" in the config says', async () => {
    fs.writeFileSync(path.join(sp.dir, 'config.json'), JSON.stringify({ 'context-file': 'notes/CONTEXT.md' }));
    fs.mkdirSync(path.join(projB, 'notes'));
    await sp.ok(['new', 'ckb', '-d', '-c', projB, '--', 'sleep', '600']);
    await sp.ok(['checkpoint', 'ckb', '-m', 'elsewhere']);
    expect(fs.readFileSync(path.join(projB, 'notes', 'CONTEXT.md'), 'utf8')).toContain('· ckb\n\nelsewhere\n');
    fs.rmSync(path.join(sp.dir, 'config.json'));
  });

  it('send --file pastes a file, bracketed only when the program asked for it', async () => {
    const file = path.join(sp.dir, 'plan.md');
    fs.writeFileSync(file, 'step one\nstep two\n');
    for (const bracketed of [true, false]) {
      const name = `paste-${bracketed}`;
      const log = path.join(sp.dir, `${name}.log`);
      await sp.ok(['new', name, '-d', '--agent', 'claude'], {
        env: agentEnv(log, { STANDIN_ASK: '0', STANDIN_WORK_MS: '200', STANDIN_BRACKETED: bracketed ? '1' : '0' }),
      });
      await waitFor(() => readEvents(log).some((e) => e.event === 'ready'), { label: `${name} to be ready` });
      await sp.ok(['send', name, '--file', file, 'Enter']);
      const want = bracketed ? '\x1b[200~step one\rstep two\r\x1b[201~\r' : 'step one\rstep two\r\r';
      await waitFor(() => received(log) === want, { label: `${name} to receive the paste, then Enter` });
    }
    const missing = await sp.run(['send', 'paste-true', '--file', path.join(sp.dir, 'nope.md')]);
    expect(missing.stderr).toMatch(/cannot read .*nope\.md: no such file/);
    expect((await sp.run(['send', 'paste-true', '--file', sp.dir])).stderr).toMatch(/cannot read .*: it is a directory; --file pastes one file/);
    expect((await sp.run(['send', 'paste-true', '--literal', 'x', '--file', sp.dir])).stderr).toMatch(/choose one of --literal and --file/);
  });

  it('new --with-context pastes the context into the agent once it is ready, after any question is answered', async () => {
    const log = path.join(sp.dir, 'wc.log');
    await sp.ok(['new', 'wc', '-d', '-c', projA, '--agent', 'claude', '--with-context'], {
      env: agentEnv(log, { STANDIN_WORK_MS: '300', STANDIN_BRACKETED: '1' }),
    });
    await waitFor(async () => (await sp.ls()).find((s) => s.name === 'wc')?.state === 'needs-input', { label: 'wc to ask its question' });
    expect(received(log)).toBe(''); // nothing pasted into a question
    await sp.ok(['send', 'wc', 'y', 'Enter']);
    const context = fs.readFileSync(path.join(projA, 'AGENT_CONTEXT.md'), 'utf8');
    const pasted = '\x1b[200~' + context.replace(/\n/g, '\r') + '\x1b[201~';
    await waitFor(() => received(log) === 'y\r' + pasted, { label: 'the context to be pasted after the answer' });
    const events = readEvents(log);
    const ready = events.find((e) => e.event === 'ready');
    const inputs = events.filter((e) => e.event === 'input');
    expect(ready, JSON.stringify(events)).toBeDefined();
    expect(inputs.length, JSON.stringify(events)).toBeGreaterThanOrEqual(2);
    expect(inputs[1].t).toBeGreaterThanOrEqual(ready!.t);

    const r = await sp.run(['new', 'wc2', '-d', '-c', projB, '--agent', 'claude', '--with-context'], { env: agentEnv(log) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no context to paste: .*proj-b\/AGENT_CONTEXT\.md is missing or empty/);
    expect((await sp.ls()).some((s) => s.name === 'wc2')).toBe(false);
  });
});

describe('worktrees', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-C', cwd, ...args], { encoding: 'utf8' }).trim();

  it('new --worktree makes one per branch, kill --worktree refuses while it is dirty and removes it when clean', async () => {
    const repo = path.join(sp.dir, 'repo');
    fs.mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'README'), 'hi\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'first');

    // From a directory git tracks nothing in: it would not exist in the worktree. Said, and nothing left behind.
    fs.mkdirSync(path.join(repo, 'scratch'));
    const untracked = await sp.run(['new', 'wu', '-d', '-c', path.join(repo, 'scratch'), '--worktree', 'feature/x', '--', 'sleep', '600']);
    expect(untracked.code).toBe(1);
    expect(untracked.stderr).toBe("spaces: scratch is not in branch feature/x (git tracks nothing in it); run from the repository's root or give -c DIR\n");
    expect(git(repo, 'branch', '--list', 'feature/x')).toBe('');
    expect(fs.existsSync(path.join(sp.dir, 'repo.worktrees', 'feature-x'))).toBe(false);

    const out = await sp.ok(['new', 'wt', '-d', '-c', repo, '--worktree', 'feature/login', '--', 'sleep', '600']);
    const dir = path.join(sp.dir, 'repo.worktrees', 'feature-login');
    expect(out).toBe(`worktree ${dir} on branch feature/login\n`);
    expect(fs.existsSync(path.join(dir, 'README'))).toBe(true);
    expect(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('feature/login');
    const s = (await sp.ls()).find((x) => x.name === 'wt')!;
    expect(s).toMatchObject({ workspace: 'repo', workspaceRoot: repo, cwd: dir, worktree: { path: dir, branch: 'feature/login' } });
    expect(await sp.ok(['ls', 'repo'])).toMatch(/wt \[feature\/login\]/);

    fs.writeFileSync(path.join(dir, 'draft.txt'), 'unsaved work\n');
    const refused = await sp.run(['kill', 'wt', '--worktree']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/worktree .*feature-login has uncommitted changes \(draft\.txt\); commit or stash them first/);
    expect((await sp.ls()).find((x) => x.name === 'wt')?.state).not.toBe('exited'); // nothing was killed

    git(dir, 'add', 'draft.txt');
    git(dir, 'commit', '-qm', 'draft');
    expect(await sp.ok(['kill', 'wt', '--worktree'])).toBe(`removed worktree ${dir}\n`);
    expect(fs.existsSync(dir)).toBe(false);
    expect((await sp.ls()).some((x) => x.name === 'wt')).toBe(false);
    expect(git(repo, 'log', '--format=%s', 'feature/login')).toBe('draft\nfirst'); // the branch and its commits stay

    // A session that cannot start takes its fresh worktree and branch with it.
    const failed = await sp.run(['new', 'wt2', '-d', '-c', repo, '--worktree', 'b2', '--agent', 'clippy']);
    expect(failed.code).toBe(1);
    expect(fs.existsSync(path.join(sp.dir, 'repo.worktrees', 'b2'))).toBe(false);
    expect(git(repo, 'branch', '--list', 'b2')).toBe('');

    const cases: Array<[string[], RegExp]> = [
      [['new', 'wt3', '-d', '-c', projB, '--worktree', 'x'], /--worktree needs a git repository, and .*proj-b is not in one/],
      [['new', 'wt3', '-d', '-c', repo, '--worktree', 'bad..name'], /'bad\.\.name' is not a valid branch name/],
      [['kill', 'a1', '--worktree'], /session 'a1' has no worktree/],
    ];
    for (const [args, re] of cases) {
      const r = await sp.run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(re);
    }
  });
});

describe('stats', () => {
  it('reports sessions started from the journal, and says which figures wait for attach', async () => {
    const json = JSON.parse(await sp.ok(['stats', '--json', '--since', '1h']));
    expect(json.sessionsStarted).toBeGreaterThanOrEqual(8);
    expect(json.byAgent.claude).toBeGreaterThanOrEqual(3);
    expect(json).toMatchObject({ resurrections: 0, attaches: 0, attachRecorded: false });
    const text = await sp.ok(['stats']);
    expect(text).toMatch(/sessions started +\d+ \(plain commands \d+, claude \d+\)/);
    expect(text).toMatch(/attach to first paint +none +\(not recorded yet: these come from `spaces attach`\)/);
    const bad = await sp.run(['stats', '--since', 'last week']);
    expect(bad.stderr).toBe("spaces: --since: 'last week' is not a duration; use e.g. 90s, 5m, 1h30m or 2d; or --since all\n");
  });
});
