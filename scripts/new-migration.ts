/**
 * Writes a new SQL migration under prisma/migrations/ from the difference between the schema
 * as committed at a git revision (default HEAD) and prisma/schema.prisma in the work tree.
 *
 *   npm run migration:new -- add_filters            # diff against HEAD
 *   npm run migration:new -- add_filters --base main~3
 *
 * `prisma migrate dev` cannot run on these machines (it needs a native engine download), so this
 * is the supported way to author migrations. SQL Prisma cannot express (expression indexes,
 * full-text search) is added by hand to the generated file, below a comment saying so.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchDatabase } from './scratch-database.js';

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--'));
const baseIndex = args.indexOf('--base');
const base = baseIndex >= 0 ? args[baseIndex + 1] : 'HEAD';
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run migration:new -- <snake_case_name> [--base REV]');
  process.exit(2);
}

const previous = execFileSync('git', ['show', `${base}:prisma/schema.prisma`], { encoding: 'utf8' });
const previousDir = mkdtempSync(join(tmpdir(), 'anytime-migration-'));
const previousFile = join(previousDir, 'schema.prisma');
writeFileSync(previousFile, previous);

const scratch = await scratchDatabase();
let sql: string;
try {
  sql = execFileSync(
    'npx',
    ['prisma', 'migrate', 'diff', '--from-schema-datamodel', previousFile, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    { encoding: 'utf8', env: { ...process.env, DATABASE_URL: scratch.url } },
  );
} finally {
  await scratch.stop();
  rmSync(previousDir, { recursive: true, force: true });
}
// The CLI prints its config notice on stdout too; keep only the SQL.
const script = sql.split('\n').filter((line) => !/^(Loaded Prisma config|Prisma config detected)/.test(line)).join('\n');
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), script);
console.log(`wrote ${dir}/migration.sql`);
