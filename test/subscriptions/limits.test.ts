/**
 * Limits: slow consumers are dropped (not buffered without bound), WebSocket heartbeats, the
 * per-viewer connection limit over SSE, and stored filters in conversationChanged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Viewer } from '../../src/auth/viewer.js';
import { createConversation, replyConversation, updateConversation } from '../../src/modules/conversations/service.js';
import { createFilter } from '../../src/modules/filters/service.js';
import { realtimeOf } from '../../src/modules/subscriptions/index.js';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { adminViewer, serviceContext, sseSubscribe, untilSubscribers, wsClient, wsSubscribe, wsUrl } from './helpers.js';

let gw: TestGateway;
let admin: Viewer;

beforeAll(async () => {
  gw = await startTestGateway({ subscriptionMaxQueuedEvents: 4, subscriptionMaxConnectionsPerViewer: 2, webSocketKeepAliveMs: 0 });
  admin = await adminViewer(gw);
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => untilSubscribers(gw, 0));

async function newConversation(input: Record<string, unknown> = {}) {
  return createConversation(serviceContext(gw, admin), {
    subject: 'Limits',
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'first' } },
    ...input,
  });
}

/** A raw graphql-transport-ws connection, so the test controls reading. */
async function rawSubscriber(query: string, variables: Record<string, unknown>) {
  const socket = new WebSocket(wsUrl(gw), 'graphql-transport-ws');
  const messages: any[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: adminAuth } }));
  while (!messages.some((m) => m.type === 'connection_ack')) await new Promise((resolve) => setTimeout(resolve, 5));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  return { socket, messages };
}

describe('slow consumers', () => {
  it('are dropped with a clear error once too many events wait for them', async () => {
    const conversation = await newConversation();
    const { socket, messages } = await rawSubscriber(
      `subscription($id: ID!) { messageAdded(conversationId: $id) { cursor message { plainText } } }`,
      { id: String(conversation.id) },
    );
    await untilSubscribers(gw, 1);
    // Stop reading: the kernel buffers fill, sends stall, events queue up on the server.
    socket.pause();
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 80 && realtimeOf(gw.gateway.deps.events).hub.size > 0; i++) {
      await replyConversation(serviceContext(gw, admin), conversation.id, { type: 'reply', text: { format: 'plaintext', content: `${i} ${big}` } });
    }
    // Dropped from the hub while the client is still not reading: nothing more is kept for it.
    await untilSubscribers(gw, 0);
    socket.resume();
    while (!messages.some((m) => m.type === 'complete')) await new Promise((resolve) => setTimeout(resolve, 10));
    const last = messages.filter((m) => m.type === 'next').at(-1);
    expect(last.payload.errors[0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS' } });
    expect(last.payload.errors[0].message).toContain('Resubscribe with after');
    socket.close();
  });
});

describe('heartbeats', () => {
  it('the server pings WebSocket clients (WEBSOCKET_KEEPALIVE_MS)', async () => {
    const pinging = await startTestGateway({ webSocketKeepAliveMs: 100 });
    try {
      const socket = new WebSocket(wsUrl(pinging), 'graphql-transport-ws');
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: adminAuth } }));
      await new Promise((resolve) => socket.once('ping', resolve));
      socket.close();
    } finally {
      await pinging.stop();
    }
  });
});

describe('connections per viewer over SSE', () => {
  it('count SSE subscriptions; the one too many is refused with TOO_MANY_REQUESTS, and slots free up', async () => {
    const conversation = await newConversation();
    const query = `subscription($id: ID!) { messageAdded(conversationId: $id) { cursor } }`;
    const open = [sseSubscribe(gw, query, { id: String(conversation.id) }, adminAuth), sseSubscribe(gw, query, { id: String(conversation.id) }, adminAuth)];
    await untilSubscribers(gw, 2);
    const refused = sseSubscribe(gw, query, { id: String(conversation.id) }, adminAuth);
    await refused.ended;
    expect(refused.errors[0]).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS' } });
    open[0]!.stop();
    await untilSubscribers(gw, 1);
    const again = sseSubscribe(gw, query, { id: String(conversation.id) }, adminAuth);
    await untilSubscribers(gw, 2);
    again.stop();
    open[1]!.stop();
  });
});

describe('conversationChanged with a stored filter', () => {
  it('evaluates the filter by SQL: entered, updated, left', async () => {
    const filter = await createFilter(serviceContext(gw, admin), {
      name: 'Urgent ones',
      conditions: [{ fieldId: 'Priority', matchType: 'is', value: 'urgent' }],
    });
    const client = wsClient(gw, adminAuth);
    const sub = wsSubscribe(client, `subscription($f: ID) { conversationChanged(filterId: $f) { filterId change eventType conversationId } }`, {
      f: filter.id,
    });
    await untilSubscribers(gw, 1);
    const calm = await newConversation({ priority: 'low' });
    const hot = await newConversation({ priority: 'low' });
    await updateConversation(serviceContext(gw, admin), hot.id, { priority: 'urgent' });
    await replyConversation(serviceContext(gw, admin), hot.id, { type: 'reply', text: { format: 'plaintext', content: 'on it' } });
    await updateConversation(serviceContext(gw, admin), hot.id, { priority: 'normal' });
    const events = await sub.waitUntil((e) => e.conversationChanged.change === 'left');
    expect(events.map((e) => e.conversationChanged.conversationId)).not.toContain(calm.id);
    const mine = events.filter((e) => e.conversationChanged.conversationId === hot.id);
    expect(mine.map((e) => [e.conversationChanged.change, e.conversationChanged.eventType])).toEqual([
      ['entered', 'conversation.updated'],
      ['updated', 'message.added'],
      ['left', 'conversation.updated'],
    ]);
    expect(events[0].conversationChanged.filterId).toBe(filter.id);
    sub.stop();
    await client.dispose();
  });
});
