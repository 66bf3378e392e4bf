/**
 * Starts one real PostgreSQL (embedded) for the whole run, migrates a template database once,
 * and hands its address to the test files, which clone it (CREATE DATABASE ... TEMPLATE).
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabaseExists } from '../../src/db/database.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { POSTGRES_DIR_PREFIX, RUN_ROOT_ENV } from './temp-root.js';

export const TEMPLATE_DATABASE = 'anytime_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresMaintenanceUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // test/setup/temp-root.ts (the globalSetup before this one) made the run's temp root; the
  // database lives there too, and its teardown removes it after this one has stopped the database.
  const root = process.env[RUN_ROOT_ENV];
  if (!root) throw new Error('test/setup/temp-root.ts must run before test/setup/global.ts (vitest.config.ts globalSetup)');
  const dir = mkdtempSync(join(root, POSTGRES_DIR_PREFIX));
  chmodSync(dir, 0o755); // PostgreSQL runs as the `postgres` user when we are root: it must reach the data dir.
  const postgres = await startEmbeddedPostgres(join(dir, 'data'));
  await ensureDatabaseExists(postgres.url('postgres'), TEMPLATE_DATABASE);
  await migrate(postgres.url(TEMPLATE_DATABASE));
  project.provide('postgresMaintenanceUrl', postgres.url('postgres'));
  return async () => {
    await postgres.stop();
  };
}
