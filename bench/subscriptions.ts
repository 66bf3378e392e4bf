/**
 * `npm run bench:subscriptions`: holds BENCH_SUBSCRIBERS (default 10,000) concurrent graphql-ws
 * subscribers on one gateway process, of which BENCH_FANOUT (default 1,000) watch one conversation;
 * then posts BENCH_MESSAGES replies to it and records the delivery latency of every message to every
 * watcher (p50/p99), plus the gateway's resident memory per idle subscriber.
 * The gateway is a separate process (its own file descriptors and event loop), as in production.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { adminAuth, machine, spawnGateway, startBenchDatabase } from './harness.js';

const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const fanout = Number(process.env.BENCH_FANOUT ?? 1_000);
const messages = Number(process.env.BENCH_MESSAGES ?? 20);

const database = await startBenchDatabase();
const gateway = await spawnGateway(database.url, {
  SUBSCRIPTION_MAX_CONNECTIONS_PER_VIEWER: String(subscribers + 10),
  WEBSOCKET_KEEPALIVE_MS: '30000',
});

async function rest(method: string, path: string, body?: unknown) {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: adminAuth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json as Record<string, any>;
}

const newConversation = (subject: string) =>
  rest('POST', '/api/v3/anytime/conversations', {
    subject,
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'hello' } },
  });
const watched = await newConversation('Watched by many');
const others = await Promise.all(Array.from({ length: 10 }, (_, i) => newConversation(`Other ${i}`)));

const wsUrl = gateway.url.replace('http', 'ws') + '/graphql';
const clients: Client[] = [];
const arrivals = new Map<string, number[]>();
const baseline = gateway.memory();

const subscription = `subscription($id: ID!) { messageAdded(conversationId: $id) { cursor messageId } }`;
function subscribe(index: number): Promise<void> {
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: adminAuth },
  });
  clients.push(client);
  const conversationId = index < fanout ? watched.id : others[index % others.length]!.id;
  return new Promise((resolve, reject) => {
    let acknowledged = false;
    client.on('connected', () => {
      acknowledged = true;
      resolve();
    });
    client.on('closed', (event) => {
      if (!acknowledged) reject(new Error(`socket ${index} closed before ack: ${JSON.stringify(event)}`));
    });
    client.subscribe(
      { query: subscription, variables: { id: String(conversationId) } },
      {
        next: (result) => {
          const messageId = (result.data as any)?.messageAdded?.messageId as string | undefined;
          if (!messageId) return;
          const list = arrivals.get(messageId) ?? [];
          list.push(performance.now());
          arrivals.set(messageId, list);
        },
        error: (error) => reject(error),
        complete: () => undefined,
      },
    );
  });
}

const connectStarted = performance.now();
const half = Math.floor(subscribers / 2);
let halfway: ReturnType<typeof gateway.memory> | undefined;
for (let i = 0; i < subscribers; i += 250) {
  await Promise.all(Array.from({ length: Math.min(250, subscribers - i) }, (_, j) => subscribe(i + j)));
  if (!halfway && i + 250 >= half && half > 0) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    halfway = gateway.memory();
  }
}
const connectSeconds = (performance.now() - connectStarted) / 1000 - 2;
await new Promise((resolve) => setTimeout(resolve, 2000)); // let subscriptions settle and GC run
const held = gateway.memory();
// The same subscribers at rest: V8 returns the garbage of 10,000 handshakes (and shrinks its heap)
// only after a quiet spell (its memory reducer); this is what holding idle subscribers costs.
const restSeconds = Number(process.env.BENCH_REST_SECONDS ?? 20);
await new Promise((resolve) => setTimeout(resolve, restSeconds * 1000));
const rested = gateway.memory();
// From the first to the second half the fixed costs of serving subscriptions at all (V8's young
// generation growing to its working size, compiled code, caches) are already paid: the slope is
// what one more idle subscriber costs.
const halfwayCount = Math.min(subscribers, Math.ceil(half / 250) * 250);

const latencies: number[] = [];
let missing = 0;
for (let i = 0; i < messages; i += 1) {
  const sent = performance.now();
  const message = await rest('POST', `/api/v3/anytime/conversations/${watched.id}/messages`, {
    type: 'reply',
    text: { format: 'plaintext', content: `broadcast ${i}` },
  });
  const deadline = Date.now() + 10_000;
  while ((arrivals.get(message.id)?.length ?? 0) < fanout && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const got = arrivals.get(message.id) ?? [];
  missing += fanout - got.length;
  for (const at of got) latencies.push(at - sent);
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const after = gateway.memory();

await Promise.all(clients.map((client) => client.dispose()));
await gateway.stop();
await database.stop();

console.log(`\nMachine: ${machine()}`);
console.log(`${subscribers} subscribers connected in ${connectSeconds.toFixed(1)} s; ${fanout} watch one conversation; ${messages} messages sent one after another.\n`);
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(`| gateway RSS before subscribers (MiB) | ${baseline.rssMiB.toFixed(1)} |`);
console.log(`| gateway RSS holding ${subscribers} subscribers (MiB) | ${held.rssMiB.toFixed(1)} |`);
console.log(`| RSS per idle subscriber (KiB, whole growth / ${subscribers}) | ${(((held.rssMiB - baseline.rssMiB) * 1024) / subscribers).toFixed(1)} |`);
console.log(`| gateway RSS after ${restSeconds} s idle (MiB) | ${rested.rssMiB.toFixed(1)} |`);
console.log(`| RSS per idle subscriber at rest (KiB, growth / ${subscribers}) | ${(((rested.rssMiB - baseline.rssMiB) * 1024) / subscribers).toFixed(1)} |`);
if (halfway && subscribers > halfwayCount) {
  console.log(`| RSS at ${halfwayCount} subscribers (MiB) | ${halfway.rssMiB.toFixed(1)} |`);
  console.log(`| marginal RSS per idle subscriber (KiB, from ${halfwayCount} to ${subscribers}) | ${(((held.rssMiB - halfway.rssMiB) * 1024) / (subscribers - halfwayCount)).toFixed(1)} |`);
}
console.log(`| deliveries measured | ${latencies.length} |`);
console.log(`| deliveries missing (not within 10 s) | ${missing} |`);
console.log(`| delivery latency p50 (ms, reply POST sent → event received) | ${pct(50).toFixed(1)} |`);
console.log(`| delivery latency p99 (ms) | ${pct(99).toFixed(1)} |`);
console.log(`| gateway peak RSS (MiB) | ${after.peakMiB.toFixed(1)} |`);
