/** `npm run worker`: job workers (and consumers) without an HTTP server, until SIGTERM/SIGINT; then drain and stop. */
import './production-mode.js'; // first: libraries read NODE_ENV as they load
import { startBackground } from './background.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { stopWhenNpmIsGone } from './npm-watch.js';
import { exitOnStartupFailure } from './startup.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  // One line, no stack, as `npm start` (src/main.ts).
  if (!(error instanceof ConfigError)) throw error;
  exitOnStartupFailure(error);
}
const logger = createLogger(config.logLevel);
const started = Date.now();
const worker = await startBackground(config, logger).catch((error: unknown) => exitOnStartupFailure(error, config.logLevel));
logger.info('Anytime worker running', {
  workers: worker.jobs.concurrency,
  consumers: worker.consumers !== undefined,
  startupMs: Date.now() - started,
});

let signalled = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    logger.info('shutting down', { signal });
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  });
}
// Killing `npm run worker` must not leave this process running (src/npm-watch.ts).
stopWhenNpmIsGone(() => process.kill(process.pid, 'SIGTERM'));
