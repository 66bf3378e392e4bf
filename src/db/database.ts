/**
 * Resolves where the data lives: DATABASE_URL when given, otherwise the embedded PostgreSQL
 * under DATA_DIR. Creates the application database on first start and applies migrations.
 */
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { StartupError } from '../startup.js';
import { acquireDataDirLock, stopLeftoverPostmaster } from './data-dir-lock.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';

export interface DatabaseLocation {
  url: string;
  /** Stops the embedded server, if we started one. */
  stop(): Promise<void>;
}

export async function ensureDatabaseExists(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** One connection attempt, so an unreachable DATABASE_URL is one clear line, not a migration stack trace. */
async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A connection that fails after connecting emits 'error'; the rejected connect() reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error && error.message ? error.message : String((error as { code?: string })?.code ?? error);
    throw new StartupError(`DATABASE_URL ${redacted(url)} is not reachable: ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseLocation> {
  let location: DatabaseLocation;
  if (config.databaseUrl) {
    await assertReachable(config.databaseUrl);
    location = { url: config.databaseUrl, stop: async () => {} };
  } else {
    // The embedded database belongs to one gateway at a time (src/db/data-dir-lock.ts).
    const lock = acquireDataDirLock(config.dataDir);
    const pgDir = join(config.dataDir, 'postgres');
    let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
    try {
      await stopLeftoverPostmaster(pgDir, logger);
      embedded = await startEmbeddedPostgres(pgDir, (line) => logger.debug(line, { component: 'postgres' }));
      await ensureDatabaseExists(embedded.url('postgres'), 'anytime');
      const started = embedded;
      location = {
        url: started.url('anytime'),
        stop: async () => {
          await started.stop();
          lock.release();
        },
      };
    } catch (error) {
      await embedded?.stop();
      lock.release();
      throw error;
    }
    logger.info('embedded PostgreSQL started', { dataDir: config.dataDir });
  }
  const { applied } = await migrate(location.url, logger);
  if (applied.length > 0) logger.info('migrations applied', { applied });
  return location;
}
