/**
 * `npm run bench:routing`: two gateway processes on one embedded PostgreSQL; BENCH_CONVERSATIONS
 * (default 1,000) conversations created concurrently (BENCH_CONCURRENCY in flight, default 50,
 * alternating between the processes), first with routing and auto allocation off, then on
 * (routing `simple` to a department of BENCH_AGENTS online agents, default 10, allocation by
 * load balancing with room for every conversation). Records create latency p50/p99 both ways
 * (and the ratio) and, with automation, time-to-allocated p50/p99 (the conversation's createdTime
 * to its AllocationRecord.allocatedTime, both taken inside the creating transaction).
 */
import pg from 'pg';
import { adminAuth, machine, runBench, spawnGateway, startBenchDatabase } from './harness.js';

const total = Number(process.env.BENCH_CONVERSATIONS ?? 1_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const agentCount = Number(process.env.BENCH_AGENTS ?? 10);
const started = performance.now();

await runBench(async () => {

  const database = await startBenchDatabase();
  const gateways = [await spawnGateway(database.url), await spawnGateway(database.url)];
  const db = new pg.Pool({ connectionString: database.url, max: 2 });

  async function call(url: string, method: string, path: string, body?: unknown, auth = adminAuth) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const json = await call(gateways[0]!.url, 'POST', '/graphql', { query, variables });
    if (json.errors) throw new Error(JSON.stringify(json.errors));
    return json.data;
  };

  const department = (await call(gateways[0]!.url, 'POST', '/api/v3/departments', { name: 'Bench' })).id as number;
  for (let i = 0; i < agentCount; i++) {
    const email = `bench-agent-${i}@example.com`;
    const id = (await gql(`mutation($input: AgentInput!) { createAgent(input: $input) { databaseId } }`, { input: { name: `Agent ${i}`, email, role: 'agent', departmentIds: [department] } })).createAgent.databaseId;
    const secret = (await gql(`mutation($id: ID!) { createApiKey(agentId: $id) { secret } }`, { id: String(id) })).createApiKey.secret;
    await call(gateways[i % 2]!.url, 'PUT', '/api/v3/anytime/agents/me/status', { isOnline: true }, `Basic ${Buffer.from(`${email}:${secret}`).toString('base64')}`);
  }
  const routing = (await call(gateways[0]!.url, 'GET', '/api/v3/anytime/routingRules')).routingRules[0].id;

  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
  };

  /** Creates `total` conversations with `concurrency` in flight; returns each create's latency (ms) and the ids. */
  async function createAll(label: string) {
    const latencies: number[] = [];
    const ids: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const start = performance.now();
        const created = await call(gateways[i % 2]!.url, 'POST', '/api/v3/anytime/conversations', {
          subject: `${label} ${i}`,
          channel: 'email',
          message: { type: 'email', text: { format: 'plaintext', content: 'hello' } },
        });
        latencies.push(performance.now() - start);
        ids.push(created.id);
      }
    }));
    return { latencies, ids, seconds: (performance.now() - t0) / 1000 };
  }

  // Warm-up (JIT, connection pools, prepared plans) on both processes, not measured.
  await Promise.all(Array.from({ length: 40 }, (_, i) => call(gateways[i % 2]!.url, 'POST', '/api/v3/anytime/conversations', { subject: 'warm-up', channel: 'email', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } })));

  const off = await createAll('off');

  await call(gateways[0]!.url, 'PUT', `/api/v3/anytime/routingRules/${routing}`, { enable: true, type: 'simple', simpleRouteType: 'department', simpleRouteToId: department });
  await call(gateways[1]!.url, 'PUT', '/api/v3/anytime/autoAllocation', {
    enable: true, defaultRule: 'loadBalancing', setMaxNumberForEachAgent: false, maxNumberForAllAgents: Math.ceil(total / agentCount) + 10,
  });
  const on = await createAll('on');
  const allocation = (await db.query(
    `SELECT extract(epoch FROM r."allocatedTime" - c."createdTime") * 1000 AS ms FROM "Conversation" c JOIN "AllocationRecord" r ON r."conversationId" = c.id WHERE c.id = ANY($1::int[])`,
    [on.ids],
  )).rows.map((r) => Number(r.ms));
  const spread = (await db.query(`SELECT count(*)::int n FROM "Conversation" WHERE id = ANY($1::int[]) GROUP BY "assignedAgentId"`, [on.ids])).rows.map((r) => r.n as number);
  const loadAvg = (await import('node:os')).loadavg()[0]!.toFixed(1);
  await db.end();

  const row = (name: string, r: { latencies: number[]; seconds: number }) =>
    `| ${name} | ${r.latencies.length} | ${Math.round(r.latencies.length / r.seconds)} | ${percentile(r.latencies, 50).toFixed(1)} | ${percentile(r.latencies, 99).toFixed(1)} |`;
  console.log(`\n## Routing and allocation (\`npm run bench:routing\`), ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(`Machine: ${machine()}; two gateway processes (${gateways[0]!.entry}) on one embedded PostgreSQL; load average ${loadAvg} at the end.`);
  console.log(`${total} conversations per phase, ${concurrency} in flight alternating between the processes; ${agentCount} online agents.\n`);
  console.log('| phase | creations | per s | create p50 ms | create p99 ms |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(row('routing and allocation off', off));
  console.log(row('routing (simple → department) and allocation (loadBalancing) on', on));
  console.log(`\nCreate latency with automation / without: p50 × ${(percentile(on.latencies, 50) / percentile(off.latencies, 50)).toFixed(2)}, p99 × ${(percentile(on.latencies, 99) / percentile(off.latencies, 99)).toFixed(2)}.`);
  console.log(`Time to allocated (createdTime → allocatedTime, inside the creating transaction): ${allocation.length} allocated of ${on.ids.length}, p50 ${percentile(allocation, 50).toFixed(1)} ms, p99 ${percentile(allocation, 99).toFixed(1)} ms.`);
  console.log(`Spread over agents: min ${Math.min(...spread)}, max ${Math.max(...spread)}. Whole run ${((performance.now() - started) / 1000).toFixed(1)} s.`);
});
