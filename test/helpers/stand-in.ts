/**
 * Stand-in agents on PATH: a directory of executables named like the real agents
 * (claude, codex, ...) that run test/fixtures/stand-in-agent.js, and a reader for
 * the event log it writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STAND_IN = path.resolve(__dirname, '..', 'fixtures', 'stand-in-agent.js');

/** Creates `dir/bin/NAME` for each name; returns the bin directory. */
export function standInBin(dir: string, names: string[]): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const n of names) {
    const file = path.join(bin, n);
    fs.writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${STAND_IN}" "$@"\n`, { mode: 0o755 });
  }
  return bin;
}

export interface StandInEvent {
  event: string;
  t: number;
  argv?: string[];
  cwd?: string;
  hex?: string;
  text?: string;
  answer?: string;
}

export function readEvents(log: string): StandInEvent[] {
  try {
    return fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as StandInEvent);
  } catch {
    return [];
  }
}

/** Everything the stand-in received on stdin, as one string. */
export function received(log: string): string {
  return readEvents(log)
    .filter((e) => e.event === 'input')
    .map((e) => Buffer.from(e.hex!, 'hex').toString('utf8'))
    .join('');
}
