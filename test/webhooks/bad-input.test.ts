/**
 * Webhook bad input (issue #16): URLs that are not http(s), private and loopback targets, unknown
 * event types, secrets shorter than 16 characters — each a 400 naming the field, over REST and
 * GraphQL, with nothing written. This gateway runs with WEBHOOK_ALLOW_PRIVATE off (the default),
 * and also refuses at delivery time a target that became private after registration.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { eventually } from '../helpers/gateway-process.js';
import { startReceiver, type Receiver } from './receiver.js';

const BASE = '/api/v3/anytime';
const SECRET = 'a-good-secret-0123456789';
/** A public address literal: registering it needs no DNS (nothing is sent to it in this file). */
const PUBLIC_URL = 'http://93.184.215.14/hook';

let gw: TestGateway;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver(SECRET, () => 200);
  gw = await startTestGateway({ webhookRetryScheduleMs: [0], workerPollMs: 50, consumerPollMs: 100 });
});
afterAll(async () => {
  await gw?.stop();
  await receiver?.close();
});

const count = async () => (await gw.sql(`SELECT count(*)::int AS n FROM "WebhookEndpoint"`))[0].n as number;

const bad: [string, Record<string, unknown>, string, RegExp][] = [
  ['not http(s)', { url: 'ftp://example.com/hook' }, 'url', /http or https/],
  ['not a URL', { url: 'hook' }, 'url', /absolute http or https URL/],
  ['javascript:', { url: 'javascript:alert(1)' }, 'url', /http or https/],
  ['loopback IPv4', { url: 'http://127.0.0.1:8080/hook' }, 'url', /127\.0\.0\.1.*WEBHOOK_ALLOW_PRIVATE/],
  ['loopback name', { url: 'http://localhost/hook' }, 'url', /not allowed/],
  ['loopback IPv6', { url: 'http://[::1]/hook' }, 'url', /::1/],
  ['private 10/8', { url: 'https://10.1.2.3/hook' }, 'url', /10\.1\.2\.3/],
  ['private 192.168/16', { url: 'http://192.168.0.10/hook' }, 'url', /192\.168\.0\.10/],
  ['link-local (cloud metadata)', { url: 'http://169.254.169.254/latest' }, 'url', /169\.254\.169\.254/],
  ['IPv4-mapped loopback', { url: 'http://[::ffff:127.0.0.1]/hook' }, 'url', /not allowed/],
  ['unspecified', { url: 'http://0.0.0.0/hook' }, 'url', /not allowed/],
  ['unknown event type', { eventTypes: ['conversation.created', 'conversation.exploded'] }, 'eventTypes', /conversation\.exploded/],
  ['no event types', { eventTypes: [] }, 'eventTypes', /at least one/],
  ['short secret', { secret: 'fifteen-chars..' }, 'secret', /at least 16/],
  ['missing secret', { secret: undefined }, 'secret', /required/],
];

it.each(bad)('REST create refuses %s with a 400 naming the field, writing nothing', async (_name, change, field, message) => {
  const response = await gw.rest('POST', `${BASE}/webhooks`, { url: PUBLIC_URL, eventTypes: ['conversation.created'], secret: SECRET, ...change });
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(JSON.stringify(response.body)).toContain(field);
  expect(JSON.stringify(response.body)).toMatch(message);
  expect(await count()).toBe(0);
});

it.each(bad)('GraphQL create refuses %s naming the field, writing nothing', async (_name, change, field) => {
  const response = await gw.gql(`mutation($input: WebhookInput!) { createWebhook(input: $input) { id } }`, {
    input: { url: PUBLIC_URL, eventTypes: ['conversation.created'], secret: SECRET, ...change },
  });
  expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(response.errors?.[0]?.extensions?.errors?.[0]?.field).toBe(field);
  expect(await count()).toBe(0);
});

it('REST update refuses bad fields and leaves the webhook as it was', async () => {
  const created = await gw.rest('POST', `${BASE}/webhooks`, { url: PUBLIC_URL, eventTypes: ['conversation.created'], secret: SECRET, enabled: false });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const [before] = await gw.sql(`SELECT * FROM "WebhookEndpoint" WHERE id = $1`, [Number(created.body.id)]);
  for (const [, change, field] of bad.filter(([, change]) => !('secret' in change && change.secret === undefined))) {
    const response = await gw.rest('PUT', `${BASE}/webhooks/${created.body.id}`, change);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(JSON.stringify(response.body)).toContain(field);
  }
  const [after] = await gw.sql(`SELECT * FROM "WebhookEndpoint" WHERE id = $1`, [Number(created.body.id)]);
  expect(after).toEqual(before);
  expect((await gw.rest('PUT', `${BASE}/webhooks/nope`, { enabled: true })).status).toBe(400);
  expect((await gw.rest('GET', `${BASE}/webhooks/999999`)).status).toBe(404);
  expect((await gw.rest('GET', `${BASE}/webhooks/${created.body.id}/deliveries?status=lost`)).status).toBe(400);
  expect((await gw.rest('DELETE', `${BASE}/webhooks/${created.body.id}`)).status).toBe(204);
});

it('refuses at delivery time a target that resolves to a private address by then (DNS rebinding)', async () => {
  // As if a public name now resolved to loopback: the row is written directly, past the registration check.
  for (const url of [`${receiver.url}/rebound`, receiver.url.replace('127.0.0.1', 'localhost') + '/rebound']) {
    await gw.sql(`INSERT INTO "WebhookEndpoint" (url, "eventTypes", secret, "updatedTime") VALUES ($1, ARRAY['conversation.created'], $2, now())`, [url, SECRET]);
  }
  const conversation = await gw.rest('POST', `${BASE}/conversations`, { subject: 'Rebound', channel: 'api', message: { type: 'reply', text: { content: 'x' } } });
  expect(conversation.status).toBe(200);
  await eventually('both deliveries are dead', async () => {
    const rows = await gw.sql(`SELECT status FROM "WebhookDelivery" WHERE status = 'dead'`);
    return rows.length === 2;
  }, 20_000);
  const rows = await gw.sql<{ lastError: string; lastStatusCode: number | null }>(`SELECT "lastError", "lastStatusCode" FROM "WebhookDelivery"`);
  for (const row of rows) {
    expect(row.lastStatusCode).toBeNull();
    expect(row.lastError).toMatch(/refused: .*not a public address|refused: .*non-public/);
  }
  expect(receiver.received).toHaveLength(0);
});
