/**
 * Logging: pino, one JSON object per line, `{"level":"info","time":"<ISO 8601>","pid":…,"msg":…, …fields}`.
 * Every line the gateway writes is one of these: start-up failures, the first-run admin notice,
 * the access log (src/observability/http.ts) included.
 *
 * Where lines go: debug and info to stdout, warn and error to stderr (so `2>` separates what needs
 * attention), unless a destination stream is given (tests capture a gateway's lines that way).
 * Writes are synchronous (process.stdout/stderr on files and pipes), so a line written just before
 * `process.exit` is never lost.
 *
 * The code logs through the small `Logger` interface, message first: `logger.info('msg', { fields })`.
 * `logger.pino` is the pino instance underneath, for what wants pino itself.
 */
import { pino, type Logger as Pino, type DestinationStream } from 'pino';
import type { Config } from './config.js';

type LogFn = (msg: string, fields?: Record<string, unknown>) => void;
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** The pino logger these write to. */
  readonly pino: Pino;
}

export type LogLevel = Config['logLevel'];

/** Anything pino can write lines to (a Writable, or an object with `write(line)`). */
export type LogDestination = DestinationStream;

export function createLogger(level: LogLevel, destination?: LogDestination): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // `"level":"info"` rather than pino's numbers: readable, and the format these lines always had.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  const instance = destination
    ? pino(options, destination)
    : pino(
        options,
        // dedupe: each line goes only to the stream with the highest level it reaches.
        pino.multistream(
          [
            { level: 'debug', stream: process.stdout },
            { level: 'warn', stream: process.stderr },
          ],
          { dedupe: true },
        ),
      );
  return wrap(instance);
}

function wrap(instance: Pino): Logger {
  const make =
    (name: 'debug' | 'info' | 'warn' | 'error'): LogFn =>
    (msg, fields) => {
      if (fields) instance[name](fields, msg);
      else instance[name](msg);
    };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error'), pino: instance };
}

/** A logger whose lines carry `fields` too (`child({ component: 'access' })`). */
export function childLogger(logger: Logger, fields: Record<string, unknown>): Logger {
  return wrap(logger.pino.child(fields));
}
