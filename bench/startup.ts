/**
 * `npm run bench:startup`: how long the gateway takes from spawn to listening, and how much memory
 * it holds once it listens, run from TypeScript through tsx (what `npm start` did before the
 * compiled build) and from the compiled build (`node dist/main.js`, what `npm start` runs now).
 *
 * Both run against one already-running PostgreSQL (DATABASE_URL), so the embedded database's own
 * start (several seconds, the same for both) is not in the figures. BENCH_STARTS [5] starts per
 * way, interleaved; the table shows medians.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, machine, projectRoot, runBench, spawnServer, startBenchDatabase, tempDir } from './harness.js';

const starts = Number(process.env.BENCH_STARTS ?? 5);

await runBench(async () => {
  if (!existsSync(join(projectRoot, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run npm run build first');
  const database = await startBenchDatabase();
  const ways = [
    { label: 'tsx (node --import tsx src/main.ts)', args: ['--import', 'tsx', 'src/main.ts'] },
    { label: 'compiled (node dist/main.js)', args: [join(projectRoot, 'dist', 'main.js')] },
  ];
  const samples = new Map<string, { ms: number; rssMiB: number }[]>(ways.map((way) => [way.label, []]));
  // One unmeasured start first: it runs the migrations and creates the admin, which later starts skip.
  for (let i = 0; i <= starts; i += 1) {
    for (const way of ways) {
      const started = performance.now();
      const server = await spawnServer('gateway', process.execPath, way.args, {
        env: {
          DATABASE_URL: database.url,
          DATA_DIR: tempDir('anytime-bench-startup-'),
          PORT: '0',
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_API_KEY: ADMIN.key,
          JWT_SECRET: 'bench-secret-0123456789abcdef',
          LOG_LEVEL: 'info',
        },
        ready: /"graphql":"(http:\/\/[^"]+)\/graphql"/,
      });
      const ms = performance.now() - started;
      // Resident memory right after listening, before any request.
      const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
      const rssMiB = Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? NaN) / 1024;
      await server.stop();
      if (i > 0) samples.get(way.label)!.push({ ms, rssMiB });
    }
  }
  await database.stop();

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`\nMachine: ${machine()}; ${starts} starts per way, interleaved, medians.\n`);
  console.log('| how it runs | spawn → listening (ms) | RSS when listening (MiB) |');
  console.log('| --- | ---: | ---: |');
  for (const way of ways) {
    const list = samples.get(way.label)!;
    console.log(`| ${way.label} | ${median(list.map((s) => s.ms)).toFixed(0)} | ${median(list.map((s) => s.rssMiB)).toFixed(1)} |`);
  }
});
