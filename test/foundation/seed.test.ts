/**
 * `npm run seed` against a running gateway: a believable help desk through the public API, and
 * a second run changes nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_API_KEY, ADMIN_EMAIL, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const run = promisify(execFile);
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const seed = (env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], {
    env: { ...process.env, GATEWAY_URL: gw.url, ANYTIME_EMAIL: ADMIN_EMAIL, ANYTIME_API_KEY: ADMIN_API_KEY, SEED_CONVERSATIONS: '60', ...env },
    timeout: 120_000,
  });

async function counts() {
  const [row] = await gw.sql(`SELECT
    (SELECT count(*) FROM "Conversation")::int AS conversations,
    (SELECT count(*) FROM "Message")::int AS messages,
    (SELECT count(*) FROM "Agent")::int AS agents,
    (SELECT count(*) FROM "Contact")::int AS contacts,
    (SELECT count(*) FROM "DomainEvent")::int AS events`);
  return row;
}

it('fills an empty help desk with conversations on every channel, then leaves it alone', async () => {
  const { stdout } = await seed();
  expect(stdout).toMatch(/Seeded .*60 conversations/);
  const after = await counts();
  expect(after.conversations).toBe(60);
  expect(after.messages).toBeGreaterThan(after.conversations);
  expect(after.agents).toBe(7); // the admin and six agents

  const channels = await gw.sql(`SELECT DISTINCT channel FROM "Conversation" ORDER BY channel`);
  expect(channels.map((row) => row.channel)).toEqual(['chat', 'email', 'facebook', 'offlineMessage', 'portal', 'twitter']);
  const statuses = await gw.sql(`SELECT DISTINCT status::text FROM "Conversation"`);
  expect(statuses.length).toBeGreaterThanOrEqual(4);
  // Customers write the first message of every conversation; agents answer in their own name.
  const firsts = await gw.sql(`SELECT DISTINCT ON ("conversationId") "senderType" FROM "Message" ORDER BY "conversationId", time, id`);
  expect(new Set(firsts.map((row) => row.senderType))).toEqual(new Set(['contact']));
  const agentSenders = await gw.sql(`SELECT count(DISTINCT "senderId")::int AS n FROM "Message" WHERE "senderType" = 'agent'`);
  expect(agentSenders[0].n).toBeGreaterThanOrEqual(3);
  const tagged = await gw.sql(`SELECT count(DISTINCT "conversationId")::int AS n FROM "ConversationTag"`);
  expect(tagged[0].n).toBe(60);
  const inbox = await gw.rest('GET', '/api/v3/anytime/conversations?include=contact,assignedAgent');
  expect(inbox.status).toBe(200);
  expect(inbox.body.total).toBe(60);

  const again = await seed();
  expect(again.stdout).toMatch(/already there/);
  expect(await counts()).toEqual(after);
  // Two runs of the seed script (each its own tsx process): ~20 s on a busy 2-core machine.
}, 120_000);

it('refuses a bad size before writing anything', async () => {
  const before = await counts();
  const failed = await seed({ SEED_CONVERSATIONS: 'lots' }).then(
    () => null,
    (error: { code?: number; stderr?: string }) => error,
  );
  expect(failed?.code).toBe(1);
  expect(failed?.stderr).toMatch(/SEED_CONVERSATIONS must be an integer/);
  expect(await counts()).toEqual(before);
});
