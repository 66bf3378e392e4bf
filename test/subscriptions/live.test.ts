/**
 * Live subscriptions end to end: the real graphql-ws client and an SSE reader against the real
 * gateway; events come from the conversations module's real services (the same code its
 * mutations run), so they travel the real path: transaction → event log → bus → hub → socket.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/viewer.js';
import { createConversation, replyConversation, updateConversation } from '../../src/modules/conversations/service.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { adminViewer, serviceContext, sseSubscribe, untilSubscribers, wsClient, wsSubscribe } from './helpers.js';

let gw: TestGateway;
let admin: Viewer;

const MESSAGE_ADDED = /* GraphQL */ `
  subscription($id: ID!, $after: String) {
    messageAdded(conversationId: $id, after: $after) { cursor conversationId messageId message { id type plainText sender { __typename } } }
  }
`;

async function newConversation(subject = 'Printer on fire') {
  return createConversation(serviceContext(gw, admin), {
    subject,
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'first' } },
  });
}

const reply = (id: number, content: string, type = 'reply', viewer = admin) =>
  replyConversation(serviceContext(gw, viewer), id, { type, text: { format: 'plaintext', content } });

beforeAll(async () => {
  gw = await startTestGateway();
  admin = await adminViewer(gw);
});
// Each test starts with no subscriber left over from the previous one.
beforeEach(() => untilSubscribers(gw, 0));
afterAll(async () => {
  await gw?.stop();
});

describe('messageAdded over graphql-ws', () => {
  it('delivers messages added after subscribing, with increasing cursors', async () => {
    const conversation = await newConversation();
    const client = wsClient(gw, adminAuth());
    const sub = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversation.id) });
    await untilSubscribers(gw, 1);
    await reply(conversation.id, 'one');
    await reply(conversation.id, 'two', 'note');
    const events = await sub.waitFor(2);
    expect(events.map((e) => e.messageAdded.message.plainText)).toEqual(['one', 'two']);
    expect(events.map((e) => e.messageAdded.message.type)).toEqual(['reply', 'note']);
    // Relation fields resolve per event (through loaders renewed for each event).
    expect(events.map((e) => e.messageAdded.message.sender?.__typename)).toEqual(['Agent', 'Agent']);
    expect(BigInt(events[1].messageAdded.cursor)).toBeGreaterThan(BigInt(events[0].messageAdded.cursor));
    expect(sub.errors).toEqual([]);
    sub.stop();
    await client.dispose();
  });

  it('catches up after a reconnect: every missed event once, then live, no gaps, no duplicates', async () => {
    const conversation = await newConversation();
    const client = wsClient(gw, adminAuth());
    const first = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversation.id) });
    await untilSubscribers(gw, 1);
    await reply(conversation.id, 'seen');
    const [seen] = await first.waitFor(1);
    first.stop();
    await client.dispose();

    // Missed while disconnected.
    await reply(conversation.id, 'missed 1');
    await reply(conversation.id, 'missed 2');

    const again = wsClient(gw, adminAuth());
    const resumed = wsSubscribe(again, MESSAGE_ADDED, { id: String(conversation.id), after: seen.messageAdded.cursor });
    await resumed.waitFor(2);
    await untilSubscribers(gw, 1);
    await reply(conversation.id, 'live');
    const events = await resumed.waitFor(3);
    expect(events.map((e) => e.messageAdded.message.plainText)).toEqual(['missed 1', 'missed 2', 'live']);
    const cursors = events.map((e) => e.messageAdded.cursor);
    expect(new Set(cursors).size).toBe(3);
    resumed.stop();
    await again.dispose();
  });

  it('a resubscribe racing with writes sees each event exactly once', async () => {
    const conversation = await newConversation();
    const client = wsClient(gw, adminAuth());
    const first = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversation.id) });
    await untilSubscribers(gw, 1);
    await reply(conversation.id, 'start');
    const [start] = await first.waitFor(1);
    first.stop();
    // Writes run while the new subscription replays the log.
    const writes = Promise.all(Array.from({ length: 10 }, (_, i) => reply(conversation.id, `burst ${i}`)));
    const resumed = wsSubscribe(client, MESSAGE_ADDED, { id: String(conversation.id), after: start.messageAdded.cursor });
    await writes;
    const events = await resumed.waitFor(10);
    await reply(conversation.id, 'after');
    await resumed.waitFor(11);
    const texts = resumed.events.map((e) => e.messageAdded.message.plainText);
    expect(texts).toHaveLength(11);
    expect(new Set(texts).size).toBe(11);
    expect(texts.at(-1)).toBe('after');
    const cursors = events.map((e) => BigInt(e.messageAdded.cursor));
    expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
    resumed.stop();
    await client.dispose();
  });
});

describe('messageAdded over SSE', () => {
  it('streams events as text/event-stream with the same auth as HTTP', async () => {
    const conversation = await newConversation();
    const sub = sseSubscribe(gw, MESSAGE_ADDED, { id: String(conversation.id) }, adminAuth());
    await untilSubscribers(gw, 1);
    await reply(conversation.id, 'over sse');
    const [event] = await sub.waitFor(1);
    expect(event.messageAdded.message.plainText).toBe('over sse');
    sub.stop();
  });

  it('refuses a missing or bad Authorization', async () => {
    const conversation = await newConversation();
    const none = sseSubscribe(gw, MESSAGE_ADDED, { id: String(conversation.id) }, null);
    await none.ended;
    expect(none.events).toEqual([]);
    expect(none.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = sseSubscribe(gw, MESSAGE_ADDED, { id: String(conversation.id) }, 'Basic Zm9vOmJhcg==');
    await bad.ended;
    expect(bad.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('conversationChanged and mentioned', () => {
  it('reports conversations entering, changing in and leaving a view', async () => {
    const agent = await gw.createAgent();
    const client = wsClient(gw, adminAuth());
    const sub = wsSubscribe(
      client,
      /* GraphQL */ `subscription { conversationChanged(filterId: "unassigned") { cursor filterId change eventType conversationId conversation { subject assignedAgentId } } }`,
    );
    await untilSubscribers(gw, 1);
    const conversation = await newConversation('Routing');
    await sub.waitFor(1);
    await updateConversation(serviceContext(gw, admin), conversation.id, { priority: 'high' });
    await updateConversation(serviceContext(gw, admin), conversation.id, { assignedAgentId: agent.id });
    const events = await sub.waitUntil((e) => e.conversationChanged.change === 'left');
    const mine = events.filter((e) => e.conversationChanged.conversationId === conversation.id).map((e) => e.conversationChanged);
    expect(mine[0]).toMatchObject({ change: 'entered', filterId: 'unassigned', conversation: { subject: 'Routing' } });
    expect(mine.at(-1)).toMatchObject({ change: 'left' });
    expect(mine.some((e) => e.change === 'updated')).toBe(true);
    sub.stop();
    await client.dispose();
  });

  it('"mine" is evaluated per agent: one agent sees it enter, the other sees it leave', async () => {
    const [a, b] = [await gw.createAgent(), await gw.createAgent()];
    const query = /* GraphQL */ `subscription { conversationChanged(filterId: "mine") { change conversationId } }`;
    const clientA = wsClient(gw, a.auth);
    const clientB = wsClient(gw, b.auth);
    const subA = wsSubscribe(clientA, query);
    const subB = wsSubscribe(clientB, query);
    await untilSubscribers(gw, 2);
    const conversation = await newConversation('Ping pong');
    await updateConversation(serviceContext(gw, admin), conversation.id, { assignedAgentId: a.id });
    await subA.waitUntil((e) => e.conversationChanged.change === 'entered');
    await updateConversation(serviceContext(gw, admin), conversation.id, { assignedAgentId: b.id });
    await subA.waitUntil((e) => e.conversationChanged.change === 'left');
    await subB.waitUntil((e) => e.conversationChanged.change === 'entered');
    const changes = (sub: typeof subA) => sub.events.filter((e) => e.conversationChanged.conversationId === conversation.id).map((e) => e.conversationChanged.change);
    // One update emits conversation.updated and conversation.assigneeChanged: entered, then updated.
    expect(changes(subA)[0]).toBe('entered');
    expect(changes(subA).at(-1)).toBe('left');
    expect(changes(subA).filter((c) => c === 'left')).toHaveLength(1);
    expect(changes(subB)[0]).toBe('entered');
    expect(changes(subB)).not.toContain('left');
    subA.stop();
    subB.stop();
    await Promise.all([clientA.dispose(), clientB.dispose()]);
  });

  it('tells an agent it was mentioned', async () => {
    const agent = await gw.createAgent();
    const conversation = await newConversation();
    const client = wsClient(gw, agent.auth);
    const sub = wsSubscribe(client, /* GraphQL */ `subscription { mentioned { cursor conversationId messageId message { type } } }`);
    await untilSubscribers(gw, 1);
    await replyConversation(serviceContext(gw, admin), conversation.id, {
      type: 'note',
      text: { format: 'plaintext', content: 'look' },
      mentionedAgentIds: [agent.id],
    });
    const [event] = await sub.waitFor(1);
    expect(event.mentioned).toMatchObject({ conversationId: conversation.id, message: { type: 'note' } });
    sub.stop();
    await client.dispose();
  });
});

describe('unreadCountsChanged', () => {
  it('pushes the current counts, then new counts when they change for the viewer', async () => {
    const agent = await gw.createAgent();
    const client = wsClient(gw, agent.auth);
    const sub = wsSubscribe(
      client,
      /* GraphQL */ `subscription { unreadCountsChanged(filterIds: ["all", "mine"]) { allCount filters { filterId unreadCount unreadMentionedCount } } }`,
    );
    const [initial] = await sub.waitFor(1);
    const before = initial.unreadCountsChanged;
    expect(before.filters.map((f: any) => f.filterId)).toEqual(['all', 'mine']);
    const conversation = await createConversation(serviceContext(gw, admin), {
      subject: 'Counts',
      channel: 'email',
      assignedAgentId: agent.id,
      message: { type: 'email', text: { format: 'plaintext', content: 'new work' } },
    });
    const events = await sub.waitUntil((e) => e.unreadCountsChanged.allCount > before.allCount);
    const after = events.at(-1).unreadCountsChanged;
    expect(after.allCount).toBe(before.allCount + 1);
    expect(after.filters[1]).toMatchObject({ filterId: 'mine', unreadCount: before.filters[1].unreadCount + 1 });
    expect(conversation.assignedAgentId).toBe(agent.id);
    sub.stop();
    await client.dispose();
  });
});

describe('GraphiQL', () => {
  it('is served at /graphql with subscriptions over WebSocket on the same path', async () => {
    // A browser signs in first (HTTP Basic); see test/foundation/graphql-http-audit.test.ts.
    const response = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html', authorization: adminAuth() } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toMatch(/subscriptionsProtocol\\?"?\s*:\s*\\?"WS/);
  });
});

function adminAuth(): string {
  return `Basic ${Buffer.from('admin@test.local:atk_test_admin_key_0123456789').toString('base64')}`;
}
