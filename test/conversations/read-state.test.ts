/** Read state is per agent; mentions carry their own read flag; bookkeeping follows every message. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE, submit } from './helpers.js';

let gw: TestGateway;
let alice: { id: number; auth: string };
let bob: { id: number; auth: string };

beforeAll(async () => {
  gw = await startTestGateway();
  alice = await gw.createAgent({ name: 'Alice' });
  bob = await gw.createAgent({ name: 'Bob' });
});
afterAll(() => gw?.stop());

const isRead = async (id: number, auth: string) => (await gw.rest('GET', `${BASE}/conversations/${id}`, undefined, auth)).body.isRead;

describe('per-agent read state', () => {
  it('agent A reading does not mark the conversation read for agent B', async () => {
    const conversation = await submit(gw);
    expect(await isRead(conversation.id, alice.auth)).toBe(false);
    expect(await isRead(conversation.id, bob.auth)).toBe(false);
    await gw.rest('PUT', `${BASE}/conversations/${conversation.id}/read`, undefined, alice.auth);
    expect(await isRead(conversation.id, alice.auth)).toBe(true);
    expect(await isRead(conversation.id, bob.auth)).toBe(false);
    // Messages too.
    const messages = (await gw.rest('GET', `${BASE}/conversations/${conversation.id}/messages`, undefined, alice.auth)).body;
    expect(messages[0].isRead).toBe(true);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/messages`, undefined, bob.auth)).body[0].isRead).toBe(false);
    // Bob marking a message read leaves Alice's flags alone, and reads Bob's conversation (its only message).
    await gw.rest('PUT', `${BASE}/conversations/messages/${messages[0].id}/read`, undefined, bob.auth);
    expect(await isRead(conversation.id, bob.auth)).toBe(true);
    await gw.rest('PUT', `${BASE}/conversations/messages/${messages[0].id}/unread`, undefined, bob.auth);
    expect(await isRead(conversation.id, bob.auth)).toBe(false);
    expect(await isRead(conversation.id, alice.auth)).toBe(true);
    const events = await gw.sql(`SELECT type, payload FROM "DomainEvent" WHERE "conversationId" = $1 AND type LIKE '%readStateChanged' ORDER BY id`, [conversation.id]);
    expect(events).toEqual([
      { type: 'conversation.readStateChanged', payload: { agentId: alice.id, isRead: true } },
      { type: 'message.readStateChanged', payload: { messageId: messages[0].id, agentId: bob.id, isRead: true } },
      { type: 'message.readStateChanged', payload: { messageId: messages[0].id, agentId: bob.id, isRead: false } },
    ]);
  });

  it('a new message is read by its sender and unread for every other agent', async () => {
    const conversation = await submit(gw);
    await gw.rest('PUT', `${BASE}/conversations/${conversation.id}/read`, undefined, alice.auth);
    await gw.rest('PUT', `${BASE}/conversations/${conversation.id}/read`, undefined, bob.auth);
    await gw.rest('POST', `${BASE}/conversations/${conversation.id}/messages`, { type: 'reply', text: { content: 'from bob' } }, bob.auth);
    expect(await isRead(conversation.id, bob.auth)).toBe(true);
    expect(await isRead(conversation.id, alice.auth)).toBe(false);
    const got = (await gw.rest('GET', `${BASE}/conversations/${conversation.id}`, undefined, alice.auth)).body;
    expect(got).toMatchObject({ lastMessage: 'from bob', lastRepliedById: bob.id, lastRepliedByType: 'agent', isReadByContact: false });
  });

  it('isRead and isActive in an update are the viewer\'s own', async () => {
    const conversation = await submit(gw);
    const updated = await gw.rest('PUT', `${BASE}/conversations/${conversation.id}`, { isRead: true, isActive: true }, alice.auth);
    expect(updated.body).toMatchObject({ isRead: true, isActive: true });
    const asBob = (await gw.rest('GET', `${BASE}/conversations/${conversation.id}`, undefined, bob.auth)).body;
    expect(asBob).toMatchObject({ isRead: false, isActive: false });
  });
});

describe('mentions', () => {
  it('records agents mentioned in note HTML and in mentionedAgentIds, each with its own read flag', async () => {
    const conversation = await submit(gw);
    const note = await gw.rest(
      'POST',
      `${BASE}/conversations/${conversation.id}/messages`,
      {
        type: 'note',
        text: { format: 'html', content: `<p>Hey <span data-id="${alice.id}" class="athighlight">@Alice</span>, look</p><span class='athighlight' data-id=999999>@ghost</span>` },
        mentionedAgentIds: [bob.id],
      },
    );
    expect(note.status).toBe(200);
    expect([...note.body.mentionedAgentIds].sort()).toEqual([alice.id, bob.id].sort());
    const got = (await gw.rest('GET', `${BASE}/conversations/${conversation.id}`)).body;
    // lastMessage is the plain text: tags stripped.
    expect(got.lastMessage).toMatch(/^Hey @Alice, look\s+@ghost$/);
    expect(got.mentionedAgents).toHaveLength(2);
    expect(got.mentionedAgents).toEqual(
      expect.arrayContaining([
        { agentId: alice.id, isRead: false, messageId: note.body.id },
        { agentId: bob.id, isRead: false, messageId: note.body.id },
      ]),
    );
    const mentions = await gw.rest('GET', `${BASE}/conversations?filterId=mentions`, undefined, alice.auth);
    expect(mentions.body.conversations.map((c: any) => c.id)).toEqual([conversation.id]);
    const counts = await gw.rest('GET', `${BASE}/conversations/unreadCount?filterIds=mentions&filterIds=all`, undefined, alice.auth);
    expect(counts.body.filters[0]).toEqual({ filterId: 'mentions', unreadCount: 1, unreadMentionedCount: 1 });
    expect(counts.body.filters[1].unreadMentionedCount).toBe(1);

    // Alice reads: her mention is read, Bob's is not.
    await gw.rest('PUT', `${BASE}/conversations/${conversation.id}/read`, undefined, alice.auth);
    const after = (await gw.rest('GET', `${BASE}/conversations/${conversation.id}`)).body.mentionedAgents;
    expect(after.find((m: any) => m.agentId === alice.id).isRead).toBe(true);
    expect(after.find((m: any) => m.agentId === bob.id).isRead).toBe(false);
    // Bob reads the note itself: his mention is read.
    await gw.rest('PUT', `${BASE}/conversations/messages/${note.body.id}/read`, undefined, bob.auth);
    const last = (await gw.rest('GET', `${BASE}/conversations/${conversation.id}`)).body.mentionedAgents;
    expect(last.every((m: any) => m.isRead)).toBe(true);

    const events = await gw.sql(`SELECT payload FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'agent.mentioned' ORDER BY id`, [conversation.id]);
    expect(events.map((e) => e.payload.agentId).sort()).toEqual([alice.id, bob.id].sort());
    const added = await gw.sql(`SELECT payload FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'message.added' ORDER BY id DESC LIMIT 1`, [conversation.id]);
    expect(added[0].payload).toEqual({ messageId: note.body.id, type: 'note', senderType: 'agent', senderId: '1' });
  });
});
