/**
 * The rollup consumer counts every event exactly once across crashes (issue #15 item 3), with
 * real gateway processes (src/main.ts) killed with SIGKILL:
 *  - traffic committed by a gateway without consumers (CONSUMERS=off), which is then killed;
 *  - gateways with consumers (batches of one event, each its own transaction) killed the moment
 *    their cursor first moves, again and again, in the middle of catching up, each restart resuming from the
 *    stored cursor;
 *  - one killed the moment its answer to a write arrives.
 * Afterwards ReportHour equals the plain-SQL reference over the log: nothing lost, nothing twice.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { referenceHourlySql } from '../../src/modules/reports/reference.js';
import { ADMIN_API_KEY, ADMIN_EMAIL, createTestDatabase } from '../helpers/gateway.js';
import { callJson, eventually, ProcessTestContext, type GatewayProcess } from '../helpers/gateway-process.js';

const context = new ProcessTestContext('anytime-rollup-crash-');
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
      DATABASE_URL: databaseUrl, HOST: '127.0.0.1', ADMIN_EMAIL, ADMIN_API_KEY,
      JWT_SECRET: 'test-secret-for-signing-tokens-0123456789', RATE_LIMIT: 'off',
      CONSUMERS: consumers, CONSUMER_POLL_MS: '100', CONSUMER_BATCH_SIZE: '1', WORKERS: '0',
    },
  });
  return { gateway, url: await gateway.listening };
}

async function kill9(gateway: GatewayProcess): Promise<void> {
  gateway.child.kill('SIGKILL');
  expect((await gateway.exited).signal).toBe('SIGKILL');
}

const position = async () => Number((await sql(`SELECT position FROM "ConsumerCursor" WHERE name = 'reports.rollups'`))[0]?.position ?? -1);
const head = async () => Number((await sql(`SELECT coalesce(max(id), 0) AS m FROM "DomainEvent"`))[0].m);
const COLS = `"agentId", "departmentId", "channel", "accountId", "slaPolicyId", created, closed, reopened, replied, "openDelta", "firstResponses", "firstResponseMs", "responseMs", "conversationMs", "closedContactMessages", "closedAgentMessages"`;
const table = async (from: string) =>
  (await sql(`SELECT to_char(hour, 'YYYY-MM-DD HH24') AS h, ${COLS} FROM ${from} x WHERE created <> 0 OR closed <> 0 OR reopened <> 0 OR replied <> 0 OR "openDelta" <> 0 OR "closedContactMessages" <> 0 ORDER BY 1, 2, 3, 4, 5, 6`)).map((r) => JSON.stringify(r));

async function traffic(url: string, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const c = await callJson(url, 'POST', '/api/v3/anytime/conversations', { subject: `${tag}${i}`, channel: i % 2 ? 'email' : 'chat', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } });
    await callJson(url, 'POST', `/api/v3/anytime/conversations/${c.id}/messages`, { type: 'reply', text: { format: 'plaintext', content: 'answer' } });
    if (i % 3 === 0) await callJson(url, 'PUT', `/api/v3/anytime/conversations/${c.id}`, { status: 'closed' });
    if (i % 6 === 0) await callJson(url, 'PUT', `/api/v3/anytime/conversations/${c.id}`, { status: 'pendingInternal' });
  }
}

it('SIGKILL before, during and right after consumption: every event counted exactly once', async () => {
  // 1. A gateway without consumers writes, and dies: its events wait in the log.
  const writer = await start('off');
  await traffic(writer.url, 40, 'w');
  await kill9(writer.gateway);
  const events = await head();
  expect(await position()).toBe(0);

  // 2. Gateways with consumers killed as soon as their cursor moved, in the middle of catching up: batches of one event, each its own transaction with the cursor.
  const positions: number[] = [];
  for (let i = 0; i < 4 && (await position()) < events; i++) {
    const from = await position();
    const g = await start('on');
    // Killed at the first sign of progress.
    for (let tries = 0; tries < 2000 && (await position()) === from; tries++) await new Promise((resolve) => setTimeout(resolve, 2));
    await kill9(g.gateway);
    positions.push(await position());
  }
  // At least one kill landed mid catch-up: some events handled, some not.
  expect(positions.some((p) => p > 0 && p < events), JSON.stringify({ positions, events })).toBe(true);

  // 3. One more dies the moment it answered a write (its consumer may or may not have run).
  const live = await start('on');
  await traffic(live.url, 3, 'l');
  await kill9(live.gateway);

  const last = await start('on');
  const end = await head();
  await eventually('caught up', async () => (await position()) === end, 30_000);
  expect(await table('"ReportHour"')).toEqual(await table(`(${referenceHourlySql().text})`));
  const [{ created }] = await sql(`SELECT sum(created)::int AS created FROM "ReportHour"`);
  expect(created).toBe(43);
  last.gateway.child.kill('SIGTERM');
  expect((await last.gateway.exited).code).toBe(0);
}, 240_000);
