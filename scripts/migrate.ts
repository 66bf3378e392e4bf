/** `npm run db:migrate`: applies pending migrations to DATABASE_URL without starting the server. */
import { migrate } from '../src/db/migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const { applied } = await migrate(url);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply');
