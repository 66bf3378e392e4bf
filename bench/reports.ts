/**
 * `npm run bench:reports`: reports at a million conversations (issue #15).
 *
 * Seeds, with SQL generate_series straight into a throwaway embedded PostgreSQL, N conversations
 * over two years (5 messages each, closes, reopens, reassignments, SLA breaches) and their events
 * in the DomainEvent log, in commit order; then starts the real gateway, whose `reports.rollups`
 * consumer replays the whole log into the rollups (timed: events per second), and measures over
 * HTTP, sequentially:
 *   realtime now / today, volume 90 days by day, volume and efficiency 2 years by month (p50/p95),
 *   a 2-year by-day-by-agent CSV export (rows, MiB, seconds, the gateway's RSS sampled every 50 ms),
 * and, in the same run, the plain-SQL computation of the same volume reports from the raw rows
 * (src/modules/reports/reference.ts) for the ratio.
 *
 * Env (defaults in brackets):
 *   BENCH_CONVERSATIONS [1000000]  conversations (5 messages each); 20000 gives a quick run
 *   BENCH_REQUESTS [40]            sequential requests per measured report
 *   BENCH_CONSUMER_SECONDS [60]    how long the consumer's replay rate is sampled
 *   BENCH_CONSUMER_ONLY [unset]    1: stop after that sample
 *   BENCH_HOURLY_EXPORT [unset]    1: also export 2 years by hour by agent (the large streamed file)
 *   BENCH_GATEWAY_HEAP [unset]     MiB: cap the gateway's V8 old space (a stream that kept its rows would die)
 *   BENCH_README [auto]            1: write bench/README.md; 0: never; by default only at 1,000,000
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { referenceHourlySql } from '../src/modules/reports/reference.js';
import { adminAuth, connectClient, machine, projectRoot, runBench, spawnGateway, startBenchDatabase } from './harness.js';

const N = Number(process.env.BENCH_CONVERSATIONS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const SAMPLE_SECONDS = Number(process.env.BENCH_CONSUMER_SECONDS ?? 60);
const WRITE_README = process.env.BENCH_README === '1' || (process.env.BENCH_README !== '0' && N === 1_000_000);
const DAY = 86_400_000;
const SPAN_DAYS = 730;

type Client = Awaited<ReturnType<typeof connectClient>>;

/**
 * Conversation i (1…N) is created at T0 + i·step; its events follow from i alone, so the seed is
 * set-based: contact, agent, contact, agent, contact messages f(i) minutes apart (f = 1…90); 19 in 20
 * closed hours later (i mod 48); 1 in 350 of those reopened and closed again; 1 in 5 created without
 * an agent and assigned 30 s later. As in a real help desk the dimensions go together: 50 agents
 * (each in one of 10 departments), 4 channels with one account each, email and chat under an SLA
 * policy each; 1 in 30 breaching the first-response target before the answer.
 */
const CONVERSATION = `
  T0 + i * step AS created,
  (ARRAY['email','portal','chat','facebookMessenger'])[1 + i % 4] AS channel,
  1 + (i * 7) % 50 AS agent,
  1 + ((i * 7) % 50) % 10 AS dept,
  (1 + i % 4)::text AS account,
  CASE i % 4 WHEN 0 THEN '1' WHEN 2 THEN '2' END AS policy,
  (1 + i % 90) * interval '1 minute' AS f,
  i % 20 <> 0 AS closed,
  i % 350 = 1 AS reopened,
  i % 5 = 2 AS reassigned,
  i % 30 = 0 AS breached`;

async function seed(db: Client): Promise<{ events: number; messages: number; seconds: number }> {
  const t = Date.now();
  const end = Date.now() - 3 * DAY;
  const t0 = new Date(end - SPAN_DAYS * DAY).toISOString();
  const step = `${(SPAN_DAYS * 86_400) / N} seconds`;
  const params = `WITH p AS (SELECT '${t0}'::timestamp AS T0, '${step}'::interval AS step)`;
  await db.query(`INSERT INTO "Department"(name) SELECT 'Department ' || i FROM generate_series(1, 10) i`);
  await db.query(`INSERT INTO "Agent"(name, email) SELECT 'Agent ' || i, 'agent' || i || '@bench.local' FROM generate_series(1, 50) i`);
  await db.query(`INSERT INTO "SlaPolicy"("firstRespondWithin", "nextRespondWithin", "resolveRespondWithin", "orderIndex") VALUES (1, 2, 8, 1), (4, 8, 24, 2)`);
  await db.query(`
    ${params}, c AS (SELECT i, ${CONVERSATION} FROM p, generate_series(1, ${N}) i)
    INSERT INTO "Conversation"(id, guid, subject, channel, status, priority, "assignedAgentId", "assignedDepartmentId", "createdByType", "createdById",
      "receivedBy", "slaPolicyId", "createdTime", "lastActivityTime", "lastStatusChangeTime", "lastRepliedTime", "closedTime", "lastMessage")
    SELECT i, md5('c' || i)::uuid, 'Order ' || i, channel,
      (CASE WHEN closed THEN 'closed' ELSE (ARRAY['new','pendingInternal','pendingExternal','onHold'])[1 + i % 4] END)::"ConversationStatus",
      (ARRAY['urgent','high','normal','low'])[1 + i % 4]::"ConversationPriority",
      agent, dept, 'contact', '1', account, policy, created, created + 5 * f, created + 5 * f, created + 5 * f,
      CASE WHEN closed THEN created + 6 * f + (i % 48) * interval '1 hour' END, 'Thanks'
    FROM c`);
  await db.query(`SELECT setval(pg_get_serial_sequence('"Conversation"', 'id'), ${N})`);
  await db.query(`
    ${params}, c AS (SELECT i, ${CONVERSATION} FROM p, generate_series(1, ${N}) i)
    INSERT INTO "Message"(id, "conversationId", type, "directType", source, texts, "plainText", "senderId", "senderType", time)
    SELECT md5(i || '-' || m)::uuid, i, 'reply', CASE WHEN m % 2 = 0 THEN 'send' ELSE 'receive' END, 'API', '[]', 'Message ' || m,
      CASE WHEN m % 2 = 0 THEN agent::text ELSE '1' END, CASE WHEN m % 2 = 0 THEN 'agent' ELSE 'contact' END, created + (m - 1) * f
    FROM c, generate_series(1, 5) m`);
  // Events in commit order: chunks of event time, each inserted sorted (ids follow time).
  const chunkDays = 10;
  for (let day = -5; day < SPAN_DAYS + 5; day += chunkDays) {
    const from = new Date(Date.parse(t0) + day * DAY).toISOString();
    const to = new Date(Date.parse(t0) + (day + chunkDays) * DAY).toISOString();
    const lo = Math.max(1, Math.floor(((day - 4) * DAY) / ((SPAN_DAYS * DAY) / N)));
    const hi = Math.min(N, Math.ceil(((day + chunkDays) * DAY) / ((SPAN_DAYS * DAY) / N)));
    if (hi < lo) continue;
    await db.query(`
      ${params}, c AS (SELECT i, ${CONVERSATION} FROM p, generate_series(${lo}, ${hi}) i),
      closes AS (SELECT c.*, created + 6 * f + (i % 48) * interval '1 hour' AS closed_at FROM c),
      ev AS (
        SELECT i, 0 AS k, created AS t, 'conversation.created' AS type, jsonb_build_object('channel', channel, 'status', 'new', 'priority', (ARRAY['urgent','high','normal','low'])[1 + i % 4],
          'assignedAgentId', CASE WHEN reassigned THEN NULL ELSE agent END, 'assignedDepartmentId', CASE WHEN reassigned THEN NULL ELSE dept END,
          'contactId', NULL, 'createdByType', 'contact', 'createdById', '1') AS payload FROM c
        UNION ALL SELECT i, 1, created + interval '30 seconds', 'conversation.assigneeChanged',
          jsonb_build_object('from', jsonb_build_object('agentId', NULL, 'departmentId', NULL), 'to', jsonb_build_object('agentId', agent, 'departmentId', dept)) FROM c WHERE reassigned
        UNION ALL SELECT i, 1 + m, created + (m - 1) * f + interval '1 second', 'message.added',
          jsonb_build_object('messageId', md5(i || '-' || m)::uuid, 'type', 'reply', 'senderType', CASE WHEN m % 2 = 0 THEN 'agent' ELSE 'contact' END,
            'senderId', CASE WHEN m % 2 = 0 THEN agent::text ELSE '1' END) FROM c, generate_series(1, 5) m
        UNION ALL SELECT i, 10, created + f / 2, 'sla.breached', jsonb_build_object('target', 'firstRespond', 'policyId', policy, 'breachAt', created + f / 2)
          FROM c WHERE breached AND policy IS NOT NULL
        UNION ALL SELECT i, 20, closed_at, 'conversation.statusChanged', jsonb_build_object('from', 'new', 'to', 'closed') FROM closes WHERE closed
        UNION ALL SELECT i, 21, closed_at + interval '1 hour', 'conversation.statusChanged', jsonb_build_object('from', 'closed', 'to', 'pendingInternal') FROM closes WHERE closed AND reopened
        UNION ALL SELECT i, 22, closed_at + interval '2 hours', 'conversation.statusChanged', jsonb_build_object('from', 'pendingInternal', 'to', 'closed') FROM closes WHERE closed AND reopened
      )
      INSERT INTO "DomainEvent"("type", "conversationId", "actorType", "actorId", "payload", "time")
      SELECT type, i, 'contact', '1', payload, t FROM ev WHERE t >= '${from}'::timestamp AND t < '${to}'::timestamp ORDER BY t, i, k`);
  }
  const [{ events }] = (await db.query(`SELECT count(*)::int AS events FROM "DomainEvent"`)).rows;
  await db.query('VACUUM ANALYZE');
  return { events, messages: N * 5, seconds: (Date.now() - t) / 1000 };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function timed(url: string, path: string, check: (body: any) => boolean) {
  const first = await fetch(url + path, { headers: { authorization: adminAuth } });
  const body = await first.json();
  if (first.status !== 200 || !check(body)) throw new Error(`${path}: ${first.status} ${JSON.stringify(body).slice(0, 500)}`);
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const res = await fetch(url + path, { headers: { authorization: adminAuth } });
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), rows: Array.isArray(body.dataList) ? body.dataList.length : 1, body };
}

runBench(async () => {
  const load0 = loadavg();
  console.log(`bench:reports: ${N.toLocaleString('en')} conversations on ${machine()}, load ${load0.map((l) => l.toFixed(2)).join(' ')}`);
  const database = await startBenchDatabase({ flags: ['-c', 'shared_buffers=1GB', '-c', 'work_mem=64MB', '-c', 'max_wal_size=8GB', '-c', 'max_parallel_workers_per_gather=2'] });
  const db = await connectClient(database.url);
  const seeded = await seed(db);
  console.log(`seeded ${N} conversations, ${seeded.messages} messages, ${seeded.events} events in ${seeded.seconds.toFixed(0)} s`);

  // The consumer's replay speed, measured on the head of the log for CONSUMER_SAMPLE_SECONDS.
  const maxId = Number((await db.query(`SELECT max(id) AS m FROM "DomainEvent"`)).rows[0].m);
  const sampler0 = await spawnGateway(database.url, { CONSUMER_BATCH_SIZE: '2000', CONSUMER_POLL_MS: '200', WORKERS: '0' });
  const cursor = async () => Number((await db.query(`SELECT position FROM "ConsumerCursor" WHERE name = 'reports.rollups'`)).rows[0].position);
  const sampleStart = Date.now();
  while (Date.now() - sampleStart < SAMPLE_SECONDS * 1000 && (await cursor()) < maxId) await new Promise((resolve) => setTimeout(resolve, 500));
  const sampled = await cursor();
  const sampleSeconds = (Date.now() - sampleStart) / 1000;
  await sampler0.stop();
  const replayRate = sampled / sampleSeconds;
  console.log(`consumer replay: ${sampled} events in ${sampleSeconds.toFixed(0)} s (${Math.round(replayRate)} events/s)`);
  if (process.env.BENCH_CONSUMER_ONLY === '1') return;

  // The whole rollup from the raw log by the plain-SQL reference (the same rows the consumer
  // writes: test/reports/recompute.test.ts); this is also the raw-SQL computation of any report.
  const buildStart = performance.now();
  await db.query(`TRUNCATE "ReportHour", "ReportDay", "ReportOpenTotal", "ReportConversation", "ReportSetting"`);
  await db.query(`SET work_mem = '512MB'`);
  await db.query(`INSERT INTO "ReportHour" SELECT * FROM (${referenceHourlySql().text}) x`);
  const rawSeconds = (performance.now() - buildStart) / 1000;
  await db.query(`INSERT INTO "ReportOpenTotal" SELECT "agentId", "departmentId", "channel", "accountId", "slaPolicyId", sum("openDelta") FROM "ReportHour" GROUP BY 1, 2, 3, 4, 5`);
  const counters = '"created", "closed", "reopened", "replied", "openDelta", "firstResponses", "firstResponseMs", "responseMs", "conversationMs", "closedContactMessages", "closedAgentMessages", "slaFirstAchieved", "slaFirstBreached", "slaNextAchieved", "slaNextBreached", "slaResolveAchieved", "slaResolveBreached", "slaBreachedTickets"';
  await db.query(`INSERT INTO "ReportDay" SELECT ("hour" AT TIME ZONE 'UTC' AT TIME ZONE 'UTC')::date, "agentId", "departmentId", "channel", "accountId", "slaPolicyId", ${counters.split(', ').map((c) => `sum(${c})`).join(', ')} FROM "ReportHour" GROUP BY 1, 2, 3, 4, 5, 6`);
  await db.query(`INSERT INTO "ReportSetting" ("id", "dayZone") VALUES (1, 'UTC')`);
  await db.query(`UPDATE "ConsumerCursor" SET position = $1 WHERE name = 'reports.rollups'`, [maxId]);
  await db.query('VACUUM ANALYZE "ReportHour"');
  await db.query('VACUUM ANALYZE "ReportDay"');
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const counts = (await db.query(`SELECT (SELECT count(*) FROM "ReportHour")::int AS h, (SELECT count(*) FROM "ReportDay")::int AS d`)).rows[0];
  const hourRows = counts.h as number;
  const dayRows = counts.d as number;
  console.log(`rollup built from the log by plain SQL: ${rawSeconds.toFixed(0)} s for the reference, ${buildSeconds.toFixed(0)} s in all; ${hourRows} hour rows, ${dayRows} day rows`);
  // BENCH_GATEWAY_HEAP=<MiB>: the gateway's old space capped (a stream that kept its rows would die).
  const gateway = await spawnGateway(database.url, { WORKERS: '0', ...(process.env.BENCH_GATEWAY_HEAP ? { NODE_OPTIONS: `--max-old-space-size=${process.env.BENCH_GATEWAY_HEAP}` } : {}) });

  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const last90 = `startTime=${iso(now - 90 * DAY)}&endTime=${iso(now)}`;
  const twoYears = `startTime=${iso(now - SPAN_DAYS * DAY)}&endTime=${iso(now)}`;
  const loadAt = loadavg();
  const results = [
    ['realtime now', await timed(gateway.url, '/api/v3/anytime/reports/realtime/now', (b) => b.openConversations > 0)],
    ['realtime today', await timed(gateway.url, '/api/v3/anytime/reports/realtime/today', (b) => typeof b.createdConversations === 'number')],
    ['realtime agents', await timed(gateway.url, '/api/v3/anytime/reports/realtime/agents', (b) => b.dataList.length >= 50)],
    ['volume, 90 days by day', await timed(gateway.url, `/api/v3/anytime/reports/volume?${last90}&timeUnit=day`, (b) => b.dataList.length >= 90)],
    ['efficiency, 90 days by day', await timed(gateway.url, `/api/v3/anytime/reports/efficiency?${last90}&timeUnit=day`, (b) => b.dataList.length >= 90)],
    ['volume, 2 years by month', await timed(gateway.url, `/api/v3/anytime/reports/volume?${twoYears}&timeUnit=month`, (b) => b.dataList.length >= 24)],
    ['efficiency, 2 years by month', await timed(gateway.url, `/api/v3/anytime/reports/efficiency?${twoYears}&timeUnit=month`, (b) => b.dataList.length >= 24)],
    ['SLA, 2 years by month by policy', await timed(gateway.url, `/api/v3/anytime/reports/sla?${twoYears}&timeUnit=month`, (b) => b.dataList.length >= 24)],
  ] as const;
  for (const [name, r] of results) console.log(`${name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (${r.rows} rows)`);

  // The 2-year by-day-by-agent export (and with BENCH_HOURLY_EXPORT=1 by hour: ~24× the rows), RSS sampled while it streams.
  const exportOnce = async (unit: 'day' | 'hour') => {
    const rss: number[] = [gateway.memory().rssMiB];
    const sampler = setInterval(() => rss.push(gateway.memory().rssMiB), 50);
    const exportStart = performance.now();
    const res = await fetch(`${gateway.url}/api/v3/anytime/reports/volume/export?${twoYears}&timeUnit=${unit}&dimensionType=byAgent`, { headers: { authorization: adminAuth } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines += 1;
    }
    const seconds = (performance.now() - exportStart) / 1000;
    clearInterval(sampler);
    rss.push(gateway.memory().rssMiB);
    // RSS over the stream's course (tenths): flat or climbing?
    const course = Array.from({ length: 11 }, (_, k) => rss[Math.min(rss.length - 1, Math.floor((k / 10) * (rss.length - 1)))]!.toFixed(0)).join(' ');
    const row = { course, rows: lines - 1, mib: bytes / 2 ** 20, seconds, rssMin: Math.min(...rss), rssMax: Math.max(...rss), rssFirst: rss[0]!, rssLast: rss[rss.length - 1]!, samples: rss.length };
    console.log(`export 2 years by ${unit} by agent: ${row.rows} rows, ${row.mib.toFixed(1)} MiB in ${seconds.toFixed(2)} s; gateway RSS ${row.rssMin.toFixed(0)}–${row.rssMax.toFixed(0)} MiB over ${rss.length} samples (first ${row.rssFirst.toFixed(0)}, last ${row.rssLast.toFixed(0)}; by tenths ${course})`);
    return row;
  };
  const exportRow = await exportOnce('day');
  if (process.env.BENCH_HOURLY_EXPORT === '1') await exportOnce('hour');

  // A plainer raw query for scale: created and closed per day straight from the log, 90 days.
  const plainStart = performance.now();
  await db.query(`SELECT date_trunc('day', time) AS b, count(*) FILTER (WHERE type = 'conversation.created'), count(*) FILTER (WHERE type = 'conversation.statusChanged' AND payload->>'to' = 'closed')
    FROM "DomainEvent" WHERE time >= '${iso(now - 90 * DAY)}'::timestamp GROUP BY 1`);
  const plainSeconds = (performance.now() - plainStart) / 1000;
  const load1 = loadavg();
  await gateway.stop();

  const get = (name: string) => results.find(([n]) => n === name)![1];
  const targets: Record<string, number> = { 'realtime now': 50, 'realtime today': 50, 'volume, 90 days by day': 200, 'volume, 2 years by month': 500 };
  const tableRows = results.map(([name, r]) => `| ${name} | ${r.rows} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${targets[name] ? `< ${targets[name]} ms` : ''} |`);
  const section = `## Reports (\`npm run bench:reports\`)

${new Date().toISOString().slice(0, 10)}, ${machine()}; load average ${load0.map((l) => l.toFixed(2)).join(' ')} at the start, ${loadAt.map((l) => l.toFixed(2)).join(' ')} when measuring, ${load1.map((l) => l.toFixed(2)).join(' ')} at the end (the machine is shared with other sessions).

Seeded with SQL generate_series: ${N.toLocaleString('en')} conversations over two years, ${seeded.messages.toLocaleString('en')} messages and ${seeded.events.toLocaleString('en')} events in the log (created, messages, closes, reopens, reassignments, SLA breaches) in ${seeded.seconds.toFixed(0)} s. The gateway's \`reports.rollups\` consumer, replaying the log from the start, folded ${sampled.toLocaleString('en')} events in ${sampleSeconds.toFixed(0)} s (${Math.round(replayRate).toLocaleString('en')} events/s, batches of 2,000), so the rest of the rollup was built by the plain-SQL reference (the same rows, test/reports/recompute.test.ts): ${rawSeconds.toFixed(0)} s for ${hourRows.toLocaleString('en')} hour rows (${dayRows.toLocaleString('en')} day rows).

${REQUESTS} sequential requests each, over HTTP (REST), after one unmeasured:

| report | rows | p50 ms | p95 ms | target (p95) |
| --- | ---: | ---: | ---: | --- |
${tableRows.join('\n')}

Export, 2 years by day by agent (\`/reports/volume/export?timeUnit=day&dimensionType=byAgent\`): ${exportRow.rows.toLocaleString('en')} rows, ${exportRow.mib.toFixed(1)} MiB in ${exportRow.seconds.toFixed(2)} s; the gateway's RSS sampled every 50 ms while it streamed (${exportRow.samples} samples): ${exportRow.rssMin.toFixed(0)}–${exportRow.rssMax.toFixed(0)} MiB (first ${exportRow.rssFirst.toFixed(0)}, last ${exportRow.rssLast.toFixed(0)}).

Raw SQL in the same run: computing the reports from the raw rows (\`src/modules/reports/reference.ts\`, window functions over each conversation's whole history: the figures do not depend on the range) took ${rawSeconds.toFixed(1)} s, ${Math.round((rawSeconds * 1000) / get('volume, 90 days by day').p50).toLocaleString('en')}× the rollup's p50 for 90 days by day and ${Math.round((rawSeconds * 1000) / get('volume, 2 years by month').p50).toLocaleString('en')}× for 2 years by month. Only counting created and closed per day straight from the log for 90 days (no responses, no open, no dimensions) takes ${plainSeconds.toFixed(2)} s.
`;
  console.log('\n' + section);
  if (WRITE_README) {
    const file = join(projectRoot, 'bench', 'README.md');
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf('## Reports (`npm run bench:reports`)');
    const next = start >= 0 ? text.indexOf('\n## ', start + 10) : -1;
    const updated = start >= 0 ? text.slice(0, start) + section + (next >= 0 ? text.slice(next) : '') : `${text.trimEnd()}\n\n${section}`;
    writeFileSync(file, updated);
    console.log('bench/README.md updated');
  }
});
