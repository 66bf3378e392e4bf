/**
 * Resolves where the data lives: DATABASE_URL when given, otherwise the embedded PostgreSQL
 * under DATA_DIR. Creates the application database on first start and applies migrations.
 */
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
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

export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseLocation> {
  let location: DatabaseLocation;
  if (config.databaseUrl) {
    location = { url: config.databaseUrl, stop: async () => {} };
  } else {
    const embedded = await startEmbeddedPostgres(join(config.dataDir, 'postgres'), (line) => logger.debug(line, { component: 'postgres' }));
    await ensureDatabaseExists(embedded.url('postgres'), 'anytime');
    location = { url: embedded.url('anytime'), stop: () => embedded.stop() };
    logger.info('embedded PostgreSQL started', { dataDir: config.dataDir });
  }
  const { applied } = await migrate(location.url);
  if (applied.length > 0) logger.info('migrations applied', { applied });
  return location;
}
