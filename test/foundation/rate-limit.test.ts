/**
 * Rate limits (src/rate-limit.ts) against the real server: per credential, anonymous calls and
 * failed sign-ins per client address, the WebSocket message rate, the off switch. (Shared through
 * Redis: rate-limit-redis.test.ts.)
 *
 * Two gateways on one database: `setup` (the helper's limits, far above anything a test makes)
 * creates agents, keys, clients and tokens; `limited` has small limits and is where the limits are
 * met. Requests leave from different loopback addresses (127.0.0.x: all of 127/8 is local on
 * Linux) so each test has its own client address, and each test signs in with its own credentials.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config.js';
import { clientAddress } from '../../src/rate-limit.js';
import { contactToken, createContact, PNG, registerClient, uploadRest } from '../attachments/helpers.js';
import { adminAuth, basicAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const CALLS = 5;
const ANONYMOUS = 3;
const FAILURES = 3;
const MESSAGES = 8;
const LISTED_ORIGIN = 'https://app.example.com';

let setup: TestGateway;
let limited: TestGateway;
let attachmentDir: string;

beforeAll(async () => {
  attachmentDir = mkdtempSync(join(tmpdir(), 'anytime-rate-limit-files-'));
  setup = await startTestGateway({ attachmentDir });
  limited = await startTestGateway({
    databaseUrl: setup.databaseUrl,
    attachmentDir,
    corsOrigins: [LISTED_ORIGIN],
    rateLimitCalls: CALLS,
    rateLimitWindowSeconds: 300,
    rateLimitAnonymousCalls: ANONYMOUS,
    rateLimitAnonymousWindowSeconds: 300,
    rateLimitSignInFailures: FAILURES,
    rateLimitSignInWindowSeconds: 300,
    rateLimitWebSocketMessages: MESSAGES,
    rateLimitWebSocketWindowSeconds: 300,
  });
});
afterAll(async () => {
  await limited?.stop();
  await setup?.stop();
  if (attachmentDir) rmSync(attachmentDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/** An HTTP request from the loopback address `from` (fetch cannot choose its source address). */
function call(
  base: string,
  path: string,
  { method = 'GET', auth, from = '127.0.0.1', body, headers = {} }: { method?: string; auth?: string; from?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress: from,
        headers: {
          ...(auth ? { authorization: auth } : {}),
          ...(payload !== undefined ? { 'content-type': headers['content-type'] ?? 'application/json' } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON (GraphiQL's page, a file): keep the text
          }
          resolve({ status: res.statusCode!, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const gql = (base: string, query: string, options: { auth?: string; from?: string } = {}) =>
  call(base, '/graphql', { method: 'POST', body: { query }, ...options });

const limits = (reply: Reply) => ({
  limit: reply.headers['ratelimit-limit'],
  remaining: reply.headers['ratelimit-remaining'],
  reset: Number(reply.headers['ratelimit-reset']),
});

/** A fresh agent (its own API key) made through `setup`. */
const newAgent = () => setup.createAgent();

async function secondKey(agentId: number, email: string): Promise<string> {
  const key = await setup.gql(`mutation($id: ID!) { createApiKey(agentId: $id) { secret } }`, { id: String(agentId) });
  expect(key.errors).toBeUndefined();
  return basicAuth(email, key.data.createApiKey.secret);
}

async function tokenOf(client: { clientId: string; secret: string }, from = '127.0.0.1') {
  const reply = await call(limited.url, '/oauth/token', {
    method: 'POST',
    from,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret, scope: 'api' }).toString(),
  });
  return reply;
}

/** Uses up `auth`'s calls on `limited` (each answered 200). */
async function exhaust(auth: string, from = '127.0.0.1') {
  for (let i = 1; i <= CALLS; i++) {
    const reply = await call(limited.url, '/api/v3/contacts', { auth, from });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  }
}

/** A raw graphql-transport-ws connection from `from`, initialised with `auth`. */
async function rawSocket(auth: string | undefined, from = '127.0.0.1') {
  const socket = new WebSocket(`${limited.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { localAddress: from });
  const messages: any[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    waiters.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: auth ? { authorization: auth } : {} }));
  /** Resolves once `predicate` holds for what arrived, or rejects when the socket closes first. */
  const until = (predicate: (messages: any[]) => boolean) =>
    new Promise<any[]>((resolve, reject) => {
      const check = () => {
        if (predicate(messages)) resolve(messages);
        else if (socket.readyState >= WebSocket.CLOSING) reject(new Error(`socket closed; got ${JSON.stringify(messages)}`));
        else waiters.push(check);
      };
      void closed.then(() => waiters.splice(0).forEach((wake) => wake()));
      check();
    });
  return { socket, messages, closed, until };
}

describe('per credential (RATE_LIMIT_CALLS per RATE_LIMIT_WINDOW_SECONDS)', () => {
  it('REST: every answer carries RateLimit-*; beyond the limit a 429 with Retry-After in the REST error shape, doing no work', async () => {
    const agent = await newAgent();
    for (let i = 1; i <= CALLS; i++) {
      const reply = await call(limited.url, '/api/v3/contacts', { auth: agent.auth });
      expect(reply.status).toBe(200);
      expect(limits(reply)).toMatchObject({ limit: String(CALLS), remaining: String(CALLS - i) });
      expect(limits(reply).reset).toBeGreaterThan(0);
      expect(limits(reply).reset).toBeLessThanOrEqual(300);
    }
    const name = `Refused ${randomBytes(4).toString('hex')}`;
    const refused = await call(limited.url, '/api/v3/contacts', { method: 'POST', auth: agent.auth, body: { name } });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests for this API key \(5 per 300 s\); retry in \d+ s$/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(300);
    expect(limits(refused)).toMatchObject({ limit: String(CALLS), remaining: '0' });
    expect(await setup.sql('SELECT id FROM "Contact" WHERE name = $1', [name])).toEqual([]);
    // Still refused: the count does not start over until the window does.
    expect((await call(limited.url, '/api/v3/contacts', { auth: agent.auth })).status).toBe(429);
  });

  it('GraphQL: beyond the limit an HTTP 429 with a GraphQL error body, code RATE_LIMITED', async () => {
    const agent = await newAgent();
    for (let i = 1; i <= CALLS; i++) {
      const reply = await gql(limited.url, '{ __typename }', { auth: agent.auth });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(limits(reply)).toMatchObject({ limit: String(CALLS), remaining: String(CALLS - i) });
    }
    const refused = await gql(limited.url, '{ __typename }', { auth: agent.auth });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      errors: [{ message: expect.stringMatching(/^Too many requests for this API key/), extensions: { code: 'RATE_LIMITED' } }],
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limits(refused).remaining).toBe('0');
  });

  it('another API key, even of the same agent, and another agent have their own budgets', async () => {
    const agent = await newAgent();
    const otherKey = await secondKey(agent.id, agent.email);
    const otherAgent = await newAgent();
    await exhaust(agent.auth);
    expect((await call(limited.url, '/api/v3/contacts', { auth: agent.auth })).status).toBe(429);
    const viaOtherKey = await call(limited.url, '/api/v3/contacts', { auth: otherKey });
    expect(viaOtherKey.status).toBe(200);
    expect(limits(viaOtherKey).remaining).toBe(String(CALLS - 1));
    expect((await call(limited.url, '/api/v3/contacts', { auth: otherAgent.auth })).status).toBe(200);
  });

  it('an OAuth client counts across all its tokens; another client is unaffected', async () => {
    const client = await registerClient(setup, ['api']);
    const other = await registerClient(setup, ['api']);
    const first = await tokenOf(client);
    const second = await tokenOf(client);
    expect(first.status).toBe(200);
    await exhaust(`Bearer ${first.body.access_token}`);
    expect((await call(limited.url, '/api/v3/contacts', { auth: `Bearer ${second.body.access_token}` })).status).toBe(429);
    const otherToken = await tokenOf(other);
    const reply = await call(limited.url, '/api/v3/contacts', { auth: `Bearer ${otherToken.body.access_token}` });
    expect(reply.status).toBe(200);
    expect(reply.body.message).toBeUndefined();
  });

  it('portal tokens count per contact', async () => {
    const portal = await registerClient(setup, ['portal']);
    const carol = await contactToken(setup, await createContact(setup, 'Carol'), portal);
    const dave = await contactToken(setup, await createContact(setup, 'Dave'), portal);
    const portalQuery = '{ __typename }';
    for (let i = 1; i <= CALLS; i++) expect((await gql(limited.url, portalQuery, { auth: carol })).status).toBe(200);
    const refused = await gql(limited.url, portalQuery, { auth: carol });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].message).toMatch(/for this contact/);
    expect((await gql(limited.url, portalQuery, { auth: dave })).status).toBe(200);
  });

  it('a 429 is readable by a CORS-listed origin (the RateLimit headers are exposed)', async () => {
    const agent = await newAgent();
    await exhaust(agent.auth);
    const refused = await call(limited.url, '/api/v3/contacts', { auth: agent.auth, headers: { origin: LISTED_ORIGIN } });
    expect(refused.status).toBe(429);
    expect(refused.headers['access-control-allow-origin']).toBe(LISTED_ORIGIN);
    expect(String(refused.headers['access-control-expose-headers'])).toMatch(/retry-after/i);
    expect(String(refused.headers['access-control-expose-headers'])).toMatch(/ratelimit-remaining/i);
  });
});

describe('calls without credentials (RATE_LIMIT_ANONYMOUS_CALLS per client address)', () => {
  it('are counted per address: beyond the limit 429, another address is unaffected', async () => {
    for (let i = 1; i <= ANONYMOUS; i++) {
      const reply = await call(limited.url, '/api/v3/contacts', { from: '127.0.0.11' });
      expect(reply.status).toBe(401);
      expect(limits(reply)).toMatchObject({ limit: String(ANONYMOUS), remaining: String(ANONYMOUS - i) });
    }
    const refused = await call(limited.url, '/api/v3/contacts', { from: '127.0.0.11' });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests without credentials from this address/) });
    const graphql = await gql(limited.url, '{ __typename }', { from: '127.0.0.11' });
    expect(graphql.status).toBe(429);
    expect(graphql.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED' });
    // A spoofed X-Forwarded-For is not believed (TRUST_PROXY_HOPS=0): still the same address.
    expect((await call(limited.url, '/api/v3/contacts', { from: '127.0.0.11', headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(429);
    expect((await call(limited.url, '/api/v3/contacts', { from: '127.0.0.12' })).status).toBe(401);
    // Signed in from the same address: the credential's own budget.
    const agent = await newAgent();
    expect((await call(limited.url, '/api/v3/contacts', { from: '127.0.0.11', auth: agent.auth })).status).toBe(200);
  });

  it('behind TRUST_PROXY_HOPS proxies the client is the address the outermost trusted proxy added', async () => {
    const proxied = await startTestGateway({ databaseUrl: setup.databaseUrl, rateLimitAnonymousCalls: 1, trustProxyHops: 1 });
    try {
      const from = (chain: string) => call(proxied.url, '/api/v3/contacts', { headers: { 'x-forwarded-for': chain } });
      expect((await from('198.51.100.7')).status).toBe(401);
      expect((await from('198.51.100.7')).status).toBe(429);
      // What the client put in front of its own address is not believed.
      expect((await from('192.0.2.1, 198.51.100.7')).status).toBe(429);
      expect((await from('198.51.100.8')).status).toBe(401);
    } finally {
      await proxied.stop();
    }
  });

  it('health checks, GraphiQL\'s page and signed attachment links are never refused', async () => {
    const upload = await uploadRest(setup, PNG, 'pixel.png');
    expect(upload.status).toBe(200);
    const from = '127.0.0.13';
    for (let i = 1; i <= ANONYMOUS; i++) await call(limited.url, '/api/v3/contacts', { from });
    expect((await call(limited.url, '/api/v3/contacts', { from })).status).toBe(429);
    for (const path of ['/healthz', '/readyz', upload.body.url, upload.body.previewUrl]) {
      const reply = await call(limited.url, path, { from });
      expect(reply.status, path).toBe(200);
      expect(reply.headers['ratelimit-limit'], path).toBeUndefined();
    }
    const page = await call(limited.url, '/graphql', { from, headers: { accept: 'text/html' } });
    expect(page.status).toBe(401); // the sign-in prompt, not a 429
    expect(page.headers['www-authenticate']).toMatch(/^Basic/);
    // A signed-in agent's GraphiQL page is not charged to its key either.
    const agent = await newAgent();
    await exhaust(agent.auth, from);
    const signedIn = await call(limited.url, '/graphql', { from, auth: agent.auth, headers: { accept: 'text/html' } });
    expect(signedIn.status).toBe(200);
    expect(String(signedIn.body)).toContain('<html');
  });
});

describe('failed sign-ins (RATE_LIMIT_SIGNIN_FAILURES per client address)', () => {
  it('after that many wrong API keys, credentials from the address are refused unchecked, even right ones; other addresses sign in', async () => {
    const agent = await newAgent();
    const wrong = basicAuth(agent.email, 'atk_wrong_key_000000000000');
    for (let i = 1; i <= FAILURES; i++) {
      const reply = await call(limited.url, '/api/v3/contacts', { from: '127.0.0.21', auth: wrong });
      expect(reply.status).toBe(401);
      expect(limits(reply)).toMatchObject({ limit: String(FAILURES), remaining: String(FAILURES - i) });
    }
    const refused = await call(limited.url, '/api/v3/contacts', { from: '127.0.0.21', auth: agent.auth });
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/^Too many failed sign-ins from this address \(3 per 300 s\); retry in \d+ s$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const graphql = await gql(limited.url, '{ __typename }', { from: '127.0.0.21', auth: adminAuth });
    expect(graphql.status).toBe(429);
    expect(graphql.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // Without credentials the address is only an anonymous caller (its usual 401).
    expect((await call(limited.url, '/api/v3/contacts', { from: '127.0.0.21' })).status).toBe(401);
    expect((await call(limited.url, '/api/v3/contacts', { from: '127.0.0.22', auth: agent.auth })).status).toBe(200);
  });

  it('bad and forged bearer tokens count too', async () => {
    const forged = `Bearer ${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"iss":"anytime-gateway","cid":"x"}').toString('base64url')}.AAAA`;
    for (const auth of ['Bearer not-a-jwt', forged, 'Bearer still.not.it']) {
      expect((await call(limited.url, '/api/v3/contacts', { from: '127.0.0.23', auth })).status).toBe(401);
    }
    expect((await call(limited.url, '/api/v3/contacts', { from: '127.0.0.23', auth: adminAuth })).status).toBe(429);
  });

  it('refused /oauth/token requests count; then even the right client secret is refused', async () => {
    const client = await registerClient(setup, ['api']);
    for (let i = 1; i <= FAILURES; i++) {
      const reply = await tokenOf({ clientId: client.clientId, secret: 'wrong-secret' }, '127.0.0.24');
      expect(reply.status).toBe(401);
      expect(reply.body.error).toBe('invalid_client');
      expect(limits(reply).remaining).toBe(String(FAILURES - i));
    }
    const refused = await tokenOf(client, '127.0.0.24');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await tokenOf(client, '127.0.0.25')).status).toBe(200);
  });

  it('a WebSocket presenting credentials from a blocked address is closed with 4429 (bad ones count, 4401)', async () => {
    const agent = await newAgent();
    for (let i = 1; i <= FAILURES; i++) {
      const { closed } = await rawSocket(basicAuth(agent.email, 'atk_wrong'), '127.0.0.26');
      expect((await closed).code).toBe(4401);
    }
    const { closed } = await rawSocket(agent.auth, '127.0.0.26');
    expect(await closed).toEqual({ code: 4429, reason: expect.stringMatching(/^Too many failed sign-ins from this address/) });
  });
});

describe('WebSocket', () => {
  it('the connect and each operation count as calls of the credential', async () => {
    const agent = await newAgent();
    const { socket, until } = await rawSocket(agent.auth, '127.0.0.31'); // call 1
    await until((messages) => messages.some((m) => m.type === 'connection_ack'));
    for (let id = 1; id <= CALLS; id++) socket.send(JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: '{ __typename }' } }));
    const messages = await until((all) => all.filter((m) => m.type === 'complete').length === CALLS);
    const results = messages.filter((m) => m.type === 'next');
    expect(results.slice(0, CALLS - 1).map((m) => m.payload.errors)).toEqual(Array(CALLS - 1).fill(undefined)); // calls 2..5
    expect(results[CALLS - 1].payload.errors[0]).toMatchObject({ message: expect.stringMatching(/^Too many requests for this API key/), extensions: { code: 'RATE_LIMITED' } });
    socket.close();
    // The budget is used up: a new connection is refused at once.
    const again = await rawSocket(agent.auth, '127.0.0.31');
    expect((await again.closed).code).toBe(4429);
    // HTTP shares the budget.
    expect((await call(limited.url, '/api/v3/contacts', { auth: agent.auth })).status).toBe(429);
  });

  it('more than RATE_LIMIT_WEBSOCKET_MESSAGES messages on one connection close it with 4429', async () => {
    const agent = await newAgent();
    const { socket, until, closed } = await rawSocket(agent.auth, '127.0.0.32'); // message 1
    await until((messages) => messages.some((m) => m.type === 'connection_ack'));
    for (let i = 2; i <= MESSAGES; i++) socket.send(JSON.stringify({ type: 'ping' }));
    await until((messages) => messages.filter((m) => m.type === 'pong').length === MESSAGES - 1);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.send(JSON.stringify({ type: 'ping' }));
    expect(await closed).toEqual({ code: 4429, reason: `Too many messages: at most ${MESSAGES} per 300 s on one connection` });
    // Only that connection: the credential still works.
    expect((await call(limited.url, '/api/v3/contacts', { auth: agent.auth })).status).toBe(200);
  });
});

describe('RATE_LIMIT=off', () => {
  it('nothing is counted: no 429 and no RateLimit headers', async () => {
    const off = await startTestGateway({ databaseUrl: setup.databaseUrl, rateLimitEnabled: false, rateLimitCalls: 1, rateLimitAnonymousCalls: 1, rateLimitSignInFailures: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        const reply = await call(off.url, '/api/v3/contacts', { auth: adminAuth });
        expect(reply.status).toBe(200);
        expect(reply.headers['ratelimit-limit']).toBeUndefined();
        expect((await call(off.url, '/api/v3/contacts')).status).toBe(401);
        expect((await call(off.url, '/api/v3/contacts', { auth: basicAuth('nobody@test.local', 'wrong') })).status).toBe(401);
      }
      expect((await call(off.url, '/api/v3/contacts', { auth: adminAuth })).status).toBe(200);
    } finally {
      await off.stop();
    }
  });
});

describe('configuration', () => {
  it('defaults: 300 calls per 5 minutes per credential, 60 anonymous and 10 failed sign-ins per address per 5 minutes, 100 WebSocket messages per 10 s', () => {
    expect(loadConfig({})).toMatchObject({
      rateLimitEnabled: true,
      rateLimitCalls: 300,
      rateLimitWindowSeconds: 300,
      rateLimitAnonymousCalls: 60,
      rateLimitAnonymousWindowSeconds: 300,
      rateLimitSignInFailures: 10,
      rateLimitSignInWindowSeconds: 300,
      rateLimitWebSocketMessages: 100,
      rateLimitWebSocketWindowSeconds: 10,
      trustProxyHops: 0,
    });
    expect(loadConfig({ RATE_LIMIT: 'off', RATE_LIMIT_CALLS: '1000', TRUST_PROXY_HOPS: '2' })).toMatchObject({ rateLimitEnabled: false, rateLimitCalls: 1000, trustProxyHops: 2 });
  });

  it('bad values stop the start with one line naming each', () => {
    const env = { RATE_LIMIT: 'maybe', RATE_LIMIT_CALLS: '0', RATE_LIMIT_SIGNIN_WINDOW_SECONDS: '-5', RATE_LIMIT_WEBSOCKET_MESSAGES: 'lots', TRUST_PROXY_HOPS: '99' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(
      'invalid configuration: RATE_LIMIT must be one of on, off (got "maybe"); RATE_LIMIT_CALLS must be an integer of at least 1 (got "0"); ' +
        'RATE_LIMIT_SIGNIN_WINDOW_SECONDS must be an integer of at least 1 (got "-5"); RATE_LIMIT_WEBSOCKET_MESSAGES must be an integer of at least 1 (got "lots"); ' +
        'TRUST_PROXY_HOPS must be an integer from 0 to 10 (got "99")',
    );
  });
});

describe('clientAddress (the bucket of a client address)', () => {
  it('IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    expect(clientAddress('10.1.2.3', undefined, 0)).toBe('10.1.2.3');
    expect(clientAddress('::ffff:10.1.2.3', undefined, 0)).toBe('10.1.2.3');
    expect(clientAddress('2001:db8:0:1:aaaa::1', undefined, 0)).toBe('2001:db8:0:1::/64');
    expect(clientAddress('2001:db8:0:1:bbbb:cccc:dddd:eeee', undefined, 0)).toBe('2001:db8:0:1::/64');
    expect(clientAddress('2001:db8::1', undefined, 0)).toBe('2001:db8:0:0::/64');
    expect(clientAddress('::1', undefined, 0)).toBe('0:0:0:0::/64');
  });

  it('X-Forwarded-For counts only behind trusted proxies, from the right', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.5', 0)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.1', '192.0.2.1, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.1', '192.0.2.1, 203.0.113.5, 10.0.0.2', 2)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.1', ['192.0.2.1', '203.0.113.5'], 1)).toBe('203.0.113.5');
    // Fewer entries than hops: the leftmost; garbage: the socket's peer.
    expect(clientAddress('10.0.0.1', '203.0.113.5', 3)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.1', 'not-an-address', 1)).toBe('10.0.0.1');
  });
});
