/**
 * Exact caches across processes (src/db/invalidation.ts): remembered totals, viewers and compiled
 * filters are served only until a commit touches what they came from, in this process at once and
 * in another once the commit's notification arrives; with the listener gone nothing is remembered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { submit } from '../conversations/helpers.js';

let a: TestGateway;
let b: TestGateway;
const total = async (gw: TestGateway, auth?: string) => {
  const res = await gw.gql(`{ conversations(first: 1) { totalCount } }`, {}, auth);
  expect(res.errors).toBeUndefined();
  return res.data.conversations.totalCount as number;
};

beforeAll(async () => {
  a = await startTestGateway();
  b = await startTestGateway({ databaseUrl: a.databaseUrl });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('remembered totals', () => {
  it('are served without counting again, and a write through the API shows at once in its process', async () => {
    await submit(a, {});
    const first = await total(a);
    expect(await a.countSql(() => total(a))).toBe(1); // the page only: total and viewer remembered
    await submit(a, {});
    expect(await total(a)).toBe(first + 1);
  });

  it("follow another process's writes once their notification arrived", async () => {
    const before = await total(b);
    await submit(a, {});
    await b.gateway.deps.invalidations.barrier();
    expect(await total(b)).toBe(before + 1);
  });

  it('follow writes made behind every gateway (plain SQL)', async () => {
    const before = await total(a);
    await a.sql(`UPDATE "Conversation" SET "deletedTime" = now() WHERE id = (SELECT max(id) FROM "Conversation")`);
    expect(await total(a)).toBe(before - 1);
  });
});

describe('remembered viewers', () => {
  it('a revoked API key fails at once in its process and in another', async () => {
    const agent = await a.createAgent();
    expect((await a.rest('GET', `/api/v3/agents/${agent.id}`, undefined, agent.auth)).status).toBe(200);
    expect((await b.rest('GET', `/api/v3/agents/${agent.id}`, undefined, agent.auth)).status).toBe(200);
    const keyId = (await a.sql(`SELECT id FROM "ApiKey" WHERE "agentId" = $1`, [agent.id]))[0].id;
    const revoked = await a.gql(`mutation($id: Int!) { revokeApiKey(id: $id) { revokedTime } }`, { id: keyId });
    expect(revoked.errors).toBeUndefined();
    expect((await a.rest('GET', `/api/v3/agents/${agent.id}`, undefined, agent.auth)).status).toBe(401);
    await b.gateway.deps.invalidations.barrier();
    expect((await b.rest('GET', `/api/v3/agents/${agent.id}`, undefined, agent.auth)).status).toBe(401);
  });

  it('a demoted admin loses admin rights at once', async () => {
    const admin = await a.createAgent({ role: 'admin' });
    const asAdmin = () => a.gql(`mutation { createAgent(input: { name: "X", email: "x-${Date.now()}@t.local", role: agent }) { databaseId } }`, {}, admin.auth);
    expect((await asAdmin()).errors).toBeUndefined();
    // What follows that write in the background settles first: the consumers' reactions to
    // agent.created (auto allocation's drain) and the notifications of every commit, which move
    // the generations (on a busy machine they could land between the two reads below).
    await a.gateway.consumers?.drain();
    await a.gateway.deps.invalidations.barrier();
    // A read remembers the admin viewer again (the write above moved every generation).
    const read = () => a.countSql(() => a.rest('GET', '/api/v3/agents', undefined, admin.auth));
    const first = await read();
    expect(await read()).toBe(first - 1); // no statement for authentication
    await a.sql(`UPDATE "Agent" SET role = 'agent' WHERE id = $1`, [admin.id]);
    expect((await asAdmin()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('without the listener', () => {
  it('nothing is remembered until it reconnects, so answers stay exact', async () => {
    const before = await total(a);
    await a.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'anytime-invalidation-listener' AND datname = current_database()`);
    // Lost notifications cannot be told apart from none: each request counts again (page + total
    // in one statement, and authentication).
    await expect.poll(() => a.gateway.deps.invalidations.generation('conversations')).toBeNull();
    expect(await a.countSql(() => total(a))).toBe(2);
    // A write behind the gateway's back is seen although no notification can reach it.
    await a.sql(`UPDATE "Conversation" SET "deletedTime" = NULL`);
    const now = await total(a);
    expect(now).toBeGreaterThan(before);
    // It reconnects by itself (one second later) and remembers again.
    await expect.poll(() => a.gateway.deps.invalidations.generation('conversations'), { timeout: 5000 }).not.toBeNull();
    await total(a);
    expect(await a.countSql(() => total(a))).toBe(1);
  });
});
