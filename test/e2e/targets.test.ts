/**
 * Panes and windows from the CLI: split, new-window, select, and NAME:W.P targets
 * for send, capture, wait and kill.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpacesHome } from '../helpers/spaces';
import { waitFor } from '../helpers/wait-for';

let sp: SpacesHome;
beforeAll(() => {
  sp = new SpacesHome();
});
afterAll(async () => {
  await sp.cleanup();
});

async function info(name: string) {
  return (await sp.ls()).find((s) => s.name === name)!;
}

describe('targets', () => {
  it('splits from the CLI and addresses every pane by NAME:W.P', async () => {
    await sp.ok(['new', 't', '-d', '--cols', '81', '--rows', '24', '--', 'sh']);
    await sp.ok(['split', 't', '-h', '--', 'sh', '-c', 'echo in-right-pane; exec sh']);
    await sp.ok(['wait', 't:0.1', '--for', 'in-right-pane']);
    expect((await info('t')).panes).toBe(2);
    const right = JSON.parse(await sp.ok(['capture', 't:0.1', '--json']));
    expect([right.cols, right.rows]).toEqual([40, 24]);
    await sp.ok(['split', 't:0.0', '-v']);
    const top = JSON.parse(await sp.ok(['capture', 't:0.0', '--json']));
    expect([top.cols, top.rows]).toEqual([40, 12]);
    await sp.ok(['send', 't:0.1', '--literal', 'echo typed-right', 'Enter']);
    await sp.ok(['wait', 't:0.1', '--for', '^typed-right']);
    expect(await sp.ok(['capture', 't:0.0'])).not.toContain('typed-right');
  });

  it('selects windows and panes, and the default target follows', async () => {
    await sp.ok(['new', 's', '-d', '--', 'sh']);
    await sp.ok(['new-window', 's', '-n', 'second', '--', 'sh', '-c', 'echo second-window; exec sh']);
    await sp.ok(['wait', 's:1', '--for', 'second-window']);
    expect((await info('s')).windows).toBe(2);
    // The new window is active: NAME alone means it.
    expect(await sp.ok(['capture', 's'])).toContain('second-window');
    await sp.ok(['select', 's:0.0']);
    expect(await sp.ok(['capture', 's'])).not.toContain('second-window');
  });

  it('kills one pane with NAME:W.P, and the session with its last pane', async () => {
    await sp.ok(['new', 'k', '-d', '--', 'sh']);
    await sp.ok(['split', 'k', '--', 'sleep', '600']);
    expect((await info('k')).panes).toBe(2);
    await sp.ok(['kill', 'k:0.1']);
    await waitFor(async () => (await info('k')).panes === 1, { label: 'the pane to close' });
    await sp.ok(['kill', 'k:0.0']);
    expect((await sp.ls()).some((s) => s.name === 'k')).toBe(false);
  });

  it('closes a cleanly exited split, but keeps a crashed one visible', async () => {
    await sp.ok(['new', 'e', '-d', '--', 'sh']);
    await sp.ok(['split', 'e', '--', 'sh', '-c', 'exit 0']);
    await waitFor(async () => (await info('e')).panes === 1, { label: 'the clean exit to close its pane' });
    await sp.ok(['split', 'e', '--', 'sh', '-c', 'echo crash-report; exit 3']);
    await sp.ok(['wait', 'e:0.1', '--for', 'crash-report']);
    await waitFor(async () => (await sp.run(['send', 'e:0.1', 'x'])).stderr.includes('has exited'), { label: 'the crashed pane to show as exited' });
    expect((await info('e')).panes).toBe(2);
    expect(await sp.ok(['capture', 'e:0.1'])).toContain('crash-report');
    // The hint names the pane: `spaces kill e` would end the live shell beside it too.
    expect((await sp.run(['send', 'e:0.1', 'x'])).stderr).toContain('kill it with `spaces kill e:0.1`');
  });

  it('explains bad targets and impossible splits', async () => {
    await sp.ok(['new', 'small', '-d', '--cols', '4', '--rows', '4', '--', 'sh']);
    const cases: Array<[string[], RegExp]> = [
      [['split', 'small', '-h'], /too small to split left\/right/],
      [['split', 'nosuch'], /no session 'nosuch'/],
      [['split', 'small', '-h', '-v'], /choose one of -h and -v/],
      [['select', 'small:3'], /has no window 3/],
      [['select', 'small:0.9'], /has no pane 9/],
      [['send', '%999', 'x'], /no pane %999/],
      [['new-window', 'small', '-n', 'bad\tname'], /control characters/],
      [['new-window', 'small:9'], /new-window takes a session, not a window or pane: .*the new one will be small:1/],
      [['kill', 'small:0'], /kill takes NAME \(the session\) or NAME:W.P/],
      // Over the protocol's own limit too: still the name rule, not "invalid message".
      [['new', 'q'.repeat(300), '-d'], /session name is 300 characters; the limit is 64/],
      [['rename', 'small', 'q'.repeat(300)], /session name is 300 characters; the limit is 64/],
      [['new-window', 'small', '-n', 'w'.repeat(300)], /window name is longer than 64 characters/],
    ];
    for (const [args, re] of cases) {
      const r = await sp.run(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(re);
    }
  });
});
