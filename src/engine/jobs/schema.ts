/**
 * graphile-worker's tables and functions (schema `graphile_worker`) are installed and upgraded by
 * the same start that applies our migrations (src/db/migrate.ts), on the same database, under
 * the same advisory lock: the first start of a new version upgrades it once, several processes
 * starting together wait for each other, and `enqueueJob` can rely on `add_job` existing in every
 * process, also one that runs no workers (WORKERS=0). Its own migrations are versioned in its
 * `graphile_worker.migrations` table, so this is one cheap query when nothing is pending.
 */
import { runMigrations } from 'graphile-worker';
import type { Logger } from '../../logger.js';
import { quietWorkerLogger } from './logger.js';

export async function installJobSchema(connectionString: string, logger?: Logger): Promise<void> {
  await runMigrations({ connectionString, maxPoolSize: 2, logger: quietWorkerLogger(logger) });
}
