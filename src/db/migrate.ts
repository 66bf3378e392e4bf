/**
 * Applies the committed migrations under prisma/migrations/ on start.
 *
 * Why not `prisma migrate deploy`: it runs inside Prisma's wasm schema engine and costs ~10 s even
 * for one small migration, which alone would eat most of the 20 s first-start budget. The files are
 * plain SQL, so we apply each pending one in its own transaction and record it in Prisma's own
 * `_prisma_migrations` table (same columns, same sha256 checksum), which keeps `prisma migrate
 * status` / `deploy` fully compatible. A PostgreSQL advisory lock serialises several gateway
 * processes starting at once against one database. graphile-worker's schema (the job queue,
 * src/engine/jobs/schema.ts) is installed or upgraded right after, under the same lock.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { installJobSchema } from '../engine/jobs/schema.js';
import type { Logger } from '../logger.js';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
const migrationsDir = join(projectRoot, 'prisma', 'migrations');
/** Arbitrary constant naming "the migration lock" among advisory locks. */
const MIGRATION_LOCK_KEY = 727_001;

export function committedMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`;

/** Our migrations, then graphile-worker's schema (src/engine/jobs/schema.ts), under one advisory lock. */
export async function migrate(url: string, logger?: Logger): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const done = await client.query(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const appliedBefore = new Set(done.rows.map((row) => row.migration_name as string));
    const applied: string[] = [];
    for (const name of committedMigrations().filter((migration) => !appliedBefore.has(migration))) {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
      applied.push(name);
    }
    await installJobSchema(url, logger);
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
