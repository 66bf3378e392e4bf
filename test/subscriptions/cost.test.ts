/**
 * Delivering an event costs a fixed number of SQL statements, however many subscribers receive
 * it: permission checks are batched, never one query per subscriber.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { Viewer } from '../../src/auth/viewer.js';
import { createConversation, replyConversation } from '../../src/modules/conversations/service.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { adminViewer, serviceContext, untilSubscribers, wsClient, wsSubscribe, type Collected } from './helpers.js';

let gw: TestGateway;
let admin: Viewer;
let conversationId: number;
const clients: Client[] = [];

beforeAll(async () => {
  gw = await startTestGateway();
  admin = await adminViewer(gw);
  conversationId = (
    await createConversation(serviceContext(gw, admin), {
      subject: 'Cost',
      channel: 'email',
      message: { type: 'email', text: { format: 'plaintext', content: 'first' } },
    })
  ).id;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await gw?.stop();
});

const QUERY = /* GraphQL */ `subscription($id: ID!) { messageAdded(conversationId: $id) { cursor conversationId message { databaseId type plainText } } }`;

/** Statements for one reply delivered to every subscriber in `subs` (the reply's own included). */
async function statementsFor(subs: Collected[], content: string): Promise<number> {
  return gw.countSql(async () => {
    const counts = subs.map((sub) => sub.events.length);
    await replyConversation(serviceContext(gw, admin), conversationId, { type: 'reply', text: { format: 'plaintext', content } });
    await Promise.all(subs.map((sub, i) => sub.waitFor(counts[i]! + 1)));
  });
}

it('one subscriber or twelve (with different credentials): the same number of statements', async () => {
  const agents = await Promise.all(Array.from({ length: 12 }, () => gw.createAgent()));
  const subs: Collected[] = [];
  const subscribe = (auth: string) => {
    const client = wsClient(gw, auth);
    clients.push(client);
    subs.push(wsSubscribe(client, QUERY, { id: String(conversationId) }));
  };
  subscribe(agents[0]!.auth);
  await untilSubscribers(gw, 1);
  // Warm up (credential resolution happens once per credential, at subscribe time).
  await statementsFor(subs, 'warm');
  const one = await statementsFor(subs, 'one');

  for (const agent of agents.slice(1)) subscribe(agent.auth);
  await untilSubscribers(gw, 12);
  await statementsFor(subs, 'warm again');
  const twelve = await statementsFor(subs, 'twelve');

  expect(twelve).toBe(one);
  expect(subs.every((sub) => sub.events.at(-1).messageAdded.message.plainText === 'twelve')).toBe(true);
});
