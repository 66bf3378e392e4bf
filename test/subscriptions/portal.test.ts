/**
 * Contacts on the customer portal: messageAdded for their own portal conversations only, public
 * messages only (never notes), over SSE and graphql-ws with their bearer token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactToken, createContact } from '../attachments/helpers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { sseSubscribe, untilSubscribers, wsClient, wsSubscribe } from './helpers.js';

let gw: TestGateway;
let aliceAuth: string;
let bobAuth: string;
let agent: { id: number; auth: string };

const MESSAGE_ADDED = /* GraphQL */ `
  subscription($id: ID!, $after: String) {
    messageAdded(conversationId: $id, after: $after) { cursor conversationId message { databaseId } portalMessage { databaseId text { content } } }
  }
`;

beforeAll(async () => {
  gw = await startTestGateway();
  aliceAuth = await contactToken(gw, await createContact(gw, 'Alice'));
  bobAuth = await contactToken(gw, await createContact(gw, 'Bob'));
  agent = await gw.createAgent({ name: 'Agent Smith' });
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => untilSubscribers(gw, 0));

async function submitted(subject = 'Help') {
  const response = await gw.rest('POST', '/api/v3/anytime/portalConversations', { subject, message: { text: { content: 'Please help' } } }, aliceAuth);
  expect(response.status).toBe(200);
  return response.body.id as number;
}

async function agentWrites(id: number, type: 'reply' | 'note', content: string) {
  const result = await gw.gql(
    'mutation($id: ID!, $input: ConversationMessageInput!) { replyConversation(id: $id, input: $input) { databaseId } }',
    { id: String(id), input: { type, text: { format: 'plaintext', content } } },
    agent.auth,
  );
  expect(result.errors).toBeUndefined();
}

describe('contacts', () => {
  it('receive agent replies on their own conversation over SSE, never notes', async () => {
    const id = await submitted();
    const sub = sseSubscribe(gw, MESSAGE_ADDED, { id: String(id) }, aliceAuth);
    await untilSubscribers(gw, 1);
    await agentWrites(id, 'note', 'internal: customer is grumpy');
    await agentWrites(id, 'reply', 'We are on it');
    const [first] = await sub.waitFor(1);
    // Events arrive in order, so the note was skipped, not delayed.
    expect(first.messageAdded.portalMessage.text.content).toBe('We are on it');
    expect(first.messageAdded.message).toBeNull();
    sub.stop();
  });

  it('over graphql-ws with a bearer token, including catch-up that skips notes', async () => {
    const id = await submitted('Catch up');
    await agentWrites(id, 'note', 'secret');
    await agentWrites(id, 'reply', 'public');
    const client = wsClient(gw, aliceAuth);
    const sub = wsSubscribe(client, MESSAGE_ADDED, { id: String(id), after: '0' });
    const events = await sub.waitFor(2);
    expect(events.map((e) => e.messageAdded.portalMessage.text.content)).toEqual(['Please help', 'public']);
    sub.stop();
    await client.dispose();
  });

  it('another contact’s conversation is not found, and no events flow', async () => {
    const id = await submitted('Private');
    const client = wsClient(gw, bobAuth);
    const sub = wsSubscribe(client, MESSAGE_ADDED, { id: String(id) });
    await sub.ended;
    expect(sub.events).toEqual([]);
    expect(sub.errors[0]).toMatchObject({ message: `conversation ${id} not found`, extensions: { code: 'NOT_FOUND' } });
    await client.dispose();
  });

  it('agent-only subscriptions are forbidden to contacts', async () => {
    const client = wsClient(gw, aliceAuth);
    for (const query of ['subscription { conversationChanged { cursor } }', 'subscription { mentioned { cursor } }', 'subscription { unreadCountsChanged(filterIds: ["all"]) { allCount } }']) {
      const sub = wsSubscribe(client, query);
      await sub.ended;
      expect(sub.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    }
    await client.dispose();
  });
});
