/**
 * The daemon's log: one line per event, appended to $SPACES_HOME/daemon.log. The
 * daemon has no terminal, so this file is where a user looks when something broke.
 */
import * as fs from 'node:fs';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export function fileLogger(fd: number): Logger {
  const line = (level: string, msg: string) => {
    try {
      fs.writeSync(fd, `${new Date().toISOString()} ${process.pid} ${level} ${msg}\n`);
    } catch {
      // A full disk must not take the daemon down with it.
    }
  };
  return {
    info: (m) => line('info', m),
    warn: (m) => line('warn', m),
    error: (m) => line('error', m),
  };
}
