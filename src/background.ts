/**
 * The background half of a gateway without its HTTP server: job workers (and the durable event
 * consumers, when CONSUMERS=on), for `npm run worker`. Run it next to gateways started with
 * WORKERS=0 to take job load off the processes that answer requests, or to scale workers
 * independently. It opens the database exactly as the gateway does (migrations and the job
 * schema included), so it may be the first process to start on a new version.
 */
import type { Config } from './config.js';
import { connectDatabase } from './db/client.js';
import { assertDataDirUsable } from './db/data-dir-lock.js';
import { openDatabase } from './db/database.js';
import { listenForInvalidations } from './db/invalidation.js';
import { startConsumers, type ConsumerRunner } from './engine/consumers/index.js';
import { EventBus } from './engine/events.js';
import { startJobs, type JobRunner } from './engine/jobs/index.js';
import type { Logger } from './logger.js';
import { StartupError } from './startup.js';
// Every module registers its jobs, schedules and consumers at import time; the schema imports them all.
import './graphql/schema.js';

export interface BackgroundProcess {
  jobs: JobRunner;
  consumers: ConsumerRunner | undefined;
  stop(): Promise<void>;
}

export async function startBackground(config: Config, logger: Logger): Promise<BackgroundProcess> {
  if (config.workers === 0) throw new StartupError('WORKERS is 0: npm run worker would run no jobs (set WORKERS to 1 or more)');
  if (!config.databaseUrl) assertDataDirUsable(config.dataDir);
  const location = await openDatabase(config, logger);
  const db = connectDatabase(location.url, {
    onPoolError: (error) => logger.warn('database connection lost', { error: error.message }),
  });
  const invalidations = await listenForInvalidations(location.url, (message) => logger.warn(message));
  const events = new EventBus();
  const consumers = config.consumersEnabled
    ? await startConsumers({ prisma: db.prisma, events, logger, pollMs: config.consumerPollMs, batchSize: config.consumerBatchSize, config, invalidations })
    : undefined;
  const jobs = (await startJobs({ connectionString: location.url, prisma: db.prisma, events, config, logger, invalidations }))!;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await jobs.stop();
      await consumers?.stop();
      await invalidations.close();
      await db.close();
      await location.stop();
    })());
  return { jobs, consumers, stop };
}
