/**
 * `HOST:NAME` next to the local `NAME:W.P`: the rule written in
 * src/common/remote-target.ts, case by case.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, BACKOFF_MAX_MS } from '../../src/client/reconnecting-link';
import { formatRemote, parseHostList, splitRemote } from '../../src/common/remote-target';

describe('splitRemote', () => {
  it('leaves local targets alone: no colon, or only digits for window and pane after it', () => {
    for (const t of ['', 'auth', 'auth:', 'auth:1', 'auth:1.0', 'auth:.2', 'v1.2:0.3', '%7', 'box:7']) expect(splitRemote(t)).toBeNull();
  });

  it('reads a name after the colon as a session on that host', () => {
    expect(splitRemote('box:auth')).toEqual({ host: 'box', target: 'auth' });
    expect(splitRemote('box:auth:1.0')).toEqual({ host: 'box', target: 'auth:1.0' });
    expect(splitRemote('box:%3')).toEqual({ host: 'box', target: '%3' });
    expect(splitRemote('build.example.com:v1.2')).toEqual({ host: 'build.example.com', target: 'v1.2' });
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

describe('parseHostList', () => {
  it('splits on commas, forgives trailing colons and blanks, refuses option-like hosts', () => {
    expect(parseHostList('a, me@b:,,c')).toEqual(['a', 'me@b', 'c']);
    expect(parseHostList(' , ')).toMatch(/at least one host/);
    expect(parseHostList('a,-F/tmp/x')).toMatch(/starts with '-'/);
  });
});

describe('reconnect backoff', () => {
  it('retries at once, then doubles from 250 ms up to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(backoffDelay)).toEqual([0, 250, 500, 1000, 2000, 4000, BACKOFF_MAX_MS, BACKOFF_MAX_MS]);
  });
});
