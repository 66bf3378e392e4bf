/**
 * An unknown or refused message type is a 400 whose message lists exactly the types that request
 * accepts (issue #10 item 10): the agent-side writes (new conversation, reply, draft) take the
 * reply types; `chat` and `offlineMessage` are message types too, but not ones an agent writes.
 * REST and GraphQL (variables and literals) alike, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLY_TYPES } from '../../src/modules/conversations/messages-service.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE, snapshot, submit } from './helpers.js';

let gw: TestGateway;
let conversationId: number;

beforeAll(async () => {
  gw = await startTestGateway();
  conversationId = (await submit(gw)).id;
});
afterAll(() => gw?.stop());

const ACCEPTED = `must be one of ${REPLY_TYPES.join(', ')}.`;

/** The message of a refused call, checking the status and that nothing was written. */
async function refusedMessage(call: () => Promise<{ status: number; message: string | undefined }>): Promise<string> {
  const before = await snapshot(gw);
  const { status, message } = await call();
  expect(status, message).toBe(400);
  expect(await snapshot(gw)).toEqual(before);
  return message ?? '';
}

const rest = (method: string, path: string, body: unknown) => async () => {
  const response = await gw.rest(method, path, body);
  return { status: response.status, message: response.body?.message as string | undefined };
};
const gql = (query: string, variables?: Record<string, unknown>) => async () => {
  const response = await gw.gql(query, variables);
  return { status: response.status, message: response.errors?.[0]?.message };
};

describe.each(['fax', 'chat', 'offlineMessage'])('type %s', (type) => {
  const text = { content: 'x' };

  it('REST: new conversation, reply and draft name the field, the value and exactly the reply types', async () => {
    const create = await refusedMessage(rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { type, text } }));
    expect(create).toContain('"input.message.type"');
    expect(create).toContain(`Value "${type}" does not exist in "ReplyMessageType" enum: ${ACCEPTED}`);
    const reply = await refusedMessage(rest('POST', `${BASE}/conversations/${conversationId}/messages`, { type, text }));
    expect(reply).toContain('"input.type"');
    expect(reply).toContain(`Value "${type}" does not exist in "ReplyMessageType" enum: ${ACCEPTED}`);
  });

  it('GraphQL: a variable and a literal', async () => {
    const variable = await refusedMessage(
      gql(`mutation($id: ID!, $input: ConversationMessageInput!) { replyConversation(id: $id, input: $input) { id } }`, {
        id: String(conversationId),
        input: { type, text },
      }),
    );
    expect(variable).toBe(`Variable "$input" got invalid value "${type}" at "input.type"; Value "${type}" does not exist in "ReplyMessageType" enum: ${ACCEPTED}`);
    const literal = await refusedMessage(gql(`mutation { replyConversation(id: "${conversationId}", input: { type: ${type}, text: { content: "x" } }) { id } }`));
    expect(literal).toBe(`Value "${type}" does not exist in "ReplyMessageType" enum: ${ACCEPTED}`);
    const draft = await refusedMessage(
      gql(`mutation($id: ID!, $input: ConversationDraftInput!) { createConversationDraft(conversationId: $id, input: $input) { id } }`, {
        id: String(conversationId),
        input: { type, text },
      }),
    );
    expect(draft).toContain(`Value "${type}" does not exist in "ReplyMessageType" enum: ${ACCEPTED}`);
  });
});

it('every accepted type is accepted (the list is not longer than what works)', async () => {
  for (const type of REPLY_TYPES) {
    const response = await gw.rest('POST', `${BASE}/conversations/${conversationId}/messages`, { type, text: { content: `a ${type}` } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
});

it('other enums say what they accept too (a priority on REST)', async () => {
  const message = await refusedMessage(rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', priority: 'asap', message: { type: 'email', text: { content: 'x' } } }));
  expect(message).toMatch(/priority.*must be one of urgent, high, normal, low/);
});

it('a viewer refused introspection (anonymous) is not told the values', async () => {
  const response = await gw.gql(`mutation { replyConversation(id: "${conversationId}", input: { type: fax, text: { content: "x" } }) { id } }`, undefined, null);
  expect(response.status).toBe(400);
  expect(response.errors?.[0]?.message).toBe('Value "fax" does not exist in "ReplyMessageType" enum.');
});
