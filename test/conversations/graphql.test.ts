/** Every conversation operation through GraphQL against the real database (the REST table's twins). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createContact } from './helpers.js';

let gw: TestGateway;
let agent: { id: number; auth: string };
let contactId: number;

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ name: 'Gina' });
  contactId = await createContact(gw, 'Gus');
});
afterAll(() => gw?.stop());

async function ok(query: string, variables: Record<string, unknown> = {}, auth?: string) {
  const result = await gw.gql(query, variables, auth);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data;
}

const CREATE = `mutation($input: CreateConversationInput!) {
  createConversation(input: $input) { id databaseId subject channel status priority lastMessage createdByType tagIds isRead isEditable
    contact { name } assignedAgent { name } createdBy { __typename ... on Agent { name } } lastRepliedBy { __typename }
    messages { databaseId type texts { format content } sender { ... on Agent { databaseId } } } }
}`;

async function create(extra: Record<string, unknown> = {}) {
  const data = await ok(CREATE, {
    input: {
      subject: 'Help',
      channel: 'chat',
      relatedType: 'contact',
      relatedId: String(contactId),
      assignedAgentId: String(agent.id),
      message: { type: 'reply', text: { format: 'html', content: '<p>Hi <b>Gus</b></p>' } },
      ...extra,
    },
  });
  return data.createConversation;
}

describe('queries and mutations', () => {
  it('createConversation and conversation(id) with every relation field', async () => {
    const created = await create();
    expect(created).toMatchObject({
      subject: 'Help',
      channel: 'chat',
      status: 'new',
      priority: 'normal',
      lastMessage: 'Hi Gus',
      createdByType: 'agent',
      isRead: true,
      isEditable: true,
      contact: { name: 'Gus' },
      assignedAgent: { name: 'Gina' },
      createdBy: { __typename: 'Agent', name: 'Administrator' },
      lastRepliedBy: { __typename: 'Agent' },
    });
    expect(created.messages).toEqual([{ databaseId: expect.any(String), type: 'reply', texts: [{ format: 'html', content: '<p>Hi <b>Gus</b></p>' }], sender: { databaseId: 1 } }]);
    // Relay id and database id both work.
    for (const id of [created.id, String(created.databaseId)]) {
      const data = await ok(`query($id: ID!) { conversation(id: $id) { databaseId assignedDepartment { name } } }`, { id });
      expect(data.conversation).toEqual({ databaseId: created.databaseId, assignedDepartment: null });
    }
    const node = await ok(`query($id: ID!) { node(id: $id) { ... on Conversation { subject } } }`, { id: created.id });
    expect(node.node.subject).toBe('Help');
  });

  it('conversations connection with filter and sort', async () => {
    await create({ subject: 'Zebra crossing', priority: 'urgent' });
    const data = await ok(`{ conversations(filter: { keywords: "zebra" }, sortBy: priority) { totalCount nodes { subject priority } } }`);
    expect(data.conversations).toEqual({ totalCount: 1, nodes: [{ subject: 'Zebra crossing', priority: 'urgent' }] });
  });

  it('replyConversation, messages, markMessageRead/Unread, markConversationRead/Unread', async () => {
    const conversation = await create();
    const reply = await ok(
      `mutation($id: ID!, $input: ConversationMessageInput!) { replyConversation(id: $id, input: $input) { id databaseId type isRead senderType mentionedAgentIds } }`,
      { id: String(conversation.databaseId), input: { type: 'note', text: { content: 'see this' }, mentionedAgentIds: [String(agent.id)] } },
    );
    expect(reply.replyConversation).toMatchObject({ type: 'note', isRead: true, senderType: 'agent', mentionedAgentIds: [agent.id] });
    const asGina = `query($id: ID!) { conversation(id: $id) { isRead mentionedAgents { agentId isRead agent { name } } messages { databaseId isRead } } }`;
    let seen = (await ok(asGina, { id: conversation.id }, agent.auth)).conversation;
    expect(seen.isRead).toBe(false);
    expect(seen.mentionedAgents).toEqual([{ agentId: agent.id, isRead: false, agent: { name: 'Gina' } }]);
    await ok(`mutation($id: ID!) { markMessageRead(id: $id) { isRead } }`, { id: reply.replyConversation.id }, agent.auth);
    seen = (await ok(asGina, { id: conversation.id }, agent.auth)).conversation;
    expect(seen.mentionedAgents[0].isRead).toBe(true);
    expect(seen.messages.map((m: any) => m.isRead)).toEqual([false, true]);
    const read = await ok(`mutation($id: ID!) { markConversationRead(id: $id) { isRead } }`, { id: conversation.id }, agent.auth);
    expect(read.markConversationRead.isRead).toBe(true);
    const unread = await ok(`mutation($id: ID!) { markConversationUnread(id: $id) { isRead } }`, { id: conversation.id }, agent.auth);
    expect(unread.markConversationUnread.isRead).toBe(false);
    const msgUnread = await ok(`mutation($id: ID!) { markMessageUnread(id: $id) { isRead } }`, { id: reply.replyConversation.databaseId }, agent.auth);
    expect(msgUnread.markMessageUnread.isRead).toBe(false);
  });

  it('updateConversation and updateConversations', async () => {
    const a = await create();
    const b = await create();
    const updated = await ok(`mutation($id: ID!) { updateConversation(id: $id, input: { status: onHold, subject: "Renamed" }) { status subject lastStatusChangeTime } }`, { id: a.id });
    expect(updated.updateConversation).toMatchObject({ status: 'onHold', subject: 'Renamed' });
    const batch = await ok(`mutation($ids: [ID!]!) { updateConversations(ids: $ids, input: { priority: high, assignedAgentId: null }) { databaseId priority assignedAgentId } }`, {
      ids: [a.id, String(b.databaseId)],
    });
    expect(batch.updateConversations).toEqual([
      { databaseId: a.databaseId, priority: 'high', assignedAgentId: null },
      { databaseId: b.databaseId, priority: 'high', assignedAgentId: null },
    ]);
    const refused = await gw.gql(`mutation($ids: [ID!]!) { updateConversations(ids: $ids, input: { priority: low }) { databaseId } }`, { ids: [a.id, '999999'] });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const rows = await gw.sql(`SELECT priority FROM "Conversation" WHERE id = $1`, [a.databaseId]);
    expect(rows[0].priority).toBe('high');
  });

  it('delete, deletedConversations, deletedConversation, restore, deleteConversationPermanently, deleteConversations', async () => {
    const a = await create({ subject: 'Bin me' });
    const b = await create();
    const deleted = await ok(`mutation($id: ID!) { deleteConversation(id: $id) { isDeleted isEditable } }`, { id: a.id });
    expect(deleted.deleteConversation).toEqual({ isDeleted: true, isEditable: false });
    const list = await ok(`{ deletedConversations { totalCount nodes { databaseId contact { name } createdBy { ... on Agent { name } } } } }`);
    expect(list.deletedConversations).toEqual({ totalCount: 1, nodes: [{ databaseId: a.databaseId, contact: { name: 'Gus' }, createdBy: { name: 'Administrator' } }] });
    const one = await ok(`query($id: ID!) { deletedConversation(id: $id) { subject messages { sender { ... on Agent { name } } } } }`, { id: a.id });
    expect(one.deletedConversation).toEqual({ subject: 'Bin me', messages: [{ sender: { name: 'Administrator' } }] });
    const notDeleted = await gw.gql(`query($id: ID!) { deletedConversation(id: $id) { subject } }`, { id: b.id });
    expect(notDeleted.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const restored = await ok(`mutation($id: ID!) { restoreConversation(id: $id) { isDeleted } }`, { id: a.id });
    expect(restored.restoreConversation.isDeleted).toBe(false);
    const both = await ok(`mutation($ids: [ID!]!) { deleteConversations(ids: $ids) { databaseId isDeleted } }`, { ids: [a.id, b.id] });
    expect(both.deleteConversations.every((c: any) => c.isDeleted)).toBe(true);
    const purged = await ok(`mutation($id: ID!) { deleteConversationPermanently(id: $id) }`, { id: a.id });
    expect(purged.deleteConversationPermanently).toBe(a.databaseId);
    expect(await gw.sql(`SELECT 1 FROM "Conversation" WHERE id = $1`, [a.databaseId])).toEqual([]);
  });

  it('drafts: create, read, update, delete; hasDraft is per agent', async () => {
    const conversation = await create();
    const saved = await ok(
      `mutation($id: ID!) { createConversationDraft(conversationId: $id, input: { type: email, text: { content: "draft" }, subject: "Re" }) { id type subject senderId texts { content } } }`,
      { id: conversation.id },
      agent.auth,
    );
    expect(saved.createConversationDraft).toMatchObject({ type: 'email', subject: 'Re', senderId: String(agent.id), texts: [{ content: 'draft' }] });
    const flags = `query($id: ID!) { conversation(id: $id) { hasDraft } }`;
    expect((await ok(flags, { id: conversation.id }, agent.auth)).conversation.hasDraft).toBe(true);
    expect((await ok(flags, { id: conversation.id })).conversation.hasDraft).toBe(false);
    const updated = await ok(`mutation($id: ID!) { updateConversationDraft(conversationId: $id, input: { cc: "c@x.y" }) { subject cc } }`, { id: conversation.id }, agent.auth);
    expect(updated.updateConversationDraft).toEqual({ subject: 'Re', cc: 'c@x.y' });
    const got = await ok(`query($id: ID!) { conversationDraft(conversationId: $id) { id cc } }`, { id: conversation.id }, agent.auth);
    expect(got.conversationDraft.id).toBe(saved.createConversationDraft.id);
    await ok(`mutation($id: ID!) { deleteConversationDraft(conversationId: $id) { id } }`, { id: conversation.id }, agent.auth);
    const gone = await gw.gql(`query($id: ID!) { conversationDraft(conversationId: $id) { id } }`, { id: conversation.id }, agent.auth);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('mergeConversation', async () => {
    const target = await create({ subject: 'Target' });
    const source = await create({ subject: 'Source' });
    const merged = await ok(`mutation($id: ID!, $sourceId: ID!) { mergeConversation(id: $id, sourceId: $sourceId) { databaseId messages { conversationId } } }`, {
      id: target.id,
      sourceId: source.id,
    });
    expect(merged.mergeConversation.messages).toHaveLength(2);
    const src = await ok(`query($id: ID!) { deletedConversation(id: $id) { mergedIntoId isEditable messages { databaseId } } }`, { id: source.id });
    expect(src.deletedConversation).toEqual({ mergedIntoId: target.databaseId, isEditable: false, messages: [] });
    const again = await gw.gql(`mutation($id: ID!) { mergeConversation(id: $id, sourceId: $id) { databaseId } }`, { id: target.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('conversationUnreadCounts', async () => {
    const me = await gw.createAgent();
    await create({ assignedAgentId: String(me.id) });
    const data = await ok(`{ conversationUnreadCounts(filterIds: ["mine", "unassigned"]) { allCount filters { filterId unreadCount unreadMentionedCount } } }`, {}, me.auth);
    expect(data.conversationUnreadCounts.filters).toEqual([
      { filterId: 'mine', unreadCount: 1, unreadMentionedCount: 0 },
      { filterId: 'unassigned', unreadCount: expect.any(Number), unreadMentionedCount: 0 },
    ]);
    expect(data.conversationUnreadCounts.allCount).toBeGreaterThanOrEqual(1);
  });

  it('bad input comes back as errors naming the field', async () => {
    const missing = await gw.gql(`mutation { createConversation(input: { channel: "x", message: { type: reply, text: { content: "x" } } }) { databaseId } }`);
    expect(missing.errors?.[0]?.message).toMatch(/subject/);
    const badEnum = await gw.gql(`mutation { createConversation(input: { subject: "s", channel: "x", status: open, message: { type: reply, text: { content: "x" } } }) { databaseId } }`);
    expect(badEnum.errors?.[0]?.message).toMatch(/open/);
    const badId = await gw.gql(`{ conversation(id: "nope") { databaseId } }`);
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
