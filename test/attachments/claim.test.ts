/**
 * claimAttachments / checkAttachments: the service other modules call when a message (or draft)
 * references uploaded attachments. Driven inside real transactions of the running gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAttachments, claimAttachments, purgeUnclaimedAttachments } from '../../src/modules/attachments/service.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/gateway-process.js';
import { contactToken, createContact, storedFiles, uploadRest } from './helpers.js';

let gw: TestGateway;
const LIMIT = 1000;

beforeAll(async () => {
  gw = await startTestGateway({ attachmentMaxConversationBytes: LIMIT });
});
afterAll(async () => {
  await gw?.stop();
});

async function conversationWithMessage() {
  const [conversation] = await gw.sql(`INSERT INTO "Conversation" (guid, subject, channel) VALUES (gen_random_uuid(), 's', 'portal') RETURNING id`);
  const [message] = await gw.sql(
    `INSERT INTO "Message" (id, "conversationId", type, "directType", "senderType", "mentionedAgentIds") VALUES (gen_random_uuid(), $1, 'reply', 'send', 'agent', '{}') RETURNING id`,
    [conversation.id],
  );
  return { conversationId: conversation.id as number, messageId: message.id as string };
}

/** The gateway's configured limit unless the test names one. */
const claim = (input: Omit<Parameters<typeof claimAttachments>[1], 'maxConversationBytes'> & { maxConversationBytes?: number }) =>
  gw.gateway.deps.prisma.$transaction((tx) =>
    claimAttachments(tx, { maxConversationBytes: gw.gateway.deps.config.attachmentMaxConversationBytes, ...input }),
  );
const upload = async (bytes: number, auth?: string) => (await uploadRest(gw, Buffer.alloc(bytes, 97), 'a.txt', auth)).body.id as string;
const errorCode = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('claimAttachments', () => {
  it('links attachments to the message and conversation (ids or {id} objects, deduplicated)', async () => {
    const target = await conversationWithMessage();
    const a = await upload(100);
    const b = await upload(100);
    const claimed = await claim({ ...target, attachmentIds: [a, { id: b.toUpperCase() }, a] });
    expect(claimed.map((row) => row.id)).toEqual([a, b]);
    const rows = await gw.sql('SELECT "messageId", "conversationId" FROM "Attachment" WHERE id = ANY($1::uuid[])', [[a, b]]);
    expect(rows).toEqual([
      { messageId: target.messageId, conversationId: target.conversationId },
      { messageId: target.messageId, conversationId: target.conversationId },
    ]);
    // claiming again for the same message is harmless
    expect((await claim({ ...target, attachmentIds: [a] })).length).toBe(1);
    expect(await claim({ ...target, attachmentIds: [] })).toEqual([]);
  });

  it('refuses malformed (400), unknown (404), taken (409), unavailable (410) and over-limit (413), changing nothing', async () => {
    const target = await conversationWithMessage();
    const other = await conversationWithMessage();
    const taken = await upload(10);
    await claim({ ...other, attachmentIds: [taken] });
    const fresh = await upload(10);
    const unavailable = await upload(10);
    await gw.rest('PUT', `/api/v3/anytime/attachments/${unavailable}`, { isAvailable: false });

    expect(await errorCode(claim({ ...target, attachmentIds: ['nope'] }))).toBe('BAD_USER_INPUT');
    expect(await errorCode(claim({ ...target, attachmentIds: [fresh, '00000000-0000-4000-8000-000000000000'] }))).toBe('NOT_FOUND');
    expect(await errorCode(claim({ ...target, attachmentIds: [fresh, taken] }))).toBe('CONFLICT');
    expect(await errorCode(claim({ ...target, attachmentIds: [fresh, unavailable] }))).toBe('GONE');
    // Another message of the same conversation cannot take an attachment that is already on a message.
    const [second] = await gw.sql(
      `INSERT INTO "Message" (id, "conversationId", type, "directType", "senderType", "mentionedAgentIds") VALUES (gen_random_uuid(), $1, 'reply', 'send', 'agent', '{}') RETURNING id`,
      [other.conversationId],
    );
    expect(await errorCode(claim({ conversationId: other.conversationId, messageId: second.id, attachmentIds: [taken] }))).toBe('CONFLICT');

    const big = await upload(LIMIT - 15);
    expect(await errorCode(claim({ ...target, attachmentIds: [fresh, big, await upload(10)] }))).toBe('PAYLOAD_TOO_LARGE');
    // nothing was linked by the failed claims
    const [row] = await gw.sql('SELECT "messageId" FROM "Attachment" WHERE id = $1', [fresh]);
    expect(row.messageId).toBeNull();
    // within the limit it works; the total counts what the conversation already has
    await claim({ ...target, attachmentIds: [big] });
    const [third] = await gw.sql(
      `INSERT INTO "Message" (id, "conversationId", type, "directType", "senderType", "mentionedAgentIds") VALUES (gen_random_uuid(), $1, 'reply', 'send', 'agent', '{}') RETURNING id`,
      [target.conversationId],
    );
    expect(await errorCode(claim({ conversationId: target.conversationId, messageId: third.id, attachmentIds: [fresh, await upload(10)] }))).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(await errorCode(claim({ conversationId: target.conversationId, messageId: third.id, attachmentIds: [fresh] }))).toBe('no error');
    // an explicit limit wins over the configured one
    const roomy = await conversationWithMessage();
    expect(await errorCode(claim({ ...roomy, attachmentIds: [await upload(50)], maxConversationBytes: 40 }))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lets a contact attach only files it uploaded itself', async () => {
    const target = await conversationWithMessage();
    const contactId = await createContact(gw);
    const contactAuth = await contactToken(gw, contactId);
    const agentsFile = await upload(10);
    const ownFile = await upload(10, contactAuth);
    const viewer = { kind: 'contact' as const, contactId, clientId: 'x' };
    expect(await errorCode(claim({ ...target, attachmentIds: [agentsFile], viewer }))).toBe('NOT_FOUND');
    expect(await errorCode(claim({ ...target, attachmentIds: [ownFile], viewer }))).toBe('no error');
  });
});

describe('checkAttachments (drafts)', () => {
  it('validates without linking', async () => {
    const target = await conversationWithMessage();
    const a = await upload(10);
    const ids = await gw.gateway.deps.prisma.$transaction((tx) => checkAttachments(tx, { conversationId: target.conversationId, attachmentIds: [a] }));
    expect(ids).toEqual([a]);
    const [row] = await gw.sql('SELECT "messageId" FROM "Attachment" WHERE id = $1', [a]);
    expect(row.messageId).toBeNull();
    expect(
      await errorCode(gw.gateway.deps.prisma.$transaction((tx) => checkAttachments(tx, { conversationId: target.conversationId, attachmentIds: ['00000000-0000-4000-8000-000000000000'] }))),
    ).toBe('NOT_FOUND');
  });
});

describe('purgeUnclaimedAttachments', () => {
  it('deletes old uploads no message claimed and no draft keeps, with their files', async () => {
    const target = await conversationWithMessage();
    const abandoned = await upload(10);
    const claimed = await upload(10);
    const drafted = await upload(10);
    const recent = await upload(10);
    await claim({ ...target, attachmentIds: [claimed] });
    const agent = await gw.createAgent();
    await gw.sql(`INSERT INTO "Draft" (id, "conversationId", "agentId", "attachmentIds", "mentionedAgentIds") VALUES (gen_random_uuid(), $1, $2, $3, '{}')`, [
      target.conversationId,
      agent.id,
      [drafted],
    ]);
    await gw.sql(`UPDATE "Attachment" SET "createdTime" = now() - interval '2 days' WHERE id = ANY($1::uuid[])`, [[abandoned, claimed, drafted]]);

    const purged = await purgeUnclaimedAttachments(gw.gateway.deps, new Date(Date.now() - 24 * 3600 * 1000));
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = (await gw.sql('SELECT id FROM "Attachment" WHERE id = ANY($1::uuid[])', [[abandoned, claimed, drafted, recent]])).map((r) => r.id);
    expect(left.sort()).toEqual([claimed, drafted, recent].sort());
    // Files go through the attachments.deleteFiles job the purge committed with its deletes.
    expect(await waitFor(() => !storedFiles(gw).some((path) => path.endsWith(abandoned)))).toBe(true);
    expect(storedFiles(gw).some((path) => path.endsWith(claimed))).toBe(true);
  });
});
