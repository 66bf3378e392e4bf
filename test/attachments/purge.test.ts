/**
 * Purging a conversation for good removes its attachments' stored files too, not only their rows
 * (those on a message and those only linked to the conversation).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimAttachments } from '../../src/modules/attachments/service.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { storedFiles, uploadRest } from './helpers.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
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

it("purge deletes the attachments' files; another conversation's files stay", async () => {
  const purged = await conversationWithMessage();
  const kept = await conversationWithMessage();
  const onMessage = (await uploadRest(gw, 'on the message', 'a.txt')).body.id as string;
  const onConversation = (await uploadRest(gw, 'linked to the conversation only', 'b.txt')).body.id as string;
  const elsewhere = (await uploadRest(gw, 'another conversation', 'c.txt')).body.id as string;
  await gw.gateway.deps.prisma.$transaction((tx) => claimAttachments(tx, { ...purged, attachmentIds: [onMessage], maxConversationBytes: 1 << 20 }));
  await gw.gateway.deps.prisma.$transaction((tx) => claimAttachments(tx, { ...kept, attachmentIds: [elsewhere], maxConversationBytes: 1 << 20 }));
  await gw.sql(`UPDATE "Attachment" SET "conversationId" = $1 WHERE id = $2`, [purged.conversationId, onConversation]);

  const keys = await gw.sql(`SELECT id::text, "storageKey" FROM "Attachment" WHERE id = ANY($1::uuid[])`, [[onMessage, onConversation, elsewhere]]);
  expect(keys).toHaveLength(3);
  const before = storedFiles(gw);
  expect(before).toHaveLength(3);

  expect((await gw.rest('DELETE', `/api/v3/anytime/conversations/${purged.conversationId}`)).status).toBe(204);
  // Soft delete keeps the files: the conversation can still be restored.
  expect(storedFiles(gw)).toHaveLength(3);
  const purge = await gw.rest('DELETE', `/api/v3/anytime/deletedConversations/${purged.conversationId}`);
  expect(purge.status).toBe(204);

  const after = storedFiles(gw);
  expect(after).toHaveLength(1);
  expect(existsSync(after[0]!)).toBe(true);
  expect(await gw.sql(`SELECT id::text FROM "Attachment" WHERE id = ANY($1::uuid[])`, [[onMessage, onConversation, elsewhere]])).toEqual([{ id: elsewhere }]);
  // The remaining file is the other conversation's.
  const elsewhereKey = keys.find((row) => row.id === elsewhere)!.storageKey as string;
  expect(after[0]!.endsWith(elsewhereKey.split('/').pop()!)).toBe(true);
});
