/** A minimal leveled JSON-lines logger: one line per event, machine-readable, no dependencies. */
import type { Config } from './config.js';

const order = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type Logger = Record<'debug' | 'info' | 'warn' | 'error', (msg: string, fields?: Record<string, unknown>) => void>;

export function createLogger(level: Config['logLevel']): Logger {
  const make = (name: keyof Logger) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[name] < order[level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: name, msg, ...fields });
    (name === 'error' || name === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}
