/**
 * Rate limits shared through Redis (REDIS_URL): two gateway instances on one database and one real
 * redis-server (Debian package, started here on a random port without persistence) count every
 * credential's calls together. When Redis goes away, each process keeps limiting on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const CALLS = 4;
let redis: ChildProcess | undefined;
let redisPort: number;
const gateways: TestGateway[] = [];

function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    child.once('error', (error) =>
      reject(new Error(`redis-server could not be started (${error.message}); install Debian's redis-server (apt-get install redis-server), as .ci/run does`)),
    );
  });
}

async function stopRedis() {
  if (!redis || redis.exitCode !== null) return;
  const exited = new Promise((resolve) => redis!.once('exit', resolve));
  redis.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis();
  const first = await startTestGateway({ redisUrl: `redis://127.0.0.1:${redisPort}`, rateLimitCalls: CALLS, rateLimitWindowSeconds: 300 });
  gateways.push(first);
  gateways.push(await startTestGateway({ databaseUrl: first.databaseUrl, redisUrl: `redis://127.0.0.1:${redisPort}`, rateLimitCalls: CALLS, rateLimitWindowSeconds: 300 }));
}, 60_000);

afterAll(async () => {
  // Gateways first (they quit their Redis connections), then Redis.
  for (const gateway of gateways.reverse()) await gateway.stop();
  await stopRedis();
});

it('calls on one gateway count on the other: one budget per credential across processes', async () => {
  const [first, second] = gateways as [TestGateway, TestGateway];
  const agent = await first.createAgent(); // the admin's calls; the agent's key is fresh
  const remaining: string[] = [];
  for (const gateway of [first, second, first, second]) {
    const reply = await gateway.rest('GET', '/api/v3/contacts', undefined, agent.auth);
    expect(reply.status).toBe(200);
    remaining.push(reply.headers.get('ratelimit-remaining')!);
  }
  expect(remaining).toEqual(['3', '2', '1', '0']);
  for (const gateway of [first, second]) {
    const refused = await gateway.rest('GET', '/api/v3/contacts', undefined, agent.auth);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
  }
  const graphql = await second.gql('{ __typename }', {}, agent.auth);
  expect(graphql.status).toBe(429);
  expect(graphql.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED' });
});

it('without Redis each process limits on its own (no 500, no unlimited calls)', async () => {
  const [first, second] = gateways as [TestGateway, TestGateway];
  const agent = await first.createAgent();
  await stopRedis();
  // Each process now counts in memory: CALLS on each, then 429 on each.
  for (const gateway of [first, second]) {
    for (let i = 1; i <= CALLS; i++) {
      const reply = await gateway.rest('GET', '/api/v3/contacts', undefined, agent.auth);
      expect(reply.status).toBe(200);
    }
    expect((await gateway.rest('GET', '/api/v3/contacts', undefined, agent.auth)).status).toBe(429);
  }
});
