/** Every documented conversation URL over REST, against the real database, with the include variants. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE, clientAuth, createContact, submit } from './helpers.js';

let gw: TestGateway;
let agent: { id: number; auth: string };
let contactId: number;
let departmentId: number;
let tagId: number;

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ name: 'Alice' });
  contactId = await createContact(gw, 'Carol Customer');
  [{ id: departmentId }] = (await gw.sql(`INSERT INTO "Department"(name) VALUES ('Support') RETURNING id`)) as [{ id: number }];
  [{ id: tagId }] = (await gw.sql(`INSERT INTO "Tag"(name) VALUES ('vip') RETURNING id`)) as [{ id: number }];
});
afterAll(() => gw?.stop());

describe('submit and get', () => {
  it('submits a conversation with its first message and every documented field', async () => {
    const [field] = await gw.sql(`INSERT INTO "Field"(id, type, name) VALUES (gen_random_uuid(), 'text', 'Order number') RETURNING id`);
    const created = await submit(gw, {
      subject: 'Refund please',
      channel: 'email',
      format: 'html',
      text: '<p>I want my <b>money</b> back</p>',
      extra: {
        relatedType: 'contact',
        relatedId: String(contactId),
        assignedAgentId: agent.id,
        assignedDepartmentId: departmentId,
        priority: 'high',
        status: 'pendingInternal',
        receivedBy: 'support@example.com',
        tagIds: [tagId],
        customFields: [{ id: field.id, value: 'A-1001' }],
      },
      message: { subject: 'Refund', cc: 'boss@example.com' },
    });
    expect(created).toMatchObject({
      subject: 'Refund please',
      channel: 'email',
      relatedType: 'contact',
      relatedId: String(contactId),
      contactId,
      assignedAgentId: agent.id,
      assignedDepartmentId: departmentId,
      priority: 'high',
      status: 'pendingInternal',
      receivedBy: 'support@example.com',
      tagIds: [tagId],
      customFields: [{ id: field.id, name: 'Order number', value: 'A-1001' }],
      lastMessage: 'I want my money back',
      createdByType: 'agent',
      createdById: '1',
      lastRepliedByType: 'agent',
      lastRepliedById: 1,
      isDeleted: false,
      isEditable: true,
      isRead: true,
      hasDraft: false,
      mergedIntoId: null,
    });
    expect(created.guid).toMatch(/^[0-9a-f-]{36}$/);
    // No include asked: no related objects.
    expect(created).not.toHaveProperty('assignedAgent');
    expect(created).not.toHaveProperty('messages');

    const plain = await gw.rest('GET', `${BASE}/conversations/${created.id}`);
    expect(plain.status).toBe(200);
    for (const name of ['assignedAgent', 'assignedDepartment', 'contact', 'createdBy', 'lastRepliedBy', 'messages']) expect(plain.body).not.toHaveProperty(name);

    const full = await gw.rest('GET', `${BASE}/conversations/${created.id}?include=assignedAgent,assignedDepartment,contact,createdBy,lastRepliedBy,messages`);
    expect(full.status).toBe(200);
    expect(full.body.assignedAgent).toMatchObject({ id: agent.id, name: 'Alice' });
    expect(full.body.assignedDepartment).toMatchObject({ id: departmentId, name: 'Support' });
    expect(full.body.contact).toMatchObject({ id: contactId, name: 'Carol Customer' });
    expect(full.body.createdBy).toMatchObject({ id: 1, email: 'admin@test.local' });
    expect(full.body.lastRepliedBy).toMatchObject({ id: 1 });
    expect(full.body.messages).toHaveLength(1);
    expect(full.body.messages[0]).toMatchObject({
      conversationId: created.id,
      type: 'email',
      directType: 'send',
      subject: 'Refund',
      cc: 'boss@example.com',
      texts: [{ format: 'html', content: '<p>I want my <b>money</b> back</p>' }],
      senderType: 'agent',
      senderId: '1',
      sendertId: '1',
      // The agent's first email message goes to the contact (README "Outgoing email"); this gateway has no SMTP_URL: sending, then fail.
      sendStatus: expect.stringMatching(/^(sending|fail)$/),
      attachments: [],
      isRead: true,
    });

    const one = await gw.rest('GET', `${BASE}/conversations/${created.id}?include=contact`);
    expect(one.body.contact.id).toBe(contactId);
    expect(one.body).not.toHaveProperty('assignedAgent');
  });

  it('createdBy is the contact when a contact created it (integration on behalf of a contact)', async () => {
    const created = await submit(gw, { extra: { relatedType: 'contact', relatedId: String(contactId) } });
    await gw.sql(`UPDATE "Conversation" SET "createdByType" = 'contact', "createdById" = $1 WHERE id = $2`, [String(contactId), created.id]);
    const got = await gw.rest('GET', `${BASE}/conversations/${created.id}?include=createdBy`);
    expect(got.body.createdBy).toMatchObject({ id: contactId, name: 'Carol Customer' });
  });

  it('answers 404 for an unknown conversation and 400 for an unknown include', async () => {
    expect((await gw.rest('GET', `${BASE}/conversations/999999`)).status).toBe(404);
    expect((await gw.rest('GET', `${BASE}/conversations/1?include=bogus`)).status).toBe(400);
  });
});

describe('events', () => {
  it('conversation.created and message.added carry small payloads', async () => {
    const created = await submit(gw, { extra: { assignedAgentId: agent.id, relatedType: 'contact', relatedId: String(contactId) } });
    const events = await gw.sql(`SELECT type, payload, "actorType", "actorId" FROM "DomainEvent" WHERE "conversationId" = $1 ORDER BY id`, [created.id]);
    expect(events.map((e) => e.type)).toEqual(['conversation.created', 'message.added']);
    expect(events[0]).toMatchObject({
      actorType: 'agent',
      actorId: '1',
      payload: { channel: 'email', status: 'new', priority: 'normal', assignedAgentId: agent.id, assignedDepartmentId: null, contactId, createdByType: 'agent', createdById: '1' },
    });
    const messageId = (await gw.rest('GET', `${BASE}/conversations/${created.id}/messages`)).body[0].id;
    expect(events[1].payload).toEqual({ messageId, type: 'email', senderType: 'agent', senderId: '1' });
  });

  it('clearing relatedType clears the related party', async () => {
    const created = await submit(gw, { extra: { relatedType: 'contact', relatedId: String(contactId) } });
    const cleared = await gw.rest('PUT', `${BASE}/conversations/${created.id}`, { relatedType: null });
    expect(cleared.body).toMatchObject({ relatedType: null, relatedId: null, contactId: null });
    const visitor = await gw.rest('PUT', `${BASE}/conversations/${created.id}`, { relatedType: 'visitor', relatedId: 'v-42' });
    expect(visitor.body).toMatchObject({ relatedType: 'visitor', relatedId: 'v-42', contactId: null });
  });
});

describe('list', () => {
  it('lists with total, page links and the list includes', async () => {
    const listed = await gw.rest('GET', `${BASE}/conversations?include=assignedAgent,assignedDepartment,contact,createdBy,lastRepliedBy`);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBeGreaterThanOrEqual(2);
    expect(listed.body.conversations.length).toBe(listed.body.total);
    expect(listed.body.previousPage).toBeNull();
    expect(listed.body.nextPage).toBeNull();
    expect(listed.body.currentPage).toContain('pageIndex=1');
    const withAgent = listed.body.conversations.find((c: any) => c.assignedDepartmentId === departmentId && c.contactId === contactId);
    expect(withAgent.assignedAgent.name).toBe('Alice');
    expect(withAgent.assignedDepartment.name).toBe('Support');
    expect(withAgent.contact.name).toBe('Carol Customer');
    expect(withAgent.createdBy.id).toBe(1);
    expect(withAgent.lastRepliedBy.id).toBe(1);
    // messages is not a list include
    expect((await gw.rest('GET', `${BASE}/conversations?include=messages`)).status).toBe(400);
    const bare = await gw.rest('GET', `${BASE}/conversations`);
    expect(bare.body.conversations[0]).not.toHaveProperty('contact');
  });
});

describe('messages', () => {
  it('replies (note, email, reply) and lists messages with and without sender', async () => {
    const conversation = await submit(gw, { extra: { relatedType: 'contact', relatedId: String(contactId) } });
    const reply = await gw.rest('POST', `${BASE}/conversations/${conversation.id}/messages`, {
      type: 'reply',
      text: { format: 'html', content: '<div>We are <i>on it</i></div>' },
      parentId: 'p-1',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ type: 'reply', directType: 'send', senderType: 'agent', senderId: '1', parentId: 'p-1', conversationId: conversation.id });
    const note = await gw.rest(
      'POST',
      `${BASE}/conversations/${conversation.id}/messages`,
      { type: 'note', text: { format: 'plaintext', content: 'internal' } },
      agent.auth,
    );
    expect(note.status).toBe(200);
    expect(note.body.senderId).toBe(String(agent.id));

    const messages = await gw.rest('GET', `${BASE}/conversations/${conversation.id}/messages`);
    expect(messages.status).toBe(200);
    expect(messages.body.map((m: any) => m.type)).toEqual(['email', 'reply', 'note']);
    expect(messages.body[0]).not.toHaveProperty('sender');
    const withSender = await gw.rest('GET', `${BASE}/conversations/${conversation.id}/messages?include=sender`);
    expect(withSender.body[2].sender).toMatchObject({ id: agent.id, name: 'Alice' });

    const got = await gw.rest('GET', `${BASE}/conversations/${conversation.id}`);
    // The note is the last message; lastReplied* stays on the last reply (notes are internal).
    expect(got.body.lastMessage).toBe('internal');
    expect(got.body.lastRepliedTime).toBe(reply.body.time);
    expect(got.body.lastActivityTime).toBe(note.body.time);
    expect((await gw.rest('GET', `${BASE}/conversations/424242/messages`)).status).toBe(404);
  });

  it('reads messages written by SQL without the list columns (imports) as empty lists, not a 500', async () => {
    const conversation = await submit(gw);
    await gw.sql(
      `INSERT INTO "Message"(id, "conversationId", type, "directType", "senderType", "senderId") VALUES (gen_random_uuid(), $1, 'reply', 'send', 'agent', '1')`,
      [conversation.id],
    );
    const got = await gw.rest('GET', `${BASE}/conversations/${conversation.id}?include=messages`);
    expect(got.status).toBe(200);
    expect(got.body.messages.map((m: any) => m.mentionedAgentIds)).toEqual([[], []]);
  });

  it('lets an integration write as an agent with sendByType/sendById', async () => {
    const conversation = await submit(gw);
    const bearer = await clientAuth(gw, ['api']);
    const asAgent = await gw.rest(
      'POST',
      `${BASE}/conversations/${conversation.id}/messages`,
      { type: 'reply', text: { content: 'from the CRM' }, sendByType: 'agent', sendById: String(agent.id) },
      bearer,
    );
    expect(asAgent.status).toBe(200);
    expect(asAgent.body).toMatchObject({ senderType: 'agent', senderId: String(agent.id), source: 'API' });
    const asSystem = await gw.rest('POST', `${BASE}/conversations/${conversation.id}/messages`, { type: 'note', text: { content: 'sync' } }, bearer);
    expect(asSystem.body).toMatchObject({ senderType: 'system', senderId: null });
    const list = await gw.rest('GET', `${BASE}/conversations`, undefined, bearer);
    expect(list.status).toBe(200);
  });

  it("names the first message's party on creation too: integrations may, agents only themselves", async () => {
    const bearer = await clientAuth(gw, ['api']);
    const fromCustomer = await submit(gw, { auth: bearer, message: { sendByType: 'contact', sendById: String(contactId) }, extra: { relatedType: 'contact', relatedId: String(contactId) } });
    const [first] = (await gw.rest('GET', `${BASE}/conversations/${fromCustomer.id}/messages`)).body;
    expect(first).toMatchObject({ senderType: 'contact', senderId: String(contactId), directType: 'receive' });
    const before = await gw.sql(`SELECT count(*)::int AS n FROM "Conversation"`);
    const asOther = await gw.rest('POST', `${BASE}/conversations`, {
      subject: 's', channel: 'email', message: { type: 'email', text: { content: 'x' }, sendByType: 'contact', sendById: String(contactId) },
    }, agent.auth);
    expect(asOther.status).toBe(403);
    expect(await gw.sql(`SELECT count(*)::int AS n FROM "Conversation"`)).toEqual(before);
  });
});

describe('update and batch update', () => {
  it('updates fields and keeps the bookkeeping', async () => {
    const conversation = await submit(gw);
    const updated = await gw.rest('PUT', `${BASE}/conversations/${conversation.id}`, {
      subject: 'New subject',
      status: 'closed',
      priority: 'urgent',
      assignedAgentId: agent.id,
      tagIds: [tagId],
      isActive: true,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ subject: 'New subject', status: 'closed', priority: 'urgent', assignedAgentId: agent.id, tagIds: [tagId], isActive: true });
    expect(new Date(updated.body.lastStatusChangeTime).getTime()).toBeGreaterThan(new Date(conversation.lastStatusChangeTime).getTime());
    expect(new Date(updated.body.lastActivityTime).getTime()).toBeGreaterThan(new Date(conversation.lastActivityTime).getTime());
    const events = await gw.sql(`SELECT type, payload FROM "DomainEvent" WHERE "conversationId" = $1 ORDER BY id`, [conversation.id]);
    expect(events.map((e) => e.type)).toEqual(['conversation.created', 'message.added', 'conversation.updated', 'conversation.statusChanged', 'conversation.assigneeChanged']);
    // `at`: the row's lastStatusChangeTime (SLA clocks read status history from these).
    expect(events[3].payload).toEqual({ from: 'new', to: 'closed', at: expect.any(String) });
    expect(events[2].payload.fields).toEqual(expect.arrayContaining(['subject', 'status', 'priority', 'assignedAgentId', 'tagIds']));
    // Unassign with null.
    const unassigned = await gw.rest('PUT', `${BASE}/conversations/${conversation.id}`, { assignedAgentId: null });
    expect(unassigned.body.assignedAgentId).toBeNull();
  });

  it('batch updates under both documented paths', async () => {
    const a = await submit(gw);
    const b = await submit(gw);
    const result = await gw.rest('PUT', `${BASE}/conversations/`, { ids: [a.id, b.id], status: 'onHold', priority: 'low', assignedDepartmentId: departmentId });
    expect(result.status).toBe(200);
    expect(result.body.map((c: any) => [c.id, c.status, c.priority, c.assignedDepartmentId])).toEqual([
      [a.id, 'onHold', 'low', departmentId],
      [b.id, 'onHold', 'low', departmentId],
    ]);
    const again = await gw.rest('PUT', `${BASE}/conversations`, { ids: [a.id], isRead: false });
    expect(again.status).toBe(200);
    expect(again.body[0].isRead).toBe(false);
  });
});

describe('read state', () => {
  it('marks conversations and messages read and unread (204)', async () => {
    const conversation = await submit(gw);
    const messageId = (await gw.rest('GET', `${BASE}/conversations/${conversation.id}/messages`)).body[0].id;
    expect((await gw.rest('PUT', `${BASE}/conversations/${conversation.id}/unread`)).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}`)).body.isRead).toBe(false);
    expect((await gw.rest('PUT', `${BASE}/conversations/${conversation.id}/read`)).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}`)).body.isRead).toBe(true);
    expect((await gw.rest('PUT', `${BASE}/conversations/messages/${messageId}/unread`)).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/messages`)).body[0].isRead).toBe(false);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}`)).body.isRead).toBe(false);
    expect((await gw.rest('PUT', `${BASE}/conversations/messages/${messageId}/read`)).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/messages`)).body[0].isRead).toBe(true);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}`)).body.isRead).toBe(true);
    expect((await gw.rest('PUT', `${BASE}/conversations/999999/read`)).status).toBe(404);
    expect((await gw.rest('PUT', `${BASE}/conversations/messages/00000000-0000-4000-8000-000000000000/read`)).status).toBe(404);
  });

  it('unreadCount per filter', async () => {
    const me = await gw.createAgent();
    const mine = await submit(gw, { extra: { assignedAgentId: me.id } });
    await submit(gw);
    const counts = await gw.rest('GET', `${BASE}/conversations/unreadCount?filterIds=all&filterIds=mine&filterIds=unassigned&filterIds=mentions`, undefined, me.auth);
    expect(counts.status).toBe(200);
    const total = (await gw.sql(`SELECT count(*)::int AS n FROM "Conversation" WHERE "deletedTime" IS NULL`))[0].n;
    expect(counts.body.allCount).toBe(total);
    const byId = Object.fromEntries(counts.body.filters.map((f: any) => [f.filterId, f]));
    expect(byId.mine).toEqual({ filterId: 'mine', unreadCount: 1, unreadMentionedCount: 0 });
    expect(byId.all.unreadCount).toBe(total);
    expect(byId.mentions.unreadCount).toBe(0);
    await gw.rest('PUT', `${BASE}/conversations/${mine.id}/read`, undefined, me.auth);
    const after = await gw.rest('GET', `${BASE}/conversations/unreadCount?filterIds=mine`, undefined, me.auth);
    expect(after.body).toEqual({ allCount: total - 1, filters: [{ filterId: 'mine', unreadCount: 0, unreadMentionedCount: 0 }] });
    expect((await gw.rest('GET', `${BASE}/conversations/unreadCount?filterIds=nope`, undefined, me.auth)).status).toBe(404);
  });
});

describe('delete, deleted conversations, restore, purge', () => {
  it('soft deletes, lists deleted with includes, restores and purges', async () => {
    const conversation = await submit(gw, { subject: 'to be deleted', extra: { assignedAgentId: agent.id } });
    expect((await gw.rest('DELETE', `${BASE}/conversations/${conversation.id}`)).status).toBe(204);
    const list = await gw.rest('GET', `${BASE}/conversations`);
    expect(list.body.conversations.map((c: any) => c.id)).not.toContain(conversation.id);

    const deleted = await gw.rest('GET', `${BASE}/deletedConversations/?include=assignedAgent`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.total).toBe(1);
    expect(deleted.body.deletedConversations[0]).toMatchObject({ id: conversation.id, isDeleted: true, isEditable: false });
    expect(deleted.body.deletedConversations[0].assignedAgent.id).toBe(agent.id);
    expect((await gw.rest('GET', `${BASE}/deletedConversations`)).body.total).toBe(1);

    const one = await gw.rest('GET', `${BASE}/deletedConversations/${conversation.id}?include=messages,createdBy`);
    expect(one.status).toBe(200);
    expect(one.body.messages).toHaveLength(1);
    expect(one.body.createdBy.id).toBe(1);
    const messages = await gw.rest('GET', `${BASE}/deletedConversations/${conversation.id}/messages?include=sender`);
    expect(messages.body[0].sender.id).toBe(1);
    // A live conversation is not in the deleted list.
    const live = await submit(gw);
    expect((await gw.rest('GET', `${BASE}/deletedConversations/${live.id}`)).status).toBe(404);

    const restored = await gw.rest('POST', `${BASE}/deletedConversations/${conversation.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: conversation.id, isDeleted: false, isEditable: true });
    expect((await gw.rest('GET', `${BASE}/deletedConversations`)).body.total).toBe(0);

    await gw.rest('DELETE', `${BASE}/conversations/${conversation.id}`);
    expect((await gw.rest('DELETE', `${BASE}/deletedConversations/${conversation.id}`)).status).toBe(204);
    expect(await gw.sql(`SELECT id FROM "Conversation" WHERE id = $1`, [conversation.id])).toEqual([]);
    expect(await gw.sql(`SELECT id FROM "Message" WHERE "conversationId" = $1`, [conversation.id])).toEqual([]);
    expect((await gw.rest('DELETE', `${BASE}/deletedConversations/${live.id}`)).status).toBe(404);
    const types = (await gw.sql(`SELECT type FROM "DomainEvent" WHERE "conversationId" = $1 ORDER BY id`, [conversation.id])).map((e) => e.type);
    expect(types).toEqual(['conversation.created', 'message.added', 'conversation.deleted', 'conversation.restored', 'conversation.deleted', 'conversation.purged']);
  });

  it('batch deletes (ids in the body or the query)', async () => {
    const a = await submit(gw);
    const b = await submit(gw);
    const c = await submit(gw);
    expect((await gw.rest('DELETE', `${BASE}/conversations`, { ids: [a.id, b.id] })).status).toBe(204);
    expect((await gw.rest('DELETE', `${BASE}/conversations?ids=${c.id}`)).status).toBe(204);
    const rows = await gw.sql(`SELECT id FROM "Conversation" WHERE id = ANY($1) AND "deletedTime" IS NOT NULL`, [[a.id, b.id, c.id]]);
    expect(rows).toHaveLength(3);
  });
});

describe('drafts', () => {
  it('gets, creates, updates and deletes the viewer draft', async () => {
    const conversation = await submit(gw);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/draft`)).status).toBe(404);
    const created = await gw.rest('POST', `${BASE}/conversations/${conversation.id}/draft`, {
      type: 'email',
      texts: [{ format: 'html', content: '<p>draft</p>' }],
      subject: 'Re: hi',
      cc: 'x@example.com',
      mentionedAgentIds: [],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ conversationId: conversation.id, type: 'email', subject: 'Re: hi', cc: 'x@example.com', senderId: '1', sendertId: '1', attachments: [] });
    expect(created.body.texts).toEqual([expect.objectContaining({ format: 'html', content: '<p>draft</p>' })]);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}`)).body.hasDraft).toBe(true);
    const updated = await gw.rest('PUT', `${BASE}/conversations/${conversation.id}/draft`, { subject: 'Re: hello' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, subject: 'Re: hello', cc: 'x@example.com' });
    const got = await gw.rest('GET', `${BASE}/conversations/${conversation.id}/draft`);
    expect(got.body.subject).toBe('Re: hello');
    expect((await gw.rest('DELETE', `${BASE}/conversations/${conversation.id}/draft`)).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/draft`)).status).toBe(404);
    expect((await gw.rest('PUT', `${BASE}/conversations/${conversation.id}/draft`, { subject: 'x' })).status).toBe(404);
    expect((await gw.rest('DELETE', `${BASE}/conversations/${conversation.id}/draft`)).status).toBe(404);
  });

  it('keeps one draft per agent: agents do not overwrite each other', async () => {
    const conversation = await submit(gw);
    await gw.rest('POST', `${BASE}/conversations/${conversation.id}/draft`, { type: 'reply', text: { content: 'admin draft' } });
    await gw.rest('POST', `${BASE}/conversations/${conversation.id}/draft`, { type: 'note', text: { content: 'alice draft' } }, agent.auth);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/draft`)).body.texts[0].content).toBe('admin draft');
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/draft`, undefined, agent.auth)).body.texts[0].content).toBe('alice draft');
    // Sending a reply uses up the sender's draft only.
    await gw.rest('POST', `${BASE}/conversations/${conversation.id}/messages`, { type: 'note', text: { content: 'sent' } }, agent.auth);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/draft`, undefined, agent.auth)).status).toBe(404);
    expect((await gw.rest('GET', `${BASE}/conversations/${conversation.id}/draft`)).status).toBe(200);
  });
});

describe('merge', () => {
  it('moves the source messages into the target in time order and deletes the source', async () => {
    const target = await submit(gw, { text: 'target first' });
    const source = await submit(gw, { text: 'source first' });
    await gw.rest('POST', `${BASE}/conversations/${target.id}/messages`, { type: 'reply', text: { content: 'target second' } });
    await gw.rest('POST', `${BASE}/conversations/${source.id}/messages`, { type: 'reply', text: { content: 'source second' } });
    const merged = await gw.rest('POST', `${BASE}/conversations/${target.id}/merge`, { sourceId: source.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: target.id, lastMessage: 'source second' });
    const messages = await gw.rest('GET', `${BASE}/conversations/${target.id}/messages`);
    expect(messages.body.map((m: any) => m.texts[0].content)).toEqual(['target first', 'source first', 'target second', 'source second']);
    const gone = await gw.rest('GET', `${BASE}/deletedConversations/${source.id}`);
    expect(gone.body).toMatchObject({ isDeleted: true, mergedIntoId: target.id, isEditable: false });
    expect((await gw.rest('PUT', `${BASE}/conversations/${source.id}`, { subject: 'x' })).status).toBe(403);
    const events = await gw.sql(`SELECT type, "conversationId", payload FROM "DomainEvent" WHERE type IN ('conversation.merged') ORDER BY id DESC LIMIT 1`);
    expect(events[0]).toMatchObject({ conversationId: target.id, payload: { sourceId: source.id, targetId: target.id, messageCount: 2 } });
  });
});
