/**
 * Until the first release, the whole schema is one migration (prisma/migrations/*_init), rewritten
 * from prisma/schema.prisma plus the hand-written SQL in prisma/sql/*.sql (expression indexes and
 * the like, which Prisma's schema cannot express). After a release, use `npm run migration:new`.
 * Note: Prisma splits migration files on ';' even inside comments, so hand-written comments avoid ';'.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDatabase } from './scratch-database.js';

const root = join(import.meta.dirname, '..');
const initDir = readdirSync(join(root, 'prisma', 'migrations')).find((name) => name.endsWith('_init'));
if (!initDir) throw new Error('no *_init migration folder');
const scratch = await scratchDatabase();
const generated = execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: scratch.url } },
);
await scratch.stop();
const sql = generated.split('\n').filter((line) => !/^(Loaded Prisma config|Prisma config detected)/.test(line)).join('\n');
const extras = readdirSync(join(root, 'prisma', 'sql'))
  .filter((name) => name.endsWith('.sql'))
  .sort()
  .map((name) => `\n-- From prisma/sql/${name}\n${readFileSync(join(root, 'prisma', 'sql', name), 'utf8')}`);
for (const extra of extras) {
  const withoutComments = extra.split('\n').filter((line) => !line.trim().startsWith('--')).join('\n');
  if (extra.split('\n').some((line) => line.trim().startsWith('--') && line.includes(';'))) {
    throw new Error(`a comment in prisma/sql contains ';' (Prisma would split the statement there)`);
  }
  void withoutComments;
}
writeFileSync(join(root, 'prisma', 'migrations', initDir, 'migration.sql'), sql + extras.join(''));
console.log(`rewrote prisma/migrations/${initDir}/migration.sql`);
