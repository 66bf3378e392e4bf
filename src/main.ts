/** `npm start`: serve until SIGTERM/SIGINT, then drain and stop. */
import './production-mode.js'; // first: libraries read NODE_ENV as they load
import { startGateway } from './gateway.js';
import { createLogger } from './logger.js';
import { loadConfigOrExit, stopOnSignals } from './process-lifecycle.js';
import { exitOnStartupFailure } from './startup.js';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
const started = Date.now();
// Every start-up failure is one line and exit code 1 (src/startup.ts).
const gateway = await startGateway(config, logger).catch((error: unknown) => exitOnStartupFailure(error, config.logLevel));
logger.info('Anytime Gateway listening', {
  graphql: `${gateway.url}/graphql`,
  rest: `${gateway.url}/api/v3/anytime/`,
  startupMs: Date.now() - started,
});
// Killing `npm start` must not leave this process serving on DATA_DIR.
stopOnSignals(logger, () => gateway.stop());
