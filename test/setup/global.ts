/**
 * Starts one real PostgreSQL (embedded) for the whole run, migrates a template database once,
 * and hands its address to the test files, which clone it (CREATE DATABASE ... TEMPLATE).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabaseExists } from '../../src/db/database.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';

export const TEMPLATE_DATABASE = 'anytime_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresMaintenanceUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Every temporary directory of the run (data dirs, uploads, spawned gateways) is made under one
  // root: the test files' processes inherit TMPDIR, so os.tmpdir() points here. Removing the root at
  // teardown cleans up after every test, also after failing ones that never reached their cleanup.
  const runRoot = mkdtempSync(join(tmpdir(), 'anytime-test-run-'));
  chmodSync(runRoot, 0o755);
  process.env.TMPDIR = runRoot;
  const dir = mkdtempSync(join(runRoot, 'pg-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as the `postgres` user when we are root: it must reach the data dir.
  const postgres = await startEmbeddedPostgres(join(dir, 'data'));
  await ensureDatabaseExists(postgres.url('postgres'), TEMPLATE_DATABASE);
  await migrate(postgres.url(TEMPLATE_DATABASE));
  project.provide('postgresMaintenanceUrl', postgres.url('postgres'));
  return async () => {
    await postgres.stop();
    rmSync(runRoot, { recursive: true, force: true });
  };
}
