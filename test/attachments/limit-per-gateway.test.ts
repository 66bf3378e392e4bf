/**
 * ATTACHMENT_MAX_CONVERSATION_BYTES belongs to each gateway's config, not to the process: two
 * gateways in one process with different limits each enforce their own (the limit used to be a
 * module variable set by whichever gateway mounted its HTTP routes last). #10 item 10.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE, submit } from '../conversations/helpers.js';
import { uploadRest } from './helpers.js';

let strict: TestGateway;
let roomy: TestGateway;

beforeAll(async () => {
  // The strict one first: the one started last used to set the limit for both.
  strict = await startTestGateway({ attachmentMaxConversationBytes: 100 });
  roomy = await startTestGateway({ attachmentMaxConversationBytes: 1000 });
});
afterAll(async () => {
  await strict?.stop();
  await roomy?.stop();
});

async function upload(gw: TestGateway, bytes: number) {
  const uploaded = await uploadRest(gw, Buffer.alloc(bytes, 97), 'a.txt');
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
  return uploaded.body.id as string;
}

/** A conversation whose first message carries 60 bytes, then a reply with 60 more: 120 in all. */
async function replyOverHundredBytes(gw: TestGateway) {
  const conversation = await submit(gw, { message: { attachments: [await upload(gw, 60)] } });
  const second = await upload(gw, 60);
  const reply = await gw.rest('POST', `${BASE}/conversations/${conversation.id}/messages`, { type: 'reply', text: { content: 'more' }, attachments: [second] });
  const messages = await gw.sql(`SELECT count(*)::int AS n FROM "Message" WHERE "conversationId" = $1`, [conversation.id]);
  const [attachment] = await gw.sql(`SELECT "messageId" FROM "Attachment" WHERE id = $1`, [second]);
  return { reply, messages: messages[0].n as number, secondClaimed: attachment.messageId !== null };
}

it('each gateway enforces its own per-conversation attachment limit', async () => {
  const refused = await replyOverHundredBytes(strict);
  expect(refused.reply.status, JSON.stringify(refused.reply.body)).toBe(413);
  expect(JSON.stringify(refused.reply.body)).toContain('the limit is 100 bytes');
  expect(refused.messages).toBe(1); // nothing written
  expect(refused.secondClaimed).toBe(false);

  const accepted = await replyOverHundredBytes(roomy);
  expect(accepted.reply.status, JSON.stringify(accepted.reply.body)).toBe(200);
  expect(accepted.messages).toBe(2);
  expect(accepted.secondClaimed).toBe(true);

  // And the strict one still refuses after the roomy one served requests.
  expect((await replyOverHundredBytes(strict)).reply.status).toBe(413);
});

it('the portal (a contact writing) gets the same per-gateway limit', async () => {
  for (const [gw, status] of [
    [strict, 413],
    [roomy, 200],
  ] as const) {
    const [contact] = await gw.sql(`INSERT INTO "Contact"(name) VALUES ('Carol') RETURNING id`);
    const first = await upload(gw, 60);
    const second = await upload(gw, 60);
    const submitted = await gw.rest('POST', `${BASE}/portalConversations`, {
      contactId: String(contact.id),
      subject: 'help',
      message: { text: { content: 'hi' }, attachments: [{ id: first }, { id: second }] },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(status);
  }
});
