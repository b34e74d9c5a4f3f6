/**
 * `HOST:NAME` next to the local `NAME:W.P`: the rule written in
 * src/common/remote-target.ts, case by case.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, BACKOFF_MAX_MS } from '../../src/client/reconnecting-link';
import { formatRemote, parseHostList, pointHintsAt, splitRemote } from '../../src/common/remote-target';

describe('splitRemote', () => {
  it('leaves local targets alone: no colon, or only digits for window and pane after it', () => {
    for (const t of ['', 'auth', 'auth:', 'auth:1', 'auth:1.0', 'auth:.2', 'v1.2:0.3', '%7', 'box:7']) expect(splitRemote(t)).toBeNull();
  });

  it('reads a name after the colon as a session on that host', () => {
    expect(splitRemote('box:auth')).toEqual({ host: 'box', target: 'auth' });
    expect(splitRemote('box:auth:1.0')).toEqual({ host: 'box', target: 'auth:1.0' });
    expect(splitRemote('box:%3')).toEqual({ host: 'box', target: '%3' });
    expect(splitRemote('build.example.com:v1.2')).toEqual({ host: 'build.example.com', target: 'v1.2' });
    // A number is a session name with a mistyped window, not the address 0.0.0.1.
    expect(splitRemote('1:0.0.0')).toBeNull();
    expect(splitRemote('0.1:x')).toBeNull();
    expect(splitRemote('10.0.0.5:auth')).toEqual({ host: '10.0.0.5', target: 'auth' });
  });

  it("takes user@host as a host whatever follows, since session names never hold '@'", () => {
    expect(splitRemote('me@box:')).toEqual({ host: 'me@box', target: '' });
    expect(splitRemote('me@box:7')).toEqual({ host: 'me@box', target: '7' });
    expect(splitRemote('me@box:auth:1.0')).toEqual({ host: 'me@box', target: 'auth:1.0' });
  });

  it('brackets a host with colons in it', () => {
    expect(splitRemote('[::1]:auth')).toEqual({ host: '::1', target: 'auth' });
    expect(splitRemote('[fe80::1%eth0]:')).toEqual({ host: 'fe80::1%eth0', target: '' });
  });

  it('refuses hosts ssh would misread', () => {
    expect(splitRemote('-oProxyCommand=evil:x')).toMatch(/starts with '-', which ssh would read as an option/);
    expect(splitRemote(':auth')).toMatch(/a host is empty/);
    expect(splitRemote('a b:auth')).toMatch(/spaces or control characters/);
  });
});

describe('formatRemote', () => {
  it('writes what splitRemote reads back, falling back to --host when the colon form cannot say it', () => {
    expect(formatRemote('box', 'auth')).toBe('box:auth');
    expect(formatRemote('me@box', '7')).toBe('me@box:7');
    expect(formatRemote('::1', 'auth')).toBe('[::1]:auth');
    expect(formatRemote('box', '7')).toBe('--host box 7');
    expect(formatRemote('box', '')).toBe('--host box');
  });
});

describe('pointHintsAt', () => {
  it("points the commands a remote daemon suggests at that host, as they would act on this machine's sessions", () => {
    expect(pointHintsAt('box', 'exited; kill it with `spaces kill auth`')).toBe('exited; kill it with `spaces kill box:auth`');
    expect(pointHintsAt('me@box', 'try `spaces send 7 Enter`')).toBe('try `spaces send me@box:7 Enter`');
    expect(pointHintsAt('box', 'no sessions; see `spaces ls`')).toBe('no sessions; see `spaces ls box:`');
    expect(pointHintsAt('::1', 'see `spaces ls`')).toBe('see `spaces ls --hosts ::1`');
    // Commands that cannot take HOST:TARGET (or a target the colon form cannot say) run there.
    expect(pointHintsAt('box', 'bring it back with `spaces resurrect auth` or discard it with `spaces kill auth`')).toBe(
      'bring it back with `ssh box spaces resurrect auth` or discard it with `spaces kill box:auth`',
    );
    expect(pointHintsAt('box', 'create one with `spaces new NAME`')).toBe('create one with `ssh box spaces new NAME`');
    expect(pointHintsAt('box', 'see `spaces kill 7`')).toBe('see `ssh box spaces kill 7`');
    expect(pointHintsAt('box', 'or `spaces attach 7`')).toBe('or `spaces attach --host box 7`');
    expect(pointHintsAt('box', 'no hint here')).toBe('no hint here');
  });
});

describe('parseHostList', () => {
  it('splits on commas, forgives trailing colons and blanks, refuses option-like hosts', () => {
    expect(parseHostList('a, me@b:,,c')).toEqual(['a', 'me@b', 'c']);
    expect(parseHostList('a,a:,b')).toEqual(['a', 'b']);
    expect(parseHostList(' , ')).toMatch(/at least one host/);
    expect(parseHostList('a,-F/tmp/x')).toMatch(/starts with '-'/);
  });
});

describe('reconnect backoff', () => {
  it('retries at once, then doubles from 250 ms up to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(backoffDelay)).toEqual([0, 250, 500, 1000, 2000, 4000, BACKOFF_MAX_MS, BACKOFF_MAX_MS]);
  });
});
