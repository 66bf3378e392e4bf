/**
 * The portal and the agent console are two views of the same conversation. These tests drive
 * both sides (a contact through the portal endpoints, an agent through the console endpoints) and
 * check each sees what the other did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { contactToken, createContact, PNG, uploadRest } from '../attachments/helpers.js';

let gw: TestGateway;
let alice: number;
let aliceAuth: string;
let agent: { id: number; auth: string };

beforeAll(async () => {
  gw = await startTestGateway();
  alice = await createContact(gw, 'Alice');
  aliceAuth = await contactToken(gw, alice);
  agent = await gw.createAgent({ name: 'Agent Smith' });
});
afterAll(async () => {
  await gw?.stop();
});

const portal = (id: number, rest = '') => `/api/v3/anytime/portalConversations/${id}${rest}`;
const console_ = (id: number, rest = '') => `/api/v3/anytime/conversations/${id}${rest}`;

/** An agent replies (or writes a note) through the console's GraphQL mutation. */
async function agentWrites(id: number, input: Record<string, unknown>) {
  const result = await gw.gql(
    'mutation($id: ID!, $input: ConversationMessageInput!) { replyConversation(id: $id, input: $input) { databaseId } }',
    { id: String(id), input },
    agent.auth,
  );
  expect(result.errors).toBeUndefined();
  return result.data.replyConversation.databaseId as string;
}

async function submitted(subject = 'Help') {
  const response = await gw.rest('POST', '/api/v3/anytime/portalConversations', { subject, message: { text: { content: 'Please help' } } }, aliceAuth);
  expect(response.status).toBe(200);
  return response.body.id as number;
}

describe('portal ⇄ agent console', () => {
  it('a submitted portal conversation is a new portal conversation for agents, from the contact', async () => {
    const id = await submitted('Login broken');
    const seen = await gw.rest('GET', `${console_(id)}?include=contact,messages`, undefined, agent.auth);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      id,
      subject: 'Login broken',
      channel: 'portal',
      status: 'new',
      createdByType: 'contact',
      isReadByContact: true,
      lastMessage: 'Please help',
      lastRepliedByType: 'contact',
    });
    expect(String(seen.body.contactId)).toBe(String(alice));
    expect(seen.body.messages).toHaveLength(1);
    expect(seen.body.messages[0]).toMatchObject({ senderType: 'contact', directType: 'receive' });
  });

  it('agent replies reach the portal (unread for the contact until it reads); notes never do', async () => {
    const id = await submitted();
    const file = await uploadRest(gw, PNG, 'answer.png', agent.auth);
    await agentWrites(id, { type: 'reply', text: { format: 'html', content: '<p>Try <b>this</b></p>' }, attachments: [{ id: file.body.id }] });
    const noteFile = await uploadRest(gw, 'internal', 'internal.txt', agent.auth);
    await agentWrites(id, { type: 'note', text: { content: 'customer seems confused' }, attachments: [{ id: noteFile.body.id }] });

    const messages = await gw.rest('GET', portal(id, '/messages?include=sender'), undefined, aliceAuth);
    expect(messages.status).toBe(200);
    expect(messages.body).toHaveLength(2);
    expect(messages.body[1]).toMatchObject({
      senderType: 'agent',
      senderId: String(agent.id),
      text: { format: 'html', content: '<p>Try <b>this</b></p>' },
      attachments: [{ id: file.body.id, fileName: 'answer.png' }],
      sender: { id: agent.id, name: 'Agent Smith' },
    });
    expect(messages.body[1].sender.email).toBeUndefined();
    expect(JSON.stringify(messages.body)).not.toContain('customer seems confused');

    // the contact may download the reply's attachment, never the note's
    expect((await fetch(`${gw.url}/api/v3/anytime/attachments/${file.body.id}/download`, { headers: { authorization: aliceAuth } })).status).toBe(200);
    expect((await fetch(`${gw.url}/api/v3/anytime/attachments/${noteFile.body.id}/download`, { headers: { authorization: aliceAuth } })).status).toBe(404);
    expect((await fetch(`${gw.url}/api/v3/anytime/attachments/${noteFile.body.id}/download`, { headers: { authorization: agent.auth } })).status).toBe(200);

    // unread for the contact, on both sides, until the contact reads it
    expect((await gw.rest('GET', portal(id), undefined, aliceAuth)).body.isReadByContact).toBe(false);
    expect((await gw.rest('GET', console_(id), undefined, agent.auth)).body.isReadByContact).toBe(false);
    expect((await gw.rest('PUT', portal(id, '/read'), undefined, aliceAuth)).status).toBe(204);
    expect((await gw.rest('GET', console_(id), undefined, agent.auth)).body.isReadByContact).toBe(true);
    // an agent reading the conversation does not change what the contact has read
    await gw.rest('PUT', portal(id, '/unread'), undefined, aliceAuth);
    await gw.rest('PUT', console_(id, '/read'), undefined, agent.auth);
    expect((await gw.rest('GET', console_(id), undefined, agent.auth)).body.isReadByContact).toBe(false);
  });

  it('contact replies reach the agent console and make it unread for the agent', async () => {
    const id = await submitted();
    await gw.rest('PUT', console_(id, '/read'), undefined, agent.auth);
    expect((await gw.rest('GET', console_(id), undefined, agent.auth)).body.isRead).toBe(true);
    const reply = await gw.rest('POST', portal(id, '/messages'), { text: { content: 'Still broken' } }, aliceAuth);
    expect(reply.status).toBe(200);
    const seen = await gw.rest('GET', console_(id), undefined, agent.auth);
    expect(seen.body).toMatchObject({ isRead: false, lastMessage: 'Still broken', lastRepliedByType: 'contact' });
    const messages = await gw.rest('GET', console_(id, '/messages'), undefined, agent.auth);
    expect(messages.body.at(-1)).toMatchObject({ id: reply.body.id, senderType: 'contact', senderId: String(alice) });
  });

  it('close and reopen are the status agents see, and an agent closing blocks contact replies too', async () => {
    const id = await submitted();
    await gw.rest('PUT', portal(id, '/close'), undefined, aliceAuth);
    expect((await gw.rest('GET', console_(id), undefined, agent.auth)).body.status).toBe('closed');
    await gw.rest('PUT', portal(id, '/reopen'), undefined, aliceAuth);
    expect((await gw.rest('GET', console_(id), undefined, agent.auth)).body.status).toBe('new');

    const closed = await gw.rest('PUT', console_(id), { status: 'closed' }, agent.auth);
    expect(closed.status).toBe(200);
    const portalView = await gw.rest('GET', portal(id), undefined, aliceAuth);
    expect(portalView.body).toMatchObject({ isClosed: true, closedTime: expect.any(String) });
    expect((await gw.rest('POST', portal(id, '/messages'), { text: { content: 'hello?' } }, aliceAuth)).status).toBe(409);
    // agents may still write to a closed conversation; it shows in the portal
    await gw.rest('PUT', console_(id), { status: 'pendingExternal' }, agent.auth);
    expect((await gw.rest('GET', portal(id), undefined, aliceAuth)).body.isClosed).toBe(false);
  });

  it('a conversation the agents delete disappears from the portal; other channels never appear', async () => {
    const id = await submitted();
    expect((await gw.rest('DELETE', console_(id), undefined, agent.auth)).status).toBe(204);
    expect((await gw.rest('GET', portal(id), undefined, aliceAuth)).status).toBe(404);
    const list = await gw.rest('GET', '/api/v3/anytime/portalConversations', undefined, aliceAuth);
    expect(list.body.map((c: { id: number }) => c.id)).not.toContain(id);

    const email = await gw.rest(
      'POST',
      '/api/v3/anytime/conversations',
      { subject: 'By email', channel: 'email', relatedType: 'contact', relatedId: String(alice), message: { type: 'email', text: { content: 'x' } } },
      agent.auth,
    );
    expect(email.status).toBeLessThan(300);
    expect((await gw.rest('GET', portal(email.body.id), undefined, aliceAuth)).status).toBe(404);
    const after = await gw.rest('GET', '/api/v3/anytime/portalConversations', undefined, aliceAuth);
    expect(after.body.map((c: { id: number }) => c.id)).not.toContain(email.body.id);
  });
});
