/**
 * Bad input and limits on subscriptions: each gets a clear error (or close code), and the server
 * keeps serving everyone else.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Viewer } from '../../src/auth/viewer.js';
import { createConversation, replyConversation } from '../../src/modules/conversations/service.js';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { adminViewer, serviceContext, untilSubscribers, wsClient, wsSubscribe, wsUrl } from './helpers.js';

let gw: TestGateway;
let admin: Viewer;
let conversationId: number;

const MESSAGE_ADDED = /* GraphQL */ `
  subscription($id: ID!, $after: String) { messageAdded(conversationId: $id, after: $after) { cursor message { plainText } } }
`;

beforeAll(async () => {
  gw = await startTestGateway({ subscriptionMaxPerConnection: 2, subscriptionMaxConnectionsPerViewer: 3, webSocketMaxPayloadBytes: 4096 });
  admin = await adminViewer(gw);
  const conversation = await createConversation(serviceContext(gw, admin), {
    subject: 'Bad input',
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'hello' } },
  });
  conversationId = conversation.id;
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => untilSubscribers(gw, 0));

/** The server still serves a normal subscription end to end. */
async function stillServes() {
  const client = wsClient(gw, adminAuth);
  const sub = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversationId) });
  await untilSubscribers(gw, 1);
  await replyConversation(serviceContext(gw, admin), conversationId, { type: 'reply', text: { format: 'plaintext', content: 'still here' } });
  const [event] = await sub.waitFor(1);
  expect(event.messageAdded.message.plainText).toBe('still here');
  sub.stop();
  await client.dispose();
}

describe('connection', () => {
  it('closes with 4401 on bad credentials and on none', async () => {
    const bad = wsClient(gw, 'Basic Zm9vQGJhci5jb206bm9wZQ==');
    const badSub = wsSubscribe(bad, MESSAGE_ADDED, { id: String(conversationId) });
    await badSub.ended;
    expect(bad.closes[0]?.code).toBe(4401);
    expect(badSub.events).toEqual([]);

    const none = wsClient(gw, null);
    const noneSub = wsSubscribe(none, MESSAGE_ADDED, { id: String(conversationId) });
    await noneSub.ended;
    expect(none.closes[0]).toMatchObject({ code: 4401, reason: expect.stringContaining('authorization is required') });
  });

  it('closes with 4400 on invalid connectionParams', async () => {
    const client = wsClient(gw, null, { authorization: 42 });
    const sub = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversationId) });
    await sub.ended;
    expect(client.closes[0]).toMatchObject({ code: 4400, reason: expect.stringContaining('must be a string') });
    await stillServes();
  });

  it('closes an oversize message (maxPayload) with 1009, the server unaffected', async () => {
    const socket = new WebSocket(wsUrl(gw), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: adminAuth, padding: 'x'.repeat(10_000) } }));
    expect(await closed).toBe(1009);
    await stillServes();
  });

  it('refuses more connections per viewer than configured (4403)', async () => {
    const clients = [];
    const subs = [];
    for (let i = 1; i <= 3; i++) {
      const client = wsClient(gw, adminAuth);
      clients.push(client);
      subs.push(wsSubscribe(client, MESSAGE_ADDED, { id: String(conversationId) }));
      await untilSubscribers(gw, i);
    }
    const extra = wsClient(gw, adminAuth);
    const refused = wsSubscribe(extra, MESSAGE_ADDED, { id: String(conversationId) });
    await refused.ended;
    expect(extra.closes[0]).toMatchObject({ code: 4403, reason: expect.stringContaining('Too many subscription connections') });
    expect(refused.events).toEqual([]);
    for (const sub of subs) sub.stop();
    await Promise.all([...clients, extra].map((client) => client.dispose()));
  });

  it('limits subscriptions per connection', async () => {
    const client = wsClient(gw, adminAuth);
    const subs = [1, 2].map(() => wsSubscribe(client, MESSAGE_ADDED, { id: String(conversationId) }));
    await untilSubscribers(gw, 2);
    const third = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversationId) });
    await third.ended;
    expect(third.errors[0]?.message ?? String(third.errors[0])).toContain('Too many subscriptions on this connection');
    for (const sub of subs) sub.stop();
    await client.dispose();
  });
});

describe('arguments', () => {
  async function errorOf(query: string, variables: Record<string, unknown>, auth = adminAuth) {
    const client = wsClient(gw, auth);
    const sub = wsSubscribe(client, query, variables);
    await sub.ended;
    await client.dispose();
    expect(sub.events).toEqual([]);
    return sub.errors[0];
  }

  it('a conversation that does not exist, or that a contact may not see: NOT_FOUND, no events', async () => {
    const error = await errorOf(MESSAGE_ADDED, { id: '999999' });
    expect(error).toMatchObject({ message: 'conversation 999999 not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('a malformed conversation id names the argument', async () => {
    const error = await errorOf(MESSAGE_ADDED, { id: 'nope' });
    expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(error.message).toContain('conversationId');
  });

  it('malformed and unknown cursors', async () => {
    const malformed = await errorOf(MESSAGE_ADDED, { id: String(conversationId), after: 'yesterday' });
    expect(malformed).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(malformed.message).toContain('after');
    const future = await errorOf(MESSAGE_ADDED, { id: String(conversationId), after: '999999999' });
    expect(future).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(future.message).toContain('not a cursor this gateway handed out');
  });

  it('a cursor older than the catch-up window is GONE', async () => {
    const old = await startTestGateway({ subscriptionCatchUpMaxEvents: 1 });
    try {
      const oldAdmin = await adminViewer(old);
      const created = await createConversation(serviceContext(old, oldAdmin), {
        subject: 'window',
        channel: 'email',
        message: { type: 'email', text: { format: 'plaintext', content: 'one' } },
      });
      for (const content of ['two', 'three']) {
        await replyConversation(serviceContext(old, oldAdmin), created.id, { type: 'reply', text: { format: 'plaintext', content } });
      }
      const client = wsClient(old, adminAuth);
      const sub = wsSubscribe(client, MESSAGE_ADDED, { id: String(created.id), after: '1' });
      await sub.ended;
      await client.dispose();
      expect(sub.errors[0]).toMatchObject({ extensions: { code: 'GONE' } });
    } finally {
      await old.stop();
    }
  });

  it('unknown filter ids', async () => {
    const changed = await errorOf(`subscription { conversationChanged(filterId: "no-such-filter") { cursor } }`, {});
    expect(changed).toMatchObject({ message: 'filter no-such-filter not found', extensions: { code: 'NOT_FOUND' } });
    const counts = await errorOf(`subscription { unreadCountsChanged(filterIds: ["mine", "nope"]) { allCount } }`, {});
    expect(counts).toMatchObject({ message: 'filter nope not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('an unknown field is a validation error', async () => {
    const error = await errorOf(`subscription { messageAdded(conversationId: 1) { nope } }`, {});
    expect(error.message).toContain('Cannot query field "nope"');
  });
});

describe('permissions at delivery time', () => {
  it('an agent whose API key is revoked stops receiving', async () => {
    const agent = await gw.createAgent();
    const client = wsClient(gw, agent.auth);
    const sub = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversationId) });
    await untilSubscribers(gw, 1);
    await replyConversation(serviceContext(gw, admin), conversationId, { type: 'reply', text: { format: 'plaintext', content: 'before' } });
    await sub.waitFor(1);
    await gw.sql(`UPDATE "ApiKey" SET "revokedTime" = now() WHERE "agentId" = $1`, [agent.id]);
    await replyConversation(serviceContext(gw, admin), conversationId, { type: 'reply', text: { format: 'plaintext', content: 'after' } });
    await sub.ended;
    expect(sub.events.map((e) => e.messageAdded.message.plainText)).toEqual(['before']);
    expect(sub.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // The socket authenticated before the revocation; a new subscription on it is refused.
    const later = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversationId) });
    await later.ended;
    expect(later.events).toEqual([]);
    expect(later.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await client.dispose();
  });

  it('a deleted agent stops receiving', async () => {
    const agent = await gw.createAgent();
    const client = wsClient(gw, agent.auth);
    const sub = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversationId) });
    await untilSubscribers(gw, 1);
    const deleted = await gw.gql(`mutation($id: ID!) { deleteAgent(id: $id) { databaseId } }`, { id: String(agent.id) });
    expect(deleted.errors).toBeUndefined();
    await replyConversation(serviceContext(gw, admin), conversationId, { type: 'reply', text: { format: 'plaintext', content: 'gone' } });
    await sub.ended;
    expect(sub.events).toEqual([]);
    expect(sub.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await client.dispose();
  });
});
