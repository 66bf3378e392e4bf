/**
 * The customer portal: contacts submit, read, reply to, close and reopen their own conversations;
 * agents and `portal` integrations act for a named contact; everyone else is refused. Bad input
 * answers a clear 4xx and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { contactToken, createContact, integrationToken, PNG, registerClient, uploadGraphQL, uploadRest } from '../attachments/helpers.js';

let gw: TestGateway;
let alice: number;
let bob: number;
let aliceAuth: string;
let bobAuth: string;
let portalIntegration: string;
let apiIntegration: string;
let agent: { id: number; auth: string };

beforeAll(async () => {
  gw = await startTestGateway();
  alice = await createContact(gw, 'Alice');
  bob = await createContact(gw, 'Bob');
  const client = await registerClient(gw, ['portal']);
  aliceAuth = await contactToken(gw, alice, client);
  bobAuth = await contactToken(gw, bob, client);
  portalIntegration = await integrationToken(gw, ['portal']);
  apiIntegration = await integrationToken(gw, ['api']);
  agent = await gw.createAgent();
});
afterAll(async () => {
  await gw?.stop();
});

const count = async (table: string) => Number((await gw.sql(`SELECT count(*)::int AS n FROM "${table}"`))[0].n);
const snapshot = async () => ({ conversations: await count('Conversation'), messages: await count('Message'), claimed: await claimedCount() });
const claimedCount = async () => Number((await gw.sql('SELECT count(*)::int AS n FROM "Attachment" WHERE "messageId" IS NOT NULL'))[0].n);

async function submit(auth: string, body: Record<string, unknown>) {
  return gw.rest('POST', '/api/v3/anytime/portalConversations', body, auth);
}

describe('submit and read', () => {
  it('a contact submits a conversation with text and an attachment; agents see a portal conversation', async () => {
    const file = await uploadRest(gw, PNG, 'screenshot.png', aliceAuth);
    expect(file.status).toBe(200);
    const created = await submit(aliceAuth, {
      subject: 'Printer on fire',
      contactId: String(bob), // ignored: a contact always acts for itself
      message: { text: { format: 'plaintext', content: 'It is smoking.' }, attachments: [{ id: file.body.id }] },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.any(Number),
      subject: 'Printer on fire',
      contactId: String(alice),
      isClosed: false,
      isReadByContact: true,
      customFields: [],
      createdTime: expect.stringMatching(/Z$/),
      closedTime: null,
    });
    const [row] = await gw.sql('SELECT * FROM "Conversation" WHERE id = $1', [created.body.id]);
    expect(row).toMatchObject({ channel: 'portal', status: 'new', contactId: alice, createdByType: 'contact', createdById: String(alice), lastMessage: 'It is smoking.' });
    const [message] = await gw.sql('SELECT * FROM "Message" WHERE "conversationId" = $1', [created.body.id]);
    expect(message).toMatchObject({ senderType: 'contact', senderId: String(alice), directType: 'receive', type: 'reply' });
    const [attachment] = await gw.sql('SELECT "messageId", "conversationId" FROM "Attachment" WHERE id = $1', [file.body.id]);
    expect(attachment).toEqual({ messageId: message.id, conversationId: created.body.id });

    const got = await gw.rest('GET', `/api/v3/anytime/portalConversations/${created.body.id}?include=contact,messages`, undefined, aliceAuth);
    expect(got.status).toBe(200);
    expect(got.body.contact).toMatchObject({ id: alice, name: 'Alice' });
    expect(got.body.messages).toHaveLength(1);
    expect(got.body.messages[0]).toEqual({
      id: message.id,
      text: { id: expect.any(String), format: 'plaintext', content: 'It is smoking.' },
      senderId: String(alice),
      senderType: 'contact',
      time: expect.any(String),
      attachments: [expect.objectContaining({ id: file.body.id, fileName: 'screenshot.png', mimetype: 'image/png', messageId: message.id })],
    });
    // the contact can download its conversation's attachment with its own credentials
    const download = await fetch(`${gw.url}/api/v3/anytime/attachments/${file.body.id}/download`, { headers: { authorization: aliceAuth } });
    expect(download.status).toBe(200);
  });

  it('lists by contactIds (repeatable); a contact only ever gets its own', async () => {
    await submit(bobAuth, { subject: 'Bob asks', message: { text: { content: 'hello' } } });
    const mine = await gw.rest('GET', `/api/v3/anytime/portalConversations?contactIds=${bob}`, undefined, aliceAuth);
    expect(mine.status).toBe(200);
    expect(mine.body.length).toBeGreaterThan(0);
    expect(mine.body.every((c: { contactId: string }) => c.contactId === String(alice))).toBe(true);

    const both = await gw.rest('GET', `/api/v3/anytime/portalConversations?contactIds=${alice}&contactIds=${bob}&include=contact`, undefined, agent.auth);
    expect(new Set(both.body.map((c: { contactId: string }) => c.contactId))).toEqual(new Set([String(alice), String(bob)]));
    expect(both.body.every((c: { contact: { id: number }; contactId: string }) => String(c.contact.id) === c.contactId)).toBe(true);
    const viaIntegration = await gw.rest('GET', `/api/v3/anytime/portalConversations?contactIds=${bob}`, undefined, portalIntegration);
    expect(viaIntegration.body.every((c: { contactId: string }) => c.contactId === String(bob))).toBe(true);

    expect((await gw.rest('GET', '/api/v3/anytime/portalConversations', undefined, agent.auth)).status).toBe(400);
    expect((await gw.rest('GET', '/api/v3/anytime/portalConversations?contactIds=abc', undefined, agent.auth)).body.message).toMatch(/contactIds\[0\]/);
    expect((await gw.rest('GET', `/api/v3/anytime/portalConversations?contactIds=${bob}&include=messages`, undefined, agent.auth)).status).toBe(400);
  });

  it('keeps reads at a constant number of SQL statements', async () => {
    const read = () => gw.rest('GET', `/api/v3/anytime/portalConversations?contactIds=${alice}&contactIds=${bob}&include=contact`, undefined, agent.auth);
    const before = await gw.countSql(read);
    for (let i = 0; i < 4; i += 1) await submit(aliceAuth, { subject: `more ${i}`, message: { text: { content: 'x' } } });
    expect(await gw.countSql(read)).toBe(before);

    // one conversation's messages, with attachments and senders: constant in the number of messages
    const id = (await submit(aliceAuth, { subject: 'chatty', message: { text: { content: 'm0' } } })).body.id;
    const messages = () =>
      Promise.all([
        gw.rest('GET', `/api/v3/anytime/portalConversations/${id}?include=contact,messages`, undefined, aliceAuth),
        gw.rest('GET', `/api/v3/anytime/portalConversations/${id}/messages?include=sender`, undefined, aliceAuth),
      ]);
    const few = await gw.countSql(messages);
    for (let i = 0; i < 4; i += 1) {
      const file = (await uploadRest(gw, `f${i}`, `f${i}.txt`, aliceAuth)).body.id;
      await gw.rest('POST', `/api/v3/anytime/portalConversations/${id}/messages`, { text: { content: `m${i + 1}` }, attachments: [file] }, aliceAuth);
    }
    const [full] = await messages();
    expect(full.body.messages).toHaveLength(5);
    expect(await gw.countSql(messages)).toBe(few);
  });
});

describe('who may call', () => {
  let conversationId: number;
  beforeAll(async () => {
    conversationId = (await submit(aliceAuth, { subject: 'Private', message: { text: { content: 'secret' } } })).body.id;
  });

  it('another contact gets 404 for everything about it', async () => {
    const before = await snapshot();
    const base = `/api/v3/anytime/portalConversations/${conversationId}`;
    expect((await gw.rest('GET', base, undefined, bobAuth)).status).toBe(404);
    expect((await gw.rest('GET', `${base}?contactId=${alice}`, undefined, bobAuth)).status).toBe(404);
    expect((await gw.rest('GET', `${base}/messages`, undefined, bobAuth)).status).toBe(404);
    expect((await gw.rest('POST', `${base}/messages`, { contactId: String(alice), text: { content: 'hi' } }, bobAuth)).status).toBe(404);
    expect((await gw.rest('PUT', `${base}/close`, { contactId: String(alice) }, bobAuth)).status).toBe(404);
    expect((await gw.rest('PUT', `${base}/reopen`, {}, bobAuth)).status).toBe(404);
    expect((await gw.rest('PUT', `${base}/read`, {}, bobAuth)).status).toBe(404);
    expect((await gw.gql('query($id: ID!) { portalConversation(id: $id) { subject } }', { id: String(conversationId) }, bobAuth)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('agents and portal integrations act for the named contact; a wrong contact is 404, a missing one 400', async () => {
    const base = `/api/v3/anytime/portalConversations/${conversationId}`;
    expect((await gw.rest('GET', base, undefined, agent.auth)).status).toBe(200);
    expect((await gw.rest('GET', `${base}?contactId=${alice}`, undefined, portalIntegration)).status).toBe(200);
    expect((await gw.rest('GET', `${base}?contactId=${bob}`, undefined, portalIntegration)).status).toBe(404);
    const malformed = await gw.rest('GET', `${base}?contactId=abc`, undefined, portalIntegration);
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/contactId must be a Contact id/);
    const noContact = await gw.rest('POST', `${base}/messages`, { text: { content: 'hi' } }, portalIntegration);
    expect(noContact.status).toBe(400);
    expect(noContact.body.message).toMatch(/contactId is required/);
    expect((await gw.rest('PUT', `${base}/close`, {}, agent.auth)).status).toBe(400);
    const carried = await gw.rest('POST', `${base}/messages`, { contactId: String(alice), text: { content: 'relayed by the portal server' } }, portalIntegration);
    expect(carried.status).toBe(200);
    expect(carried.body).toMatchObject({ senderType: 'contact', senderId: String(alice) });
    // submitting for a contact needs the contact, and it must exist
    expect((await submit(portalIntegration, { subject: 's', message: { text: { content: 'x' } } })).status).toBe(400);
    expect((await submit(portalIntegration, { subject: 's', contactId: '999999', message: { text: { content: 'x' } } })).status).toBe(404);
    const forBob = await submit(portalIntegration, { subject: 'for bob', contactId: String(bob), message: { text: { content: 'x' } } });
    expect(forBob.status).toBe(200);
    expect(forBob.body.contactId).toBe(String(bob));
  });

  it('integrations without the portal scope get 403, anonymous callers 401', async () => {
    const base = `/api/v3/anytime/portalConversations/${conversationId}`;
    expect((await gw.rest('GET', `${base}?contactId=${alice}`, undefined, apiIntegration)).status).toBe(403);
    expect((await gw.rest('GET', `/api/v3/anytime/portalConversations?contactIds=${alice}`, undefined, apiIntegration)).status).toBe(403);
    expect((await submit(apiIntegration, { subject: 's', contactId: String(alice), message: { text: { content: 'x' } } })).status).toBe(403);
    expect((await gw.rest('GET', base, undefined, null)).status).toBe(401);
  });
});

describe('close, reopen, reply, read state', () => {
  it('close → replies refused (409, nothing written) → reopen → reply works; status is what agents see', async () => {
    const id = (await submit(aliceAuth, { subject: 'Lifecycle', message: { text: { content: 'first' } } })).body.id;
    const base = `/api/v3/anytime/portalConversations/${id}`;
    const closed = await gw.rest('PUT', `${base}/close`, {}, aliceAuth);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id, isClosed: true, closedTime: expect.any(String) });
    expect((await gw.sql('SELECT status FROM "Conversation" WHERE id = $1', [id]))[0].status).toBe('closed');
    // closing again is harmless
    expect((await gw.rest('PUT', `${base}/close`, {}, aliceAuth)).body.isClosed).toBe(true);

    const file = await uploadRest(gw, 'log', 'log.txt', aliceAuth);
    const before = await snapshot();
    const refused = await gw.rest('POST', `${base}/messages`, { text: { content: 'hello?' }, attachments: [file.body.id] }, aliceAuth);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/closed; reopen it/);
    expect(await snapshot()).toEqual(before);

    const reopened = await gw.rest('PUT', `${base}/reopen`, {}, aliceAuth);
    expect(reopened.body).toMatchObject({ isClosed: false, closedTime: null });
    expect((await gw.sql('SELECT status, "closedTime" FROM "Conversation" WHERE id = $1', [id]))[0]).toEqual({ status: 'new', closedTime: null });

    const reply = await gw.rest('POST', `${base}/messages`, { text: { content: 'hello?' }, attachments: [file.body.id] }, aliceAuth);
    expect(reply.status).toBe(200);
    expect(reply.body.attachments.map((a: { id: string }) => a.id)).toEqual([file.body.id]);

    const messages = await gw.rest('GET', `${base}/messages?include=sender`, undefined, aliceAuth);
    expect(messages.body.map((m: { text: { content: string } }) => m.text.content)).toEqual(['first', 'hello?']);
    expect(messages.body[1].sender).toMatchObject({ id: alice, name: 'Alice' });
    expect((await gw.rest('GET', `${base}/messages?include=contact`, undefined, aliceAuth)).status).toBe(400);
  });

  it('read / unread by the contact (204) is the isReadByContact agents see', async () => {
    const id = (await submit(aliceAuth, { subject: 'Read me', message: { text: { content: 'x' } } })).body.id;
    const base = `/api/v3/anytime/portalConversations/${id}`;
    const unread = await gw.rest('PUT', `${base}/unread`, undefined, aliceAuth);
    expect(unread.status).toBe(204);
    expect((await gw.sql('SELECT "isReadByContact" FROM "Conversation" WHERE id = $1', [id]))[0].isReadByContact).toBe(false);
    expect((await gw.rest('GET', base, undefined, aliceAuth)).body.isReadByContact).toBe(false);
    expect((await gw.rest('PUT', `${base}/read`, undefined, aliceAuth)).status).toBe(204);
    expect((await gw.sql('SELECT "isReadByContact" FROM "Conversation" WHERE id = $1', [id]))[0].isReadByContact).toBe(true);
    expect((await gw.rest('PUT', '/api/v3/anytime/portalConversations/abc/read', undefined, aliceAuth)).status).toBe(400);
    expect((await gw.rest('PUT', '/api/v3/anytime/portalConversations/99999/read', undefined, aliceAuth)).status).toBe(404);
  });

  it('works through GraphQL too, with a file uploaded by a GraphQL multipart request', async () => {
    const upload = await uploadGraphQL(gw, PNG, 'gql.png', aliceAuth);
    expect(upload.body.errors).toBeUndefined();
    const submitted = await gw.gql(
      `mutation($input: SubmitPortalConversationInput!) {
        submitPortalConversation(input: $input) { databaseId subject isClosed messages { text { content } attachments { fileName } sender { ... on Contact { name } } } }
      }`,
      { input: { subject: 'Via GraphQL', message: { text: { content: 'see attached' }, attachmentIds: [upload.body.data.uploadAttachment.id] } } },
      aliceAuth,
    );
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitPortalConversation).toMatchObject({
      subject: 'Via GraphQL',
      isClosed: false,
      messages: [{ text: { content: 'see attached' }, attachments: [{ fileName: 'gql.png' }], sender: { name: 'Alice' } }],
    });
    const list = await gw.gql('{ portalConversations { databaseId } }', {}, aliceAuth);
    expect(list.data.portalConversations.map((c: { databaseId: number }) => c.databaseId)).toContain(submitted.data.submitPortalConversation.databaseId);
  });
});

describe('custom fields and acting for a contact', () => {
  it('stores custom fields given on submit (validated like the console does) and shows them', async () => {
    const [field] = await gw.sql(`INSERT INTO "Field" (id, type, name) VALUES (gen_random_uuid(), 'text', 'Order number') RETURNING id`);
    const created = await submit(aliceAuth, {
      subject: 'With fields',
      customFields: [{ id: field.id, value: 'A-1001' }],
      message: { text: { content: 'x' } },
    });
    expect(created.status).toBe(200);
    expect(created.body.customFields).toEqual([{ id: field.id, name: 'Order number', value: 'A-1001' }]);
    const byName = await submit(aliceAuth, { subject: 'By name', customFields: [{ name: 'Order number', value: 'B-2' }], message: { text: { content: 'x' } } });
    expect(byName.body.customFields).toEqual([{ id: field.id, name: 'Order number', value: 'B-2' }]);

    const [quantity] = await gw.sql(`INSERT INTO "Field" (id, type, name) VALUES (gen_random_uuid(), 'integer', 'Quantity') RETURNING id`);
    const numeric = await submit(aliceAuth, { subject: 'Numbers', customFields: [{ id: quantity.id, value: 3 }], message: { text: { content: 'x' } } });
    expect(numeric.status).toBe(200);
    expect(numeric.body.customFields).toContainEqual({ id: quantity.id, name: 'Quantity', value: '3' });

    const before = await snapshot();
    const unknown = await submit(aliceAuth, { subject: 's', customFields: [{ id: '00000000-0000-4000-8000-000000000000', value: 'x' }], message: { text: { content: 'x' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/customFields\[0\]\.id/);
    const noId = await submit(aliceAuth, { subject: 's', customFields: [{ value: 'x' }], message: { text: { content: 'x' } } });
    expect(noId.status).toBe(400);
    expect(noId.body.message).toMatch(/customFields\[0\]/);
    const notANumber = await submit(aliceAuth, { subject: 's', customFields: [{ id: quantity.id, value: 'three' }], message: { text: { content: 'x' } } });
    expect(notANumber.status).toBe(400);
    expect(notANumber.body.message).toMatch(/must be an integer/);
    expect((await submit(aliceAuth, { subject: 's', customFields: 'x', message: { text: { content: 'x' } } })).status).toBe(400);
    // The GraphQL name of the attachment list is refused, not silently dropped with its files.
    const misnamed = await submit(aliceAuth, { subject: 's', message: { text: { content: 'x' }, attachmentIds: ['00000000-0000-4000-8000-000000000000'] } });
    expect(misnamed.status).toBe(400);
    expect(misnamed.body.message).toMatch(/message\.attachmentIds .*message\.attachments/);
    expect(await snapshot()).toEqual(before);
  });

  it('a portal integration uploads a file and submits it for a contact; the message is the contact\'s', async () => {
    const file = await uploadRest(gw, 'carried', 'carried.txt', portalIntegration);
    expect(file.status).toBe(200);
    const created = await submit(portalIntegration, {
      subject: 'Carried',
      contactId: String(bob),
      message: { text: { content: 'from the portal server' }, attachments: [file.body.id] },
    });
    expect(created.status).toBe(200);
    const [conversation] = await gw.sql('SELECT "createdByType", "createdById", "contactId" FROM "Conversation" WHERE id = $1', [created.body.id]);
    expect(conversation).toEqual({ createdByType: 'contact', createdById: String(bob), contactId: bob });
    const messages = await gw.rest('GET', `/api/v3/anytime/portalConversations/${created.body.id}/messages`, undefined, bobAuth);
    expect(messages.body[0]).toMatchObject({ senderType: 'contact', senderId: String(bob), attachments: [{ id: file.body.id }] });
    // ...but a contact cannot attach what an integration uploaded for someone else
    const other = await uploadRest(gw, 'carried', 'other.txt', portalIntegration);
    expect((await submit(aliceAuth, { subject: 's', message: { text: { content: 'x' }, attachments: [other.body.id] } })).status).toBe(404);
  });
});

describe('bad input writes nothing', () => {
  it('refuses bad submits and replies with a 4xx naming the problem', async () => {
    const othersFile = (await uploadRest(gw, 'bob file', 'bob.txt', bobAuth)).body.id;
    const before = await snapshot();
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ message: { text: { content: 'x' } } }, 400, /subject is required/],
      [{ subject: '   ', message: { text: { content: 'x' } } }, 400, /subject is required/],
      [{ subject: 's' }, 400, /message is required/],
      [{ subject: 's', message: {} }, 400, /message\.text is required/],
      [{ subject: 's', message: { text: { format: 'rtf', content: 'x' } } }, 400, /message\.text\.format/],
      [{ subject: 's', message: { text: { content: 'x' }, attachments: ['nope'] } }, 400, /message\.attachments\[0\]/],
      [{ subject: 's', message: { text: { content: 'x' }, attachments: 'nope' } }, 400, /message\.attachments/],
      [{ subject: 's', message: { text: { content: 'x' }, attachments: ['00000000-0000-4000-8000-000000000000'] } }, 404, /attachment/],
      [{ subject: 's', message: { text: { content: 'x' }, attachments: [othersFile] } }, 404, /attachment/],
      [{ subject: 's', message: 'hello' }, 400, /message/],
    ];
    for (const [body, status, message] of cases) {
      const response = await submit(aliceAuth, body);
      expect({ body, status: response.status }).toEqual({ body, status });
      expect(response.body.message).toMatch(message);
    }
    const id = (await gw.sql('SELECT id FROM "Conversation" WHERE "contactId" = $1 AND status <> \'closed\' LIMIT 1', [alice]))[0].id;
    const replyBase = `/api/v3/anytime/portalConversations/${id}/messages`;
    expect((await gw.rest('POST', replyBase, {}, aliceAuth)).status).toBe(400);
    expect((await gw.rest('POST', replyBase, { text: { content: '' } }, aliceAuth)).status).toBe(400);
    expect((await gw.rest('POST', replyBase, { text: { content: 'x' }, attachments: [othersFile] }, aliceAuth)).status).toBe(404);
    expect((await gw.rest('POST', replyBase, 'not json', aliceAuth, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await gw.rest('POST', replyBase, { text: { content: 'x' }, attachments: [{ name: 'no id' }] }, aliceAuth)).status).toBe(400);
    expect((await gw.rest('POST', '/api/v3/anytime/portalConversations/0/messages', { text: { content: 'x' } }, aliceAuth)).status).toBe(400);
    expect(await snapshot()).toEqual(before);

    // an attachment already sent in one conversation cannot be sent again in another (409)
    const file = (await uploadRest(gw, 'once', 'once.txt', aliceAuth)).body.id;
    const first = await submit(aliceAuth, { subject: 'first', message: { text: { content: 'x' }, attachments: [file] } });
    expect(first.status).toBe(200);
    const afterFirst = await snapshot();
    const again = await gw.rest('POST', replyBase, { text: { content: 'x' }, attachments: [file] }, aliceAuth);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/another conversation/);
    expect(await snapshot()).toEqual(afterFirst);
  });
});
