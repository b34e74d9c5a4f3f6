import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/common/target';
import { checkSessionName } from '../../src/common/names';
import { resolvePaths } from '../../src/common/paths';

describe('parseTarget', () => {
  it('parses NAME, NAME:W and NAME:W.P', () => {
    expect(parseTarget('auth')).toEqual({ session: 'auth' });
    expect(parseTarget('auth:2')).toEqual({ session: 'auth', window: 2 });
    expect(parseTarget('auth:2.1')).toEqual({ session: 'auth', window: 2, pane: 1 });
    expect(parseTarget('v1.2:0.3')).toEqual({ session: 'v1.2', window: 0, pane: 3 });
    expect(parseTarget('auth:')).toEqual({ session: 'auth' });
  });

  it('explains malformed targets', () => {
    expect(parseTarget('a:x')).toMatch(/window 'x' .* is not a number/);
    expect(parseTarget('a:1.y')).toMatch(/pane 'y'/);
    expect(parseTarget('a:1.2.3')).toMatch(/too many parts/);
  });
});

describe('checkSessionName', () => {
  it('accepts letters, digits, -, _ and .', () => {
    for (const n of ['a', 'auth-refactor', 'v1.2', 'x_y', '0']) expect(checkSessionName(n)).toBeNull();
  });
  it('refuses everything else with a reason', () => {
    expect(checkSessionName('')).toMatch(/empty/);
    expect(checkSessionName('a b')).toMatch(/only letters/);
    expect(checkSessionName('-x')).toMatch(/cannot start/);
    expect(checkSessionName('..')).toMatch(/cannot start/);
    expect(checkSessionName('a/b')).toMatch(/only letters/);
    expect(checkSessionName('x'.repeat(65))).toMatch(/limit is 64/);
  });
});

describe('resolvePaths', () => {
  it('keeps everything under SPACES_HOME when set', () => {
    const p = resolvePaths({ SPACES_HOME: '/tmp/h' }, '/home/u');
    expect(p.socket).toBe('/tmp/h/daemon.sock');
    expect(p.pidFile).toBe('/tmp/h/daemon.pid');
    expect(p.socketDir).toBe('/tmp/h');
  });
  it('uses XDG locations otherwise', () => {
    const p = resolvePaths({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/home/u');
    expect(p.home).toBe('/home/u/.local/state/spaces');
    expect(p.socket).toBe('/run/user/1000/spaces/daemon.sock');
    expect(p.configFile).toBe('/home/u/.config/spaces/config.json');
    const q = resolvePaths({ XDG_STATE_HOME: '/s' }, '/home/u');
    expect(q.socket).toBe('/s/spaces/daemon.sock');
  });
});
