/**
 * conversation.readStateChanged has one payload shape (issue #10 item 10): `{ agentId, isRead }`,
 * one agent's own read flag. The contact reading its portal conversation is an event type of its
 * own, conversation.contactReadStateChanged `{ contactId, isRead }`. Producers (console, portal),
 * the log, the migration of old rows and the subscription consumers (conversationChanged, unread
 * counts) all agree.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactToken, createContact } from '../attachments/helpers.js';
import { BASE } from '../conversations/helpers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { untilSubscribers, wsClient, wsSubscribe } from '../subscriptions/helpers.js';

let gw: TestGateway;
let agent: { id: number; auth: string };
let other: { id: number; auth: string };
let contactId: number;
let contactAuth: string;

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ name: 'Reader', role: 'admin' });
  other = await gw.createAgent({ name: 'Other', role: 'admin' });
  contactId = await createContact(gw, 'Carla');
  contactAuth = await contactToken(gw, contactId);
});
afterAll(() => gw?.stop());

async function portalConversation(subject: string): Promise<number> {
  const response = await gw.rest('POST', '/api/v3/anytime/portalConversations', { subject, message: { text: { content: 'Please help' } } }, contactAuth);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.id;
}

const readEvents = (conversationId: number) =>
  gw.sql<{ type: string; payload: unknown }>(`SELECT type, payload FROM "DomainEvent" WHERE "conversationId" = $1 AND type LIKE 'conversation.%ead%' ORDER BY id`, [conversationId]);

describe('producers', () => {
  it('an agent reading logs conversation.readStateChanged { agentId, isRead }; the contact, conversation.contactReadStateChanged { contactId, isRead }', async () => {
    const id = await portalConversation('Both read it');
    expect((await gw.rest('PUT', `${BASE}/conversations/${id}/read`, undefined, agent.auth)).status).toBeLessThan(300);
    // The contact wrote it, so it starts read by the contact.
    expect((await gw.rest('PUT', `/api/v3/anytime/portalConversations/${id}/unread`, undefined, contactAuth)).status).toBe(204);
    expect((await gw.rest('PUT', `/api/v3/anytime/portalConversations/${id}/read`, undefined, contactAuth)).status).toBe(204);
    expect(await readEvents(id)).toEqual([
      { type: 'conversation.readStateChanged', payload: { agentId: agent.id, isRead: true } },
      { type: 'conversation.contactReadStateChanged', payload: { contactId, isRead: false } },
      { type: 'conversation.contactReadStateChanged', payload: { contactId, isRead: true } },
    ]);
    // Every logged event of either type has exactly its one shape.
    const shapes = await gw.sql<{ type: string; keys: string }>(
      `SELECT DISTINCT type, (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(payload) k) AS keys
       FROM "DomainEvent" WHERE type IN ('conversation.readStateChanged', 'conversation.contactReadStateChanged') ORDER BY type`,
    );
    expect(shapes).toEqual([
      { type: 'conversation.contactReadStateChanged', keys: 'contactId,isRead' },
      { type: 'conversation.readStateChanged', keys: 'agentId,isRead' },
    ]);
  });

  it('the migration rewrites events logged in the old contact shape', async () => {
    const id = await portalConversation('Logged before');
    await gw.sql(`INSERT INTO "DomainEvent"(type, "conversationId", payload) VALUES ('conversation.readStateChanged', $1, '{"isReadByContact": true, "by": "contact"}')`, [id]);
    await gw.sql(`INSERT INTO "DomainEvent"(type, "conversationId", payload) VALUES ('conversation.readStateChanged', $1, $2)`, [id, { agentId: agent.id, isRead: false }]);
    const dir = readdirSync(join(import.meta.dirname, '../../prisma/migrations')).find((name) => name.endsWith('_contact_read_state_event'))!;
    await gw.sql(readFileSync(join(import.meta.dirname, '../../prisma/migrations', dir, 'migration.sql'), 'utf8'));
    expect(await readEvents(id)).toEqual([
      { type: 'conversation.contactReadStateChanged', payload: { contactId, isRead: true } },
      { type: 'conversation.readStateChanged', payload: { agentId: agent.id, isRead: false } },
    ]);
  });
});

describe('consumers', () => {
  it("conversationChanged: the contact's read reaches every agent; another agent's read does not", async () => {
    const id = await portalConversation('Watched');
    const client = wsClient(gw, agent.auth);
    const sub = wsSubscribe(client, /* GraphQL */ `subscription { conversationChanged(filterId: "all") { change eventType conversationId conversation { isReadByContact } } }`);
    try {
      await untilSubscribers(gw, 1);
      expect((await gw.rest('PUT', `/api/v3/anytime/portalConversations/${id}/unread`, undefined, contactAuth)).status).toBe(204);
      await gw.rest('PUT', `${BASE}/conversations/${id}`, { subject: 'Watched (1)' });
      await sub.waitUntil((e) => e.conversationChanged.conversationId === id && e.conversationChanged.eventType === 'conversation.updated');
      await gw.rest('PUT', `${BASE}/conversations/${id}/read`, undefined, other.auth);
      await gw.rest('PUT', `/api/v3/anytime/portalConversations/${id}/read`, undefined, contactAuth);
      await gw.rest('PUT', `${BASE}/conversations/${id}/read`, undefined, agent.auth);
      const events = await sub.waitUntil((e) => e.conversationChanged.conversationId === id && e.conversationChanged.eventType === 'conversation.readStateChanged');
      // The creation's own events may arrive too: the test above logged events by SQL (never
      // published), so the hub holds the next published cursors for its reorder window, during
      // which this subscription can start. They are not what this test is about.
      const creation = ['conversation.created', 'message.added'];
      const mine = events.map((e) => e.conversationChanged).filter((e) => e.conversationId === id && !creation.includes(e.eventType));
      // In order: the contact's unread, the update, the contact's read, my own read. Not the other agent's read.
      expect(mine.map((e) => e.eventType)).toEqual([
        'conversation.contactReadStateChanged',
        'conversation.updated',
        'conversation.contactReadStateChanged',
        'conversation.readStateChanged',
      ]);
      expect(mine[2]).toMatchObject({ change: 'updated', conversation: { isReadByContact: true } });
    } finally {
      sub.stop();
      await client.dispose();
    }
  });

  it('unreadCountsChanged: my own read moves my counts', async () => {
    const id = await portalConversation('Counted');
    const client = wsClient(gw, agent.auth);
    const sub = wsSubscribe(client, /* GraphQL */ `subscription { unreadCountsChanged(filterIds: ["all"]) { allCount } }`);
    try {
      const [initial] = await sub.waitFor(1);
      const before = initial.unreadCountsChanged.allCount;
      expect(before).toBeGreaterThan(0);
      // Neither the contact reading nor another agent reading moves my counts; my own read does.
      await gw.rest('PUT', `/api/v3/anytime/portalConversations/${id}/unread`, undefined, contactAuth);
      await gw.rest('PUT', `${BASE}/conversations/${id}/read`, undefined, other.auth);
      await gw.rest('PUT', `${BASE}/conversations/${id}/read`, undefined, agent.auth);
      const events = await sub.waitUntil((e) => e.unreadCountsChanged.allCount === before - 1);
      expect(events.map((e) => e.unreadCountsChanged.allCount)).toEqual([before, before - 1]);
    } finally {
      sub.stop();
      await client.dispose();
    }
  });
});
