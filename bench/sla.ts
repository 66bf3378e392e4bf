/**
 * `npm run bench:sla`: one gateway process on an embedded PostgreSQL, BENCH_CONVERSATIONS
 * (default 10,000) open conversations (seeded in SQL, each with one contact message and one agent
 * reply, so all three clocks have work), a business-hours SLA policy matching all of them, then
 * working-time changes through the API. Each change answers at once and enqueues the
 * `sla.recomputeOpen` job; the benchmark records the request's latency and how long until the
 * job finished (its row is gone from graphile_worker.jobs), i.e. every open conversation
 * recomputed. Conversations are created within the last BENCH_CONVERSATIONS seconds, so their
 * breach timers lie ahead (none fires during the run).
 */
import pg from 'pg';
import { adminAuth, machine, runBench, spawnGateway, startBenchDatabase } from './harness.js';

const total = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const started = performance.now();

await runBench(async () => {
  const database = await startBenchDatabase();
  const gateway = await spawnGateway(database.url);
  const db = new pg.Pool({ connectionString: database.url, max: 2 });

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: adminAuth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  await db.query(`
    INSERT INTO "Conversation" (guid, subject, channel, status, "createdByType", "createdTime", "lastActivityTime", "lastStatusChangeTime", "lastRepliedTime")
    SELECT gen_random_uuid(), 'bench ' || g, 'email', 'new'::"ConversationStatus", 'system', now() - (g || ' seconds')::interval, now(), now() - (g || ' seconds')::interval, now()
    FROM generate_series(1, $1) g`, [total]);
  await db.query(`
    INSERT INTO "Message" (id, "conversationId", type, "directType", "senderType", "plainText", time)
    SELECT gen_random_uuid(), c.id, 'email'::"MessageType", 'receive', 'contact', 'help', c."createdTime" FROM "Conversation" c
    UNION ALL
    SELECT gen_random_uuid(), c.id, 'reply'::"MessageType", 'send', 'agent', 'on it', c."createdTime" + interval '5 minutes' FROM "Conversation" c
    UNION ALL
    SELECT gen_random_uuid(), c.id, 'email'::"MessageType", 'receive', 'contact', 'still', c."createdTime" + interval '10 minutes' FROM "Conversation" c`);
  await call('POST', '/api/v2/anytime/SLAPolicies', { firstRespondWithin: 4, nextRespondWithin: 8, resolveRespondWithin: 40, businessHours: true, conditions: [] });
  // The policy's creation already enqueued a recompute: let it finish before measuring.
  await waitForJob();

  async function waitForJob(): Promise<number> {
    const t0 = performance.now();
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int n FROM graphile_worker.jobs WHERE key = 'sla.recomputeOpen'`);
      if (rows[0].n === 0) return performance.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const week = (timeZone: string, start: number, end: number) => ({
    timeZone,
    workingTimes: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].flatMap((dayOfWeek) => [
      { dayOfWeek, startHour: start, startMin: 0, endHour: 12, endMin: 0 },
      { dayOfWeek, startHour: 13, startMin: 0, endHour: end, endMin: 0 },
    ]),
  });
  const runs: { label: string; requestMs: number; jobMs: number }[] = [];
  for (const [label, body] of [
    ['split shifts 8–12, 13–18, Europe/London', week('Europe/London', 8, 18)],
    ['split shifts 7–12, 13–19, Australia/Lord_Howe', week('Australia/Lord_Howe', 7, 19)],
  ] as const) {
    const t0 = performance.now();
    await call('PUT', '/api/v3/anytime/workingTime', body);
    const requestMs = performance.now() - t0;
    const jobMs = await waitForJob();
    runs.push({ label, requestMs, jobMs: requestMs + jobMs });
  }
  const { rows: check } = await db.query(`SELECT count(*)::int n FROM "Conversation" WHERE "slaPolicyId" IS NOT NULL AND "resolveBreachAt" IS NOT NULL AND "nextRespondBreachAt" IS NOT NULL`);
  const loadAvg = (await import('node:os')).loadavg()[0]!.toFixed(1);
  await db.end();

  console.log(`\n## SLA recompute after a working-time change (\`npm run bench:sla\`), ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(`Machine: ${machine()}; one gateway process (${gateway.entry}, 2 workers) on embedded PostgreSQL; load average ${loadAvg} at the end.`);
  console.log(`${total} open conversations under one business-hours policy (each: contact message, agent reply, contact message); ${check[0].n} with all clocks set at the end.\n`);
  console.log('| working-time change | PUT answered ms | recompute job done ms | conversations / s |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of runs) console.log(`| ${r.label} | ${r.requestMs.toFixed(0)} | ${r.jobMs.toFixed(0)} | ${Math.round(total / (r.jobMs / 1000))} |`);
  console.log(`\nWhole run ${((performance.now() - started) / 1000).toFixed(1)} s.`);
});
