/**
 * A crash between a commit and its consumers loses nothing (issue #11 item 1), with real gateway
 * processes (src/main.ts) killed with SIGKILL. The consumer is a real one: auto allocation's
 * queue drain (`allocation.queue`), which hands a waiting conversation to the agent whose
 * capacity a committed close freed.
 *
 * Two ways to die after the commit:
 *  - a gateway that runs no consumers (CONSUMERS=off) commits the close and is killed: the event
 *    was certainly not handled, and a gateway started afterwards handles it from the stored cursor;
 *  - a gateway that does run consumers is killed the moment its answer arrives: whether or not the
 *    handler ran before the kill, after the restart the conversation is allocated exactly once.
 * (That each event is handled once per consumer with two live processes is shown with 200
 * concurrent creations in test/routing/allocation-processes.test.ts.)
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_API_KEY, ADMIN_EMAIL, basicAuth, createTestDatabase } from '../helpers/gateway.js';
import { callJson, eventually, ProcessTestContext, type GatewayProcess } from '../helpers/gateway-process.js';

const context = new ProcessTestContext('anytime-consumer-crash-');
let databaseUrl: string;
let db: pg.Pool;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
});
afterAll(async () => {
  await db?.end();
  await context.cleanUp();
}, 60_000);

const sql = async (text: string, params?: unknown[]) => (await db.query(text, params)).rows;

async function start(consumers: 'on' | 'off'): Promise<{ gateway: GatewayProcess; url: string }> {
  const gateway = context.spawn({
    dataDir: context.newDataDir(),
    env: {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      ADMIN_EMAIL,
      ADMIN_API_KEY,
      JWT_SECRET: 'test-secret-for-signing-tokens-0123456789',
      RATE_LIMIT: 'off',
      CONSUMERS: consumers,
      CONSUMER_POLL_MS: '200',
      WORKERS: '0',
    },
  });
  return { gateway, url: await gateway.listening };
}

async function kill9(gateway: GatewayProcess): Promise<void> {
  gateway.child.kill('SIGKILL');
  expect((await gateway.exited).signal).toBe('SIGKILL');
}

const call = callJson;

const newConversation = async (url: string, subject: string) =>
  (await call(url, 'POST', '/api/v3/anytime/conversations', {
    subject,
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'hello' } },
  })) as { id: number; assignedAgentId: number | null };

const assigneeOf = async (id: number) => (await sql(`SELECT "assignedAgentId" a FROM "Conversation" WHERE id = $1`, [id]))[0]!.a as number | null;
const queued = async () => (await sql(`SELECT "conversationId" id FROM "AllocationQueue" ORDER BY 1`)).map((r) => r.id as number);
const allocationsOf = async (id: number) => (await sql(`SELECT count(*)::int n FROM "AllocationRecord" WHERE "conversationId" = $1`, [id]))[0]!.n as number;
const cursorBehind = async () =>
  (await sql(`SELECT (SELECT max(id) FROM "DomainEvent") - position AS behind FROM "ConsumerCursor" WHERE name = 'allocation.queue'`))[0]?.behind;

// The consumer's own bound is seconds; 10 s leaves room for a restart on a busy machine.
const waitUntil = (what: string, check: () => Promise<boolean>) => eventually(what, check, 10_000);

it('SIGKILL after a commit: the consumer catches up from its stored position after the restart, exactly once', async () => {
  // A first gateway with consumers registers the consumer's cursor, and sets up one online agent
  // who takes one conversation at a time.
  const setup = await start('on');
  const agent = (await call(setup.url, 'POST', '/graphql', {
    query: `mutation { createAgent(input: { name: "Crash Agent", email: "crash@test.local", role: agent }) { databaseId } }`,
  })).data.createAgent.databaseId as number;
  const key = (await call(setup.url, 'POST', '/graphql', { query: `mutation { createApiKey(agentId: "${agent}") { secret } }` })).data.createApiKey.secret as string;
  await call(setup.url, 'PUT', '/api/v3/anytime/agents/me/status', { isOnline: true }, basicAuth('crash@test.local', key));
  await call(setup.url, 'PUT', '/api/v3/anytime/autoAllocation', { enable: true, setMaxNumberForEachAgent: false, maxNumberForAllAgents: 1, defaultRule: 'loadBalancing' });
  const first = await newConversation(setup.url, 'First');
  const second = await newConversation(setup.url, 'Second');
  expect(first.assignedAgentId).toBe(agent);
  expect(second.assignedAgentId).toBeNull();
  expect(await queued()).toEqual([second.id]);
  await waitUntil('consumer at the head of the log', async () => Number(await cursorBehind()) === 0);
  await kill9(setup.gateway);

  // 1. A gateway without consumers commits the close, and dies.
  const writer = await start('off');
  await call(writer.url, 'PUT', `/api/v3/anytime/conversations/${first.id}`, { status: 'closed' });
  expect(Number(await cursorBehind())).toBeGreaterThan(0);
  await kill9(writer.gateway);
  // Nothing handled the event: the second conversation still waits.
  expect(await queued()).toEqual([second.id]);
  expect(await assigneeOf(second.id)).toBeNull();

  // The restart picks the event up from the stored position.
  const restarted = await start('on');
  await waitUntil('second conversation allocated after the restart', async () => (await assigneeOf(second.id)) === agent);
  await waitUntil('consumer caught up', async () => Number(await cursorBehind()) === 0);
  expect(await queued()).toEqual([]);
  expect(await allocationsOf(second.id)).toBe(1);

  // 2. A gateway that runs consumers is killed as soon as it answers the commit.
  const third = await newConversation(restarted.url, 'Third');
  expect(third.assignedAgentId).toBeNull();
  await call(restarted.url, 'PUT', `/api/v3/anytime/conversations/${second.id}`, { status: 'closed' });
  await kill9(restarted.gateway);

  const again = await start('on');
  await waitUntil('third conversation allocated after the restart', async () => (await assigneeOf(third.id)) === agent);
  await waitUntil('consumer caught up', async () => Number(await cursorBehind()) === 0);
  expect(await allocationsOf(third.id)).toBe(1);
  // Allocated once: one assignment event for it, by the automation, whichever process handled it.
  const assignments = await sql(`SELECT "actorType" FROM "DomainEvent" WHERE type = 'conversation.assigneeChanged' AND "conversationId" = $1`, [third.id]);
  expect(assignments).toEqual([{ actorType: 'automation' }]);
  again.gateway.child.kill('SIGTERM');
  expect((await again.gateway.exited).code).toBe(0);
}, 180_000);
