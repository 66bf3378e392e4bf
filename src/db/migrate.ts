/**
 * Applies the committed migrations under prisma/migrations/ with `prisma migrate deploy`.
 * The deploy command costs ~10 s inside Prisma's wasm engine, so we first compare the migration
 * folders with `_prisma_migrations` and skip it when nothing is pending (restarts stay fast).
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
export const projectRoot = resolve(import.meta.dirname, '..', '..');
const migrationsDir = join(projectRoot, 'prisma', 'migrations');

export function committedMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export async function pendingMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
    if (!exists.rows[0].present) return committedMigrations();
    const applied = await client.query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(applied.rows.map((row) => row.migration_name as string));
    return committedMigrations().filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}

export async function migrate(url: string): Promise<{ applied: string[] }> {
  const pending = await pendingMigrations(url);
  if (pending.length === 0) return { applied: [] };
  const prismaCli = join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');
  await run(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url },
  });
  return { applied: pending };
}
