/**
 * node(id:) / nodes(ids:) (src/graphql/nodes.ts): an id that names nothing the viewer may see
 * answers null, never INTERNAL_SERVER_ERROR (Pothos loaded prismaNodes with findUniqueOrThrow).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactToken, createContact } from '../attachments/helpers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let conversationId: string;
beforeAll(async () => {
  gw = await startTestGateway();
  conversationId = await newConversation('Kept');
});
afterAll(() => gw?.stop());

const globalId = (typename: string, id: string | number) => Buffer.from(`${typename}:${id}`).toString('base64');
const NODE = `query($id: ID!) { node(id: $id) { id ... on Conversation { subject } ... on Filter { name } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Conversation { subject } } }`;

async function newConversation(subject: string): Promise<string> {
  const created = await gw.rest('POST', '/api/v3/anytime/conversations', {
    subject,
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'hello' } },
  });
  expect(created.status).toBe(200);
  return String(created.body.id);
}

describe('node(id:)', () => {
  it('finds an existing object', async () => {
    const found = await gw.gql(NODE, { id: globalId('Conversation', conversationId) });
    expect(found.errors).toBeUndefined();
    expect(found.data.node.subject).toBe('Kept');
  });

  it('answers null, without an error, for a purged conversation', async () => {
    const id = await newConversation('Purged');
    expect((await gw.rest('DELETE', `/api/v3/anytime/conversations/${id}`)).status).toBe(204);
    const purged = await gw.gql(`mutation($id: ID!) { deleteConversationPermanently(id: $id) }`, { id });
    expect(purged.errors).toBeUndefined();
    const answer = await gw.gql(NODE, { id: globalId('Conversation', id) });
    expect(answer).toEqual({ status: 200, data: { node: null } });
  });

  it('answers null, without an error, for ids that never existed or cannot exist', async () => {
    const ids = [
      globalId('Conversation', 999999),
      globalId('Message', '00000000-0000-4000-8000-000000000001'),
      globalId('Filter', '00000000-0000-4000-8000-000000000001'),
      globalId('Conversation', 'abc'), // not an integer key
      globalId('Conversation', 99999999999), // beyond a PostgreSQL integer
      globalId('Message', 'not-a-uuid'),
      globalId('Nope', 1), // no such type
      globalId('Attachment', 1), // a type that is not a Node
      'garbage', // not a global id at all
      conversationId, // a database id is not a global id
    ];
    for (const id of ids) {
      expect(await gw.gql(NODE, { id }), id).toEqual({ status: 200, data: { node: null } });
    }
  });

  it("answers null for another agent's private filter, and the filter to its creator", async () => {
    const alice = await gw.createAgent();
    const bob = await gw.createAgent();
    const created = await gw.gql(`mutation { createFilter(input: { name: "Alice only", isPrivate: true }) { id } }`, undefined, alice.auth);
    expect(created.errors).toBeUndefined();
    const id = created.data.createFilter.id;
    expect(await gw.gql(NODE, { id }, bob.auth)).toEqual({ status: 200, data: { node: null } });
    expect(await gw.gql(NODE, { id }, alice.auth)).toMatchObject({ data: { node: { name: 'Alice only' } } });
  });

  it('a contact viewer may not use node at all: the same FORBIDDEN for its own, another contact’s and a missing conversation', async () => {
    const alice = await createContact(gw, 'Alice');
    const bob = await createContact(gw, 'Bob');
    const aliceAuth = await contactToken(gw, alice);
    const bobAuth = await contactToken(gw, bob);
    const submit = (auth: string, subject: string) =>
      gw.rest('POST', '/api/v3/anytime/portalConversations', { subject, message: { text: { content: 'hello' } } }, auth);
    const own = await submit(aliceAuth, 'Alice asks');
    const others = await submit(bobAuth, 'Bob asks');
    expect([own.status, others.status]).toEqual([200, 200]);
    const answers = [];
    for (const id of [own.body.id, others.body.id, 999999]) {
      const answer = await gw.gql(NODE, { id: globalId('Conversation', id) }, aliceAuth);
      expect(answer.data).toEqual({ node: null });
      answers.push(answer.errors?.map((error) => [error.extensions?.code, error.message]));
    }
    expect(answers[0]).toEqual([['FORBIDDEN', 'You are not allowed to do this']]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(JSON.stringify(answers)).not.toContain('Bob asks');
  });
});

describe('nodes(ids:)', () => {
  it('answers each id in place: the object, or null for a missing or malformed one, without errors', async () => {
    const ids = [globalId('Conversation', conversationId), globalId('Conversation', 999999), 'garbage', globalId('Conversation', conversationId)];
    const answer = await gw.gql(NODES, { ids });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.nodes.map((node: { subject?: string } | null) => node?.subject ?? null)).toEqual(['Kept', null, null, 'Kept']);
  });

  it('an empty list is an empty list', async () => {
    expect(await gw.gql(NODES, { ids: [] })).toEqual({ status: 200, data: { nodes: [] } });
  });
});
