/**
 * Observability (#10 item 9): one JSON access-log line per request with the route pattern, status,
 * duration, request id, viewer and GraphQL operation, and never a secret; every line a process
 * prints is JSON, the first-run admin notice included; Prometheus /metrics behind METRICS_TOKEN
 * (404 without it) with the HTTP histogram, GraphQL operations, the pool, open subscriptions and
 * the event consumers' lag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConsumer } from '../../src/engine/consumers/index.js';
import { ADMIN_API_KEY, adminAuth, basicAuth, ADMIN_EMAIL, logCollector, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { lines, ProcessTestContext } from '../helpers/gateway-process.js';
import { submit } from '../conversations/helpers.js';
import { sseSubscribe, wsClient, wsSubscribe } from '../subscriptions/helpers.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const LAG_CONSUMER = 'test.observability-lag';
// Defined here, never run (CONSUMERS off below): its position stays where the test puts it.
defineConsumer({ name: LAG_CONSUMER, handle: async () => undefined });

const log = logCollector();
let gw: TestGateway;
let plain: TestGateway;
let adminId: number;

beforeAll(async () => {
  [gw, plain] = await Promise.all([startTestGateway({ metricsToken: METRICS_TOKEN, consumersEnabled: false }, { logTo: log }), startTestGateway()]);
  adminId = (await gw.sql(`SELECT id FROM "Agent" WHERE email = $1`, [ADMIN_EMAIL]))[0].id;
}, 60_000);
afterAll(async () => {
  await Promise.all([gw?.stop(), plain?.stop()]);
});

/** The access-log line of the request with this x-request-id (written once its answer is done). */
async function accessLine(requestId: string): Promise<Record<string, any>> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const found = log.lines.filter((line) => line.msg === 'request' && line.requestId === requestId);
    if (found.length) {
      expect(found).toHaveLength(1);
      return found[0]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no access-log line for ${requestId}`);
}

async function scrape(target: TestGateway = gw, authorization: string | null = `Bearer ${METRICS_TOKEN}`) {
  const response = await fetch(`${target.url}/metrics`, { headers: authorization ? { authorization } : {} });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample (`name{a="b",...} value`) whose labels include `labels`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) return Number(match[3]);
  }
  return undefined;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached');
}

describe('access log', () => {
  const secrets = {
    queryToken: 'qs-secret-token-5f2c91',
    bodySecret: 'body-secret-value-77aa1e',
    variableSecret: 'variable-secret-value-3c4d',
    wrongKey: 'atk_wrong_key_secret_9d8e7f',
  };

  it('a REST request: method, route pattern, status, duration, request id, viewer; no secret', async () => {
    const response = await fetch(`${gw.url}/api/v3/anytime/conversations/987654?access_token=${secrets.queryToken}`, {
      headers: { authorization: adminAuth, 'x-request-id': 'obs-rest-1' },
    });
    expect(response.status).toBe(404);
    const line = await accessLine('obs-rest-1');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/api/v3/anytime/conversations/:id',
      status: 404,
      viewerKind: 'agent',
      viewerId: String(adminId),
      operationType: 'query',
    });
    expect(typeof line.time).toBe('string');
    expect(line.durationMs).toBeGreaterThanOrEqual(0);

    const created = await fetch(`${gw.url}/api/v3/tags`, {
      method: 'POST',
      headers: { authorization: adminAuth, 'content-type': 'application/json', 'x-request-id': 'obs-rest-2' },
      body: JSON.stringify({ name: secrets.bodySecret }),
    });
    expect(created.status).toBeLessThan(300);
    expect(await accessLine('obs-rest-2')).toMatchObject({ method: 'POST', route: '/api/v3/tags', status: created.status, viewerKind: 'agent', operationType: 'mutation' });
  });

  it('a GraphQL request: route /graphql with the operation type and name', async () => {
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { authorization: adminAuth, 'content-type': 'application/json', 'x-request-id': 'obs-graphql-1' },
      body: JSON.stringify({
        query: 'query TagsForTheLog($name: String) { tags { name } deletedConversations(keywords: $name) { totalCount } }',
        operationName: 'TagsForTheLog',
        variables: { name: secrets.variableSecret },
      }),
    });
    expect(response.status).toBe(200);
    expect(await accessLine('obs-graphql-1')).toMatchObject({
      method: 'POST',
      route: '/graphql',
      status: 200,
      viewerKind: 'agent',
      viewerId: String(adminId),
      operationType: 'query',
      operationName: 'TagsForTheLog',
    });
  });

  it('refused credentials: viewerKind unauthenticated, the key not logged; a request with no route: route unmatched', async () => {
    const refused = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { authorization: basicAuth(ADMIN_EMAIL, secrets.wrongKey), 'content-type': 'application/json', 'x-request-id': 'obs-refused-1' },
      body: JSON.stringify({ query: '{ tags { name } }' }),
    });
    expect(refused.status).toBe(401);
    expect(await accessLine('obs-refused-1')).toMatchObject({ route: '/graphql', status: 401, viewerKind: 'unauthenticated', viewerId: null });

    const missing = await fetch(`${gw.url}/no/such/${secrets.queryToken}/path`, { headers: { 'x-request-id': 'obs-unmatched-1' } });
    expect(missing.status).toBe(404);
    expect(await accessLine('obs-unmatched-1')).toMatchObject({ route: 'unmatched', status: 404 });
  });

  it('never holds a secret: no credentials, query string, body or variables', () => {
    const text = log.text();
    for (const secret of [...Object.values(secrets), ADMIN_API_KEY, adminAuth.slice('Basic '.length), basicAuth(ADMIN_EMAIL, secrets.wrongKey).slice(6), METRICS_TOKEN]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/authorization/i);
    // Every line is one JSON object (the collector parsed each).
    expect(log.lines.length).toBeGreaterThan(5);
  });
});

describe('GET /metrics', () => {
  it('is absent (404) without METRICS_TOKEN; 401 without or with a wrong token', async () => {
    expect((await scrape(plain)).status).toBe(404);
    expect((await scrape(plain, `Bearer ${METRICS_TOKEN}`)).status).toBe(404);
    const none = await scrape(gw, null);
    expect(none.status).toBe(401);
    expect(none.text).not.toContain('anytime_');
    expect((await scrape(gw, 'Bearer wrong-token-of-some-length')).status).toBe(401);
    expect((await scrape(gw, `Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await scrape(gw, `Basic ${METRICS_TOKEN}`)).status).toBe(401);
  });

  it('serves the HTTP histogram by route pattern, GraphQL operations and the pool', async () => {
    const before = await scrape();
    const bucketCount = (text: string) =>
      sample(text, 'anytime_http_request_duration_seconds_count', { method: 'GET', route: '/api/v3/anytime/conversations/:id', status_class: '4xx' }) ?? 0;
    const operations = (text: string) => sample(text, 'anytime_graphql_operations_total', { operation_type: 'query', operation_name: 'CountedForMetrics', result: 'ok' }) ?? 0;

    expect((await gw.rest('GET', '/api/v3/anytime/conversations/424242')).status).toBe(404);
    expect((await gw.gql('query CountedForMetrics { tags { name } }')).status).toBe(200);
    expect((await gw.gql('query CountedForMetrics { tags { name } }')).status).toBe(200);

    const after = await scrape();
    expect(after.status).toBe(200);
    expect(after.type).toMatch(/^text\/plain/);
    expect(bucketCount(after.text)).toBe(bucketCount(before.text) + 1);
    expect(after.text).toMatch(/^anytime_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/v3\/anytime\/conversations\/:id",status_class="4xx"\} \d+$/m);
    expect(operations(after.text)).toBe(operations(before.text) + 2);
    expect(sample(after.text, 'anytime_graphql_operation_duration_seconds_count', { operation_type: 'query', operation_name: 'CountedForMetrics' })).toBeGreaterThanOrEqual(2);
    // REST routes run their stored document: that operation counts too.
    expect(after.text).toMatch(/^anytime_graphql_operations_total\{operation_type="query",operation_name="\w+",result="ok"\} \d+$/m);
    expect(sample(after.text, 'anytime_db_pool_max_connections')).toBe(10);
    expect(sample(after.text, 'anytime_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(sample(after.text, 'anytime_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
    expect(sample(after.text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Labels are patterns, never paths holding ids.
    expect(after.text).not.toContain('424242');
  });

  it('the open subscription gauge follows a WebSocket subscription opening and closing', async () => {
    const open = async () => {
      const text = (await scrape()).text;
      return { websocket: sample(text, 'anytime_subscription_connections', { transport: 'websocket' }), active: sample(text, 'anytime_subscriptions_active') };
    };
    expect(await open()).toEqual({ websocket: 0, active: 0 });
    const client = wsClient(gw, adminAuth);
    const sub = wsSubscribe(client, /* GraphQL */ `subscription { mentioned { cursor conversationId } }`);
    try {
      await until(async () => (await open()).active === 1);
      expect(await open()).toEqual({ websocket: 1, active: 1 });
      const text = (await scrape()).text;
      expect(sample(text, 'anytime_graphql_operations_total', { operation_type: 'subscription', result: 'ok' })).toBeGreaterThanOrEqual(1);
    } finally {
      sub.stop();
      await client.dispose();
    }
    await until(async () => {
      const now = await open();
      return now.websocket === 0 && now.active === 0;
    });
    // The connection's access-log line, when it closed (its connectionParams never logged).
    await until(async () => log.lines.some((line) => line.msg === 'request' && line.transport === 'websocket'));
    expect(log.lines.find((line) => line.msg === 'request' && line.transport === 'websocket')).toMatchObject({
      method: 'GET',
      route: '/graphql',
      status: 101,
      viewerKind: 'agent',
      viewerId: String(adminId),
      closeCode: 1000,
    });
  });

  it('and an SSE subscription opening and closing', async () => {
    const sse = async () => {
      const text = (await scrape()).text;
      return { sse: sample(text, 'anytime_subscription_connections', { transport: 'sse' }), active: sample(text, 'anytime_subscriptions_active') };
    };
    expect(await sse()).toEqual({ sse: 0, active: 0 });
    const sub = sseSubscribe(gw, /* GraphQL */ `subscription { mentioned { cursor conversationId } }`, {}, adminAuth);
    try {
      await until(async () => (await sse()).active === 1);
      expect(await sse()).toEqual({ sse: 1, active: 1 });
    } finally {
      sub.stop();
    }
    await until(async () => {
      const now = await sse();
      return now.sse === 0 && now.active === 0;
    });
    // Its access-log line comes when the stream ends.
    await until(async () => log.lines.some((line) => line.msg === 'request' && line.operationType === 'subscription' && line.route === '/graphql'));
    expect(log.lines.find((line) => line.msg === 'request' && line.operationType === 'subscription')).toMatchObject({
      method: 'POST',
      status: 200,
      viewerKind: 'agent',
      operationName: null,
    });
  });

  it('the consumer lag gauge: the event log head minus each consumer position', async () => {
    const lag = async () => {
      const text = (await scrape()).text;
      return { head: sample(text, 'anytime_event_log_last_id'), lag: sample(text, 'anytime_event_consumer_lag_events', { consumer: LAG_CONSUMER }) };
    };
    // Opening a conversation writes events to the log.
    await submit(gw, { subject: 'Lagging behind' });
    const [{ head }] = await gw.sql(`SELECT coalesce(max(id), 0)::int AS head FROM "DomainEvent"`);
    expect(head).toBeGreaterThan(0);
    // No stored position yet: it has handled nothing.
    expect(await lag()).toEqual({ head, lag: head });

    await gw.sql(`INSERT INTO "ConsumerCursor" (name, position, "updatedTime") VALUES ($1, $2, now())`, [LAG_CONSUMER, head - 1]);
    expect(await lag()).toEqual({ head, lag: 1 });
    await gw.sql(`UPDATE "ConsumerCursor" SET position = $2 WHERE name = $1`, [LAG_CONSUMER, head]);
    expect(await lag()).toEqual({ head, lag: 0 });
  });
});

describe('after every request above', () => {
  it('the log still holds no credential (WebSocket connectionParams and SSE included)', () => {
    const text = log.text();
    for (const secret of [ADMIN_API_KEY, adminAuth.slice('Basic '.length), METRICS_TOKEN]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/authorization/i);
  });
});

describe('a real process', () => {
  const context = new ProcessTestContext('anytime-observability-');
  afterAll(() => context.cleanUp());

  it('prints only JSON lines, the first-run admin notice (with its key) included; access lines on stdout', async () => {
    const dataDir = context.newDataDir();
    const gateway = context.spawn({ dataDir, env: { METRICS_TOKEN } });
    const url = await gateway.listening;
    const notice = lines(gateway.output())
      .map((line) => JSON.parse(line))
      .find((line) => String(line.msg).startsWith('Created admin'));
    expect(notice).toMatchObject({ level: 'info', email: 'admin@localhost' });
    expect(notice.msg).toContain(`API key ${notice.apiKey}`);
    const tags = await fetch(`${url}/api/v3/tags`, { headers: { authorization: basicAuth('admin@localhost', notice.apiKey), 'x-request-id': 'obs-process-1' } });
    expect(tags.status).toBe(200);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    gateway.child.kill('SIGTERM');
    expect((await gateway.exited).code).toBe(0);
    const printed = lines(gateway.output()).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(printed.find((line) => line.requestId === 'obs-process-1')).toMatchObject({ msg: 'request', route: '/api/v3/tags', status: 200, viewerKind: 'agent' });
    expect(printed.map((line) => line.msg)).toContain('shutting down');
    // The key is in the notice only.
    expect(printed.filter((line) => JSON.stringify(line).includes(notice.apiKey))).toHaveLength(1);
  }, 120_000);
});
