/**
 * Webhook delivery end to end (issue #16 item 2): a real HTTP receiver that is down (503) for its
 * first requests, then up. 0 events lost, 0 duplicates per event id among the accepted deliveries,
 * the order of each conversation's events kept (also across retries), every signature verifies;
 * a delivery whose schedule is exhausted is a dead letter, and replaying it delivers it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { eventually } from '../helpers/gateway-process.js';
import { startReceiver, type Receiver } from './receiver.js';

const BASE = '/api/v3/anytime';
const SECRET = 'receiver-secret-0123456789';
/** Ten attempts, 20 ms apart: more attempts than the outage has failures, so none can go dead. */
const SCHEDULE = [0, 20, 20, 20, 20, 20, 20, 20, 20, 20];
const OUTAGE = 8;
const METRICS_TOKEN = 'metrics-token-0123456789';

/** The anytime_webhook_deliveries gauge of a GET /metrics scrape. */
async function deliveryGauge(status: 'pending' | 'dead'): Promise<number> {
  const text = await (await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const match = new RegExp(`^anytime_webhook_deliveries\\{status="${status}"\\} (\\d+)$`, 'm').exec(text);
  if (!match) throw new Error(`no anytime_webhook_deliveries{status="${status}"} in /metrics`);
  return Number(match[1]);
}

let gw: TestGateway;
let receiver: Receiver;
let deadPathUp = false;

beforeAll(async () => {
  receiver = await startReceiver(SECRET, ({ path, count }) => {
    if (path.startsWith('/dead')) return deadPathUp ? 200 : 500;
    return count <= OUTAGE ? 503 : 200;
  });
  gw = await startTestGateway({ webhookAllowPrivate: true, webhookRetryScheduleMs: SCHEDULE, workerPollMs: 50, consumerPollMs: 100, metricsToken: METRICS_TOKEN });
});
afterAll(async () => {
  await gw?.stop();
  await receiver?.close();
});

const TYPES = ['conversation.created', 'message.added', 'agent.created'];

it('loses nothing, duplicates nothing and keeps each conversation in order while the receiver is down and back', async () => {
  const created = await gw.rest('POST', `${BASE}/webhooks`, { url: `${receiver.url}/hook`, eventTypes: TYPES, secret: SECRET });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body).toMatchObject({ url: `${receiver.url}/hook`, eventTypes: TYPES, enabled: true, hasSecret: true });
  expect(created.body.secret).toBeUndefined();
  const [{ max: before }] = await gw.sql(`SELECT coalesce(max(id), 0)::text AS max FROM "DomainEvent"`);

  // Three conversations written to at the same time, five messages each, and two agents (no conversation: the global lane).
  await Promise.all(
    [1, 2, 3].map(async (n) => {
      const conversation = await gw.rest('POST', `${BASE}/conversations`, { subject: `Order ${n}`, channel: 'api', message: { type: 'reply', text: { content: 'first' } } });
      expect(conversation.status, JSON.stringify(conversation.body)).toBe(200);
      for (let i = 1; i <= 5; i++) {
        const reply = await gw.rest('POST', `${BASE}/conversations/${conversation.body.id}/messages`, { type: 'reply', text: { content: `reply ${i}` } });
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      }
    }),
  );
  await gw.createAgent();
  await gw.createAgent();

  const expected = await gw.sql<{ id: string; type: string; conversationId: number | null }>(
    `SELECT id::text, type, "conversationId" FROM "DomainEvent" WHERE id > $1 AND type = ANY($2) ORDER BY id`,
    [before, TYPES],
  );
  expect(expected.length).toBeGreaterThanOrEqual(3 * 7 + 2);
  await eventually('every delivery succeeded', async () => {
    const [row] = await gw.sql(`SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS ok, count(*)::int AS total FROM "WebhookDelivery"`);
    return row.ok === expected.length && row.total === expected.length;
  }, 60_000);

  const hook = receiver.received.filter((r) => r.path === '/hook');
  expect(hook.filter((r) => r.answered === 503)).toHaveLength(OUTAGE);
  expect(hook.every((r) => r.signatureValid)).toBe(true);
  const accepted = hook.filter((r) => r.answered === 200);
  // 0 lost: every logged event of the subscribed types arrived (and was accepted).
  expect(accepted.map((r) => r.json.cursor).sort()).toEqual(expected.map((e) => e.id).sort());
  // 0 duplicates: each event id was accepted once; a retried attempt carries the same id and body.
  const ids = accepted.map((r) => r.json.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const failed of hook.filter((r) => r.answered === 503)) {
    expect(accepted.find((r) => r.json.id === failed.json.id)?.body).toBe(failed.body);
  }
  // Order: per conversation, every attempt (failed ones included) went out in event-log order.
  const lanes = new Map<string, bigint[]>();
  for (const r of hook) {
    const lane = String(r.json.conversationId);
    lanes.set(lane, [...(lanes.get(lane) ?? []), BigInt(r.json.cursor)]);
  }
  expect(lanes.size).toBe(4);
  for (const cursors of lanes.values()) {
    for (let i = 1; i < cursors.length; i++) expect(cursors[i]! >= cursors[i - 1]!).toBe(true);
  }
  // The body: the event as logged.
  const first = accepted.find((r) => r.json.type === 'conversation.created')!;
  expect(first.json).toMatchObject({ type: 'conversation.created', data: { channel: 'api' } });
  expect(first.headers['x-anytime-event']).toBe('conversation.created');
  expect(first.headers['x-anytime-delivery']).toBe(first.json.id);

  // The delivery log, through GraphQL: the 503s and the 200 of a retried delivery.
  const retried = hook.find((r) => r.answered === 503)!.json.id;
  const log = await gw.gql(`query($id: ID!) { webhookDelivery(id: $id) { id status attempts lastStatusCode attemptLog { attempt status statusCode durationMs } } }`, { id: retried });
  expect(log.errors).toBeUndefined();
  const attempts = log.data.webhookDelivery.attemptLog;
  expect(log.data.webhookDelivery).toMatchObject({ id: retried, status: 'succeeded', lastStatusCode: 200 });
  expect(attempts.at(-1)).toMatchObject({ status: 'succeeded', statusCode: 200 });
  expect(attempts.slice(0, -1).every((a: { statusCode: number }) => a.statusCode === 503)).toBe(true);
  expect(attempts.map((a: { attempt: number }) => a.attempt)).toEqual(attempts.map((_: unknown, i: number) => i + 1));
  // ...and through REST.
  const listed = await gw.rest('GET', `${BASE}/webhooks/${created.body.id}/deliveries?status=succeeded&limit=500`);
  expect(listed.status).toBe(200);
  expect(listed.body).toHaveLength(expected.length);
});

it('turns an exhausted schedule into a dead letter, and a replay delivers it with the same id', async () => {
  const created = await gw.rest('POST', `${BASE}/webhooks`, { url: `${receiver.url}/dead`, eventTypes: ['conversation.created'], secret: SECRET });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const conversation = await gw.rest('POST', `${BASE}/conversations`, { subject: 'Doomed', channel: 'api', message: { type: 'reply', text: { content: 'x' } } });
  expect(conversation.status).toBe(200);
  await eventually('the delivery is dead', async () => (await gw.rest('GET', `${BASE}/webhooks/${id}/deadLetters`)).body.length === 1, 30_000);
  const [dead] = (await gw.rest('GET', `${BASE}/webhooks/${id}/deadLetters`)).body;
  expect(dead).toMatchObject({ status: 'dead', attempts: SCHEDULE.length, lastStatusCode: 500, conversationId: conversation.body.id, nextAttemptTime: null });
  expect(dead.attemptLog).toHaveLength(SCHEDULE.length);
  expect(await deliveryGauge('dead')).toBe(1);
  expect(receiver.received.filter((r) => r.json.id === dead.id)).toHaveLength(SCHEDULE.length);

  // Replaying what is not dead is a conflict, and changes nothing.
  const others = await gw.sql(`SELECT id FROM "WebhookDelivery" WHERE status = 'succeeded' LIMIT 1`);
  const refused = await gw.rest('POST', `${BASE}/webhooks/${id}/deliveries/${others[0].id}/replay`);
  expect(refused.status).toBe(404); // it belongs to another webhook
  const wrongState = await gw.gql(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { id } }`, { id: others[0].id });
  expect(wrongState.errors?.[0]?.extensions?.code).toBe('CONFLICT');

  deadPathUp = true;
  const replay = await gw.rest('POST', `${BASE}/webhooks/${id}/deliveries/${dead.id}/replay`);
  expect(replay.status, JSON.stringify(replay.body)).toBe(200);
  expect(replay.body).toMatchObject({ id: dead.id, status: 'pending' });
  await eventually('the replay is delivered', async () => {
    const [row] = await gw.sql(`SELECT status FROM "WebhookDelivery" WHERE id = $1`, [dead.id]);
    return row.status === 'succeeded';
  }, 30_000);
  const arrived = receiver.received.filter((r) => r.json.id === dead.id);
  expect(arrived.at(-1)).toMatchObject({ answered: 200, signatureValid: true });
  expect(new Set(arrived.map((r) => r.body)).size).toBe(1);
  expect((await gw.rest('GET', `${BASE}/webhooks/${id}/deadLetters`)).body).toEqual([]);
  expect(await deliveryGauge('dead')).toBe(0);
  expect(await deliveryGauge('pending')).toBe(0);
});

it('lists, reads, updates and deletes webhooks over REST and GraphQL, never showing the secret', async () => {
  const created = await gw.gql(`mutation($input: WebhookInput!) { createWebhook(input: $input) { id url enabled hasSecret } }`, {
    input: { url: `${receiver.url}/crud`, eventTypes: ['message.added'], secret: 'another-secret-0123456789', enabled: false },
  });
  expect(created.errors).toBeUndefined();
  const id = created.data.createWebhook.id;
  expect((await gw.rest('GET', `${BASE}/webhooks/${id}`)).body).toMatchObject({ id, enabled: false, eventTypes: ['message.added'] });
  const updated = await gw.rest('PUT', `${BASE}/webhooks/${id}`, { enabled: true, eventTypes: ['message.added', 'conversation.created'] });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ enabled: true, eventTypes: ['message.added', 'conversation.created'], url: `${receiver.url}/crud` });
  const all = await gw.rest('GET', `${BASE}/webhooks`);
  expect(all.body.map((w: { id: string }) => w.id)).toContain(id);
  expect(JSON.stringify(all.body)).not.toContain('secret-0123456789');
  const agent = await gw.createAgent();
  expect((await gw.rest('GET', `${BASE}/webhooks`, undefined, agent.auth)).status).toBe(403);
  expect((await gw.rest('DELETE', `${BASE}/webhooks/${id}`)).status).toBe(204);
  expect((await gw.rest('GET', `${BASE}/webhooks/${id}`)).status).toBe(404);
});
