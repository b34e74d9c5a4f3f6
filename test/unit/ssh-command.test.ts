import { describe, expect, it } from 'vitest';
import { describeSshEnd, sshInvocation } from '../../src/client/ssh-command';
import { printable, printableJson, printableLine } from '../../src/common/printable';

describe('sshInvocation', () => {
  it('runs ssh -T with a data-only link, the host after --, and the remote command last', () => {
    const r = sshInvocation('me@box', {}, { batch: false });
    expect(r.ok && r.value).toEqual({
      file: 'ssh',
      args: ['-T', '-e', 'none', '-a', '-x', '-o', 'ClearAllForwardings=yes', '-o', 'ConnectTimeout=20', '--', 'me@box', 'spaces proxy'],
      remoteCommand: 'spaces proxy',
    });
  });

  it('takes SPACES_SSH as a command line and SPACES_REMOTE_COMMAND as is; reconnects never prompt', () => {
    const r = sshInvocation('box', { SPACES_SSH: `/opt/ssh -F '/my configs/x'`, SPACES_REMOTE_COMMAND: '~/bin/spaces proxy' }, { batch: true });
    expect(r.ok && r.value.file).toBe('/opt/ssh');
    expect(r.ok && r.value.args).toEqual([
      '-F', '/my configs/x', '-T', '-e', 'none', '-a', '-x', '-o', 'ClearAllForwardings=yes', '-o', 'ConnectTimeout=20', '-o', 'BatchMode=yes', '--', 'box', '~/bin/spaces proxy',
    ]);
  });

  it('refuses an SPACES_SSH it cannot split', () => {
    const r = sshInvocation('box', { SPACES_SSH: `ssh -F 'unterminated` }, { batch: false });
    expect(!r.ok && r.error.message).toMatch(/^SPACES_SSH: unterminated ' quote/);
  });
});

describe('describeSshEnd', () => {
  const end = (code: number | null, signal: string | null, stderr = '') => describeSshEnd('box', 'spaces proxy', code, signal, stderr);

  it('is silent about a clean end', () => {
    expect(end(0, null)).toBeNull();
  });

  it("names ssh's own failure with its last line, not the known-hosts chatter", () => {
    expect(end(255, null, "ssh: connect to host box port 22: Connection refused\r\nWarning: Permanently added 'box' (ED25519) to the list of known hosts.\r\n")).toBe(
      'cannot reach box: ssh: connect to host box port 22: Connection refused',
    );
    expect(end(255, null)).toBe('cannot reach box: ssh failed (exit 255)');
  });

  it('says how to fix a remote command that is not there', () => {
    expect(end(127, null, 'bash: line 1: spaces: command not found\n')).toMatch(
      /^'spaces proxy' could not run on box \(bash: line 1: spaces: command not found\); install spaces there or set SPACES_REMOTE_COMMAND/,
    );
  });

  it("passes on the proxy's own complaint, and a signal", () => {
    expect(end(1, null, 'spaces proxy: cannot create spaces state directory /x: EACCES\n')).toBe(
      "'spaces proxy' on box failed (exit 1): spaces proxy: cannot create spaces state directory /x: EACCES",
    );
    expect(end(null, 'SIGKILL')).toBe('the ssh link to box ended (ssh got SIGKILL)');
  });

  it('never lets remote bytes steer the terminal', () => {
    expect(end(255, null, 'evil \x1b]0;title\x07\x1b[2J\x9b31m line\n')).toBe('cannot reach box: evil ]0;title[2J31m line');
    expect(printable('a\r\nb\tc')).toBe('a b c');
  });

  it('keeps screen lines and JSON from a remote daemon inert', () => {
    expect(printableLine('ok \x1b[2J\x9b31m done')).toBe('ok [2J31m done');
    expect(printableLine('中 plain ✓')).toBe('中 plain ✓');
    const json = printableJson({ title: 'x\x9b2J\x7f\x1b é' });
    expect(json).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(JSON.parse(json)).toEqual({ title: 'x\x9b2J\x7f\x1b é' });
  });
});
