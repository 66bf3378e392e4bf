/** `npm run worker`: job workers (and consumers) without an HTTP server, until SIGTERM/SIGINT; then drain and stop. */
import './production-mode.js'; // first: libraries read NODE_ENV as they load
import { startBackground } from './background.js';
import { createLogger } from './logger.js';
import { loadConfigOrExit, stopOnSignals } from './process-lifecycle.js';
import { exitOnStartupFailure } from './startup.js';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
const started = Date.now();
const worker = await startBackground(config, logger).catch((error: unknown) => exitOnStartupFailure(error, config.logLevel));
logger.info('Anytime worker running', {
  workers: worker.jobs.concurrency,
  consumers: worker.consumers !== undefined,
  startupMs: Date.now() - started,
});
stopOnSignals(logger, () => worker.stop());
