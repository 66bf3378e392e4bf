/**
 * Auto allocation with two real gateway processes (src/main.ts) on one database (issue #11
 * item 8): 200 concurrent creations over 5 agents with limit 10 give no double assignment and no
 * limit overrun, the other 150 wait and are drained oldest first as capacity frees (closes sent
 * to both processes); round robin over 1,000 concurrent creations spreads with max − min ≤ 1.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { ADMIN_API_KEY, ADMIN_EMAIL, basicAuth, createTestDatabase } from '../helpers/gateway.js';
import { callJson, eventually, ProcessTestContext } from '../helpers/gateway-process.js';

const context = new ProcessTestContext('anytime-allocation-');
let urls: string[];
const outputs: (() => string)[] = [];
let db: pg.Pool;
let agentIds: number[];

const call = callJson;

async function gql(url: string, query: string, variables: Record<string, unknown>) {
  const json = await call(url, 'POST', '/graphql', { query, variables });
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

const newConversation = (i: number) =>
  call(urls[i % 2]!, 'POST', '/api/v3/anytime/conversations', {
    subject: `Conversation ${i}`,
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'hi' } },
  });

/** Runs `work` for 0..n-1 with at most `width` in flight. */
async function pool(n: number, width: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await work(next++);
  }));
}

const sql = async (text: string, params?: unknown[]) => (await db.query(text, params)).rows;

/** Per agent: conversations open and assigned to it (every one counts: no exclusions set). */
const loads = async () =>
  (await sql(`SELECT a.id, (SELECT count(*)::int FROM "Conversation" c WHERE c."assignedAgentId" = a.id AND c.status <> 'closed') n FROM "Agent" a WHERE a.id = ANY($1::int[]) ORDER BY a.id`, [agentIds])).map((r) => r.n as number);

const waitUntil = eventually;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  urls = [];
  for (let i = 0; i < 2; i++) {
    const gateway = context.spawn({
      dataDir: context.newDataDir(),
      env: {
        DATABASE_URL: databaseUrl, HOST: '127.0.0.1', ADMIN_EMAIL, ADMIN_API_KEY, JWT_SECRET: 'test-secret-for-signing-tokens-0123456789',
        RATE_LIMIT: 'off', CONSUMER_POLL_MS: '200', LOG_LEVEL: 'info',
      },
    });
    outputs.push(gateway.output);
    urls.push(await gateway.listening);
  }
  agentIds = [];
  for (let i = 0; i < 5; i++) {
    const email = `alloc${i}@test.local`;
    const created = await gql(urls[0]!, `mutation($input: AgentInput!) { createAgent(input: $input) { databaseId } }`, { input: { name: `Agent ${i}`, email, role: 'agent' } });
    const id = created.createAgent.databaseId as number;
    const key = await gql(urls[0]!, `mutation($id: ID!) { createApiKey(agentId: $id) { secret } }`, { id: String(id) });
    await call(urls[i % 2]!, 'PUT', '/api/v3/anytime/agents/me/status', { isOnline: true }, basicAuth(email, key.createApiKey.secret));
    agentIds.push(id);
  }
}, 120_000);

afterAll(async () => {
  if (process.env.SHOW_GATEWAY_ERRORS) for (const output of outputs) console.log(output().split('\n').filter((line) => /"level":"(error|warn)"/.test(line)).slice(0, 5).join('\n'));
  await db?.end();
  await context.cleanUp();
});

it('200 concurrent creations through two processes, 5 agents × limit 10: no double assignment, no overrun, the rest drained oldest first', async () => {
  await call(urls[0]!, 'PUT', '/api/v3/anytime/autoAllocation', { enable: true, setMaxNumberForEachAgent: false, maxNumberForAllAgents: 10, defaultRule: 'loadBalancing' });
  const created = await Promise.all(Array.from({ length: 200 }, (_, i) => newConversation(i)));
  const ids = created.map((c) => c.id as number);
  expect(await loads()).toEqual([10, 10, 10, 10, 10]);
  // Every allocated conversation was given once, by allocation, and the answers agree with the rows.
  const given = await sql(`SELECT "conversationId" id, count(*)::int n FROM "DomainEvent" WHERE type = 'conversation.assigneeChanged' GROUP BY 1`);
  expect(given.length).toBe(50);
  expect(given.every((r) => r.n === 1)).toBe(true);
  expect(created.filter((c) => c.assignedAgentId != null).length).toBe(50);
  let waiting = (await sql(`SELECT "conversationId" id FROM "AllocationQueue" ORDER BY "queuedTime", "conversationId"`)).map((r) => r.id as number);
  expect(waiting.length).toBe(150);
  expect(new Set([...waiting, ...given.map((r) => r.id)])).toEqual(new Set(ids));

  // Free capacity in rounds: close every open assigned conversation, half through each process.
  for (let round = 0; round < 3; round++) {
    const open = (await sql(`SELECT id FROM "Conversation" WHERE "assignedAgentId" IS NOT NULL AND status <> 'closed' ORDER BY id`)).map((r) => r.id as number);
    expect(open.length).toBe(50);
    await Promise.all(open.map((id, i) => call(urls[i % 2]!, 'PUT', `/api/v3/anytime/conversations/${id}`, { status: 'closed' })));
    const expected = waiting.slice(0, 50);
    await waitUntil(`round ${round}: 50 allocated`, async () => (await sql(`SELECT count(*)::int n FROM "Conversation" WHERE id = ANY($1::int[]) AND "assignedAgentId" IS NOT NULL`, [expected]))[0].n === 50);
    expect(await loads()).toEqual([10, 10, 10, 10, 10]);
    waiting = (await sql(`SELECT "conversationId" id FROM "AllocationQueue" ORDER BY "queuedTime", "conversationId"`)).map((r) => r.id as number);
    expect(waiting).toEqual(waitingAfter(expected, waiting));
  }
  expect(waiting).toEqual([]);
  const twice = await sql(`SELECT "conversationId" FROM "DomainEvent" WHERE type = 'conversation.assigneeChanged' GROUP BY 1 HAVING count(*) > 1`);
  expect(twice).toEqual([]);
  expect((await sql(`SELECT count(*)::int n FROM "AllocationRecord"`))[0].n).toBe(200);
}, 120_000);

/** The queue after a round holds none of the conversations that round should have allocated. */
function waitingAfter(allocated: number[], waiting: number[]) {
  const gone = new Set(allocated);
  return waiting.filter((id) => !gone.has(id));
}

it('round robin over 1,000 concurrent creations through two processes spreads with max − min ≤ 1', async () => {
  await sql(`UPDATE "Conversation" SET status = 'closed' WHERE status <> 'closed'`);
  await call(urls[1]!, 'PUT', '/api/v3/anytime/autoAllocation', { defaultRule: 'roundRobin', maxNumberForAllAgents: 100_000 });
  const before = await sql(`SELECT max(id)::int m FROM "Conversation"`);
  await pool(1000, 40, (i) => newConversation(i));
  const spread = (await sql(
    `SELECT c."assignedAgentId" a, count(*)::int n FROM "Conversation" c WHERE c.id > $1 GROUP BY 1 ORDER BY 1`,
    [before[0].m],
  )).map((r) => ({ agent: r.a as number | null, n: r.n as number }));
  expect(spread.map((r) => r.agent)).toEqual(agentIds);
  const counts = spread.map((r) => r.n);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
  expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
}, 300_000);
