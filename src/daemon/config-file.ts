/**
 * Reads the config file for the daemon, fresh on every use (it is small, and a
 * fresh read means an edit applies to the next command without a restart). A
 * missing file is the defaults; an unreadable or invalid one is an error value
 * for the command that needed it, so a bad config never takes the daemon down.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Config, defaultConfig, parseConfig } from '../agents/config';
import { fail, ok, Result } from '../common/errors';
import { resolvePaths } from '../common/paths';

/** A config file is a few hundred bytes; anything near this is not one. */
const MAX_CONFIG_BYTES = 1 << 20;

export function configPath(): string {
  return resolvePaths(process.env, os.homedir()).configFile;
}

export function loadConfig(file = configPath()): Result<Config> {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (st.size > MAX_CONFIG_BYTES) return fail('bad-args', `config file ${file} is larger than ${MAX_CONFIG_BYTES} bytes; is it the right file?`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(defaultConfig());
    return fail('bad-args', `cannot read config file ${file}: ${(e as Error).message}`);
  }
  return parseConfig(text, file);
}
