/**
 * Many processes: two gateway processes (src/main.ts) on one database and one Redis. A mutation
 * on one reaches a subscriber on the other. redis-server (Debian package) is started here on a
 * random port, without persistence, and stopped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { adminAuth, ADMIN_API_KEY, ADMIN_EMAIL, createTestDatabase } from '../helpers/gateway.js';
import { wsClient, wsSubscribe } from './helpers.js';

const children: ChildProcess[] = [];
const dataDirs: string[] = [];
let redisPort: number;
let databaseUrl: string;

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output}`)), 50_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${output}`)));
    child.once('error', (error) =>
      reject(new Error(`${what} could not be started (${error.message}); install Debian's redis-server (apt-get install redis-server), as .ci/run does`)),
    );
  });
}

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'anytime-redis-test-'));
  dataDirs.push(dir);
  return dir;
}

async function startGatewayProcess(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATA_DIR: newDataDir(),
      ADMIN_EMAIL,
      ADMIN_API_KEY,
      JWT_SECRET: 'test-secret-for-signing-tokens-0123456789',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const match = await waitForLine(child, /"graphql":"(http:\/\/[^"]+)\/graphql"/, 'gateway');
  return match[1]!;
}

beforeAll(async () => {
  redisPort = await freePort();
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(redis);
  await waitForLine(redis, /Ready to accept connections/, 'redis-server');
  databaseUrl = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  // Gateways first (they quit their Redis connections), then Redis.
  for (const child of children.reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function gql(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: adminAuth },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as any;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

it('a mutation on one gateway process reaches a subscriber on another, through Redis', async () => {
  const [first, second] = await Promise.all([startGatewayProcess(), startGatewayProcess()]);
  const created = await gql(
    first,
    /* GraphQL */ `mutation($input: CreateConversationInput!) { createConversation(input: $input) { databaseId } }`,
    { input: { subject: 'Across processes', channel: 'email', message: { type: 'email', text: { format: 'plaintext', content: 'hi' } } } },
  );
  const id = created.createConversation.databaseId as number;

  // Subscribed on the second process, resuming from the start so no event can slip by unseen
  // (and so the catch-up path is exercised across processes too).
  const client = wsClient(second, adminAuth);
  const sub = wsSubscribe(
    client,
    /* GraphQL */ `subscription($id: ID!, $after: String) { messageAdded(conversationId: $id, after: $after) { cursor message { plainText } } }`,
    { id: String(id), after: '0' },
  );
  await sub.waitFor(1);
  await gql(first, /* GraphQL */ `mutation($id: ID!, $input: ConversationMessageInput!) { replyConversation(id: $id, input: $input) { databaseId } }`, {
    id: String(id),
    input: { type: 'reply', text: { format: 'plaintext', content: 'from the first process' } },
  });
  const events = await sub.waitFor(2);
  expect(events.map((e) => e.messageAdded.message.plainText)).toEqual(['hi', 'from the first process']);
  sub.stop();
  await client.dispose();
}, 120_000);
