/**
 * Purging a conversation for good removes its attachments' stored files too, not only their rows
 * (those on a message and those only linked to the conversation), through the
 * `attachments.deleteFiles` job the purge enqueues in its transaction: a purge that fails keeps
 * every file (and queues nothing), and files of a committed purge are deleted even when the
 * process that purged is gone before it deleted anything (here: a WORKERS=0 gateway, stopped,
 * then another gateway on the same database and storage). #10 item 10.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimAttachments } from '../../src/modules/attachments/service.js';
import { waitFor } from '../helpers/gateway-process.js';
import { createTestDatabase, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { storedFiles, uploadRest } from './helpers.js';

let gw: TestGateway;
const others: TestGateway[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  for (const other of others) await other.stop();
  await gw?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const pendingFileDeletions = async (on: TestGateway) =>
  Number((await on.sql(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'attachments.deleteFiles'`))[0].n);

async function conversationWithMessage(on: TestGateway = gw) {
  const [conversation] = await on.sql(`INSERT INTO "Conversation" (guid, subject, channel) VALUES (gen_random_uuid(), 's', 'portal') RETURNING id`);
  const [message] = await on.sql(
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
  // Rows at once; files by the job, which an idle worker takes at the commit.
  expect(await gw.sql(`SELECT id::text FROM "Attachment" WHERE id = ANY($1::uuid[])`, [[onMessage, onConversation, elsewhere]])).toEqual([{ id: elsewhere }]);
  expect(await waitFor(() => storedFiles(gw).length === 1)).toBe(true);

  const after = storedFiles(gw);
  expect(after).toHaveLength(1);
  expect(existsSync(after[0]!)).toBe(true);
  expect(await gw.sql(`SELECT id::text FROM "Attachment" WHERE id = ANY($1::uuid[])`, [[onMessage, onConversation, elsewhere]])).toEqual([{ id: elsewhere }]);
  // The remaining file is the other conversation's.
  const elsewhereKey = keys.find((row) => row.id === elsewhere)!.storageKey as string;
  expect(after[0]!.endsWith(elsewhereKey.split('/').pop()!)).toBe(true);
});

/** A deleted conversation with one attached file on `on`; returns its id and the file's attachment id. */
async function deletedConversationWithFile(on: TestGateway) {
  const target = await conversationWithMessage(on);
  const id = (await uploadRest(on, 'to be purged', 'p.txt')).body.id as string;
  await on.gateway.deps.prisma.$transaction((tx) => claimAttachments(tx, { ...target, attachmentIds: [id], maxConversationBytes: 1 << 20 }));
  expect((await on.rest('DELETE', `/api/v3/anytime/conversations/${target.conversationId}`)).status).toBe(204);
  return { conversationId: target.conversationId, attachmentId: id };
}

it('a purge that fails keeps the rows and the files, and queues no file deletion', async () => {
  const { conversationId, attachmentId } = await deletedConversationWithFile(gw);
  const hasFile = () => storedFiles(gw).some((path) => path.endsWith(attachmentId));
  expect(hasFile()).toBe(true);
  // The database refuses the conversation's delete (a real failure inside the purge's transaction,
  // after the attachment rows were deleted in it).
  await gw.sql(`CREATE FUNCTION refuse_purge() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'purge refused by test'; END $$`);
  await gw.sql(`CREATE TRIGGER refuse_purge BEFORE DELETE ON "Conversation" FOR EACH ROW WHEN (OLD.id = ${conversationId}) EXECUTE FUNCTION refuse_purge()`);
  try {
    const failed = await gw.rest('DELETE', `/api/v3/anytime/deletedConversations/${conversationId}`);
    expect(failed.status).toBe(500);
    expect(await gw.sql(`SELECT id::text FROM "Attachment" WHERE id = $1`, [attachmentId])).toEqual([{ id: attachmentId }]);
    expect(await pendingFileDeletions(gw)).toBe(0);
    expect(hasFile()).toBe(true);
  } finally {
    await gw.sql(`DROP TRIGGER refuse_purge ON "Conversation"`);
    await gw.sql(`DROP FUNCTION refuse_purge()`);
  }
  // The same purge, once the database lets it, deletes the file.
  expect((await gw.rest('DELETE', `/api/v3/anytime/deletedConversations/${conversationId}`)).status).toBe(204);
  expect(await waitFor(() => !hasFile())).toBe(true);
});

it("a committed purge's files are deleted even when the purging process is gone before deleting any", async () => {
  const databaseUrl = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'anytime-purge-'));
  dirs.push(dataDir);
  // The purging gateway runs no jobs: nothing of the purge happens after its commit in this process.
  const purging = await startTestGateway({ databaseUrl, dataDir, workers: 0 });
  others.push(purging);
  const { conversationId, attachmentId } = await deletedConversationWithFile(purging);
  const hasFile = () => storedFiles(purging).some((path) => path.endsWith(attachmentId));
  expect((await purging.rest('DELETE', `/api/v3/anytime/deletedConversations/${conversationId}`)).status).toBe(204);
  expect(await purging.sql(`SELECT id FROM "Attachment" WHERE id = $1`, [attachmentId])).toEqual([]);
  // Committed with the purge: the deletion waits in the queue, the file is still there.
  expect(await pendingFileDeletions(purging)).toBe(1);
  expect(hasFile()).toBe(true);
  await purging.stop();
  others.splice(others.indexOf(purging), 1);
  expect(hasFile()).toBe(true);

  // Any later process with workers on that database and storage deletes the file.
  const next = await startTestGateway({ databaseUrl, dataDir, workers: 1 });
  others.push(next);
  expect(await waitFor(() => !storedFiles(next).some((path) => path.endsWith(attachmentId)))).toBe(true);
  for (let tries = 0; tries < 100 && (await pendingFileDeletions(next)) > 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await pendingFileDeletions(next)).toBe(0);
});
