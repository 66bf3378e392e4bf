/**
 * Attachments: upload (streamed to storage with size and type checks on the way), claim (link to a
 * message), availability, delete, and who may see which attachment.
 *
 * Lifecycle: a file is uploaded first (POST /attachments or the `uploadAttachment` mutation) and
 * is then unclaimed (no message, no conversation). A message, portal message or draft references
 * it by id; sending the message *claims* it (`claimAttachments`), which links it to that message
 * and conversation for good. Drafts only store ids (`checkAttachments` validates them).
 */
import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { Attachment } from '../../generated/prisma/client.js';
import { partyOf, type Viewer } from '../../auth/viewer.js';
import type { Config } from '../../config.js';
import { enqueueJob } from '../../engine/jobs/index.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { AppError, badInput, conflict, forbidden, invalidField, notFound } from '../../graphql/errors.js';
import { storageFor } from './storage.js';

// ─── Limits ────────────────────────────────────────────────────────────────
// Every limit comes from the caller's config (ServiceContext.config): no process-wide state, so
// two gateways in one process (tests, embedders) each enforce their own.

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 2)} MB`;

// ─── Ids in message inputs ─────────────────────────────────────────────────

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The attachment ids of a message input, deduplicated and lower-cased. Accepts what REST callers
 * send as `attachments`: guids, or attachment objects `{ id }` (the documented shape).
 * 400 naming `field[i]` for anything else.
 */
export function attachmentIdsFrom(value: unknown, field = 'attachments'): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidField(field, 'must be an array of attachment ids');
  const ids: string[] = [];
  value.forEach((item, index) => {
    const id = typeof item === 'string' ? item : item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || !uuidPattern.test(id.trim())) {
      throw invalidField(`${field}[${index}]`, `must be an uploaded attachment's id (a guid), got ${JSON.stringify(item)}`);
    }
    const normalized = id.trim().toLowerCase();
    if (!ids.includes(normalized)) ids.push(normalized);
  });
  return ids;
}

export interface ClaimInput {
  attachmentIds: readonly unknown[] | null | undefined;
  conversationId: number;
  messageId: string;
  /** ATTACHMENT_MAX_CONVERSATION_BYTES of the acting gateway (its `config.attachmentMaxConversationBytes`). */
  maxConversationBytes: number;
  /** When a contact is acting: it may attach only files it uploaded itself (others look unknown: 404). */
  viewer?: Viewer;
}

/**
 * Validates and links attachments to a new message, inside the caller's transaction:
 * 400 malformed id, 404 unknown, 409 already attached to another message or conversation,
 * 410 unavailable, 413 when the conversation's attachments would exceed the limit.
 * Returns the linked attachments in the order given.
 */
export async function claimAttachments(tx: Tx, input: ClaimInput): Promise<Attachment[]> {
  const ids = attachmentIdsFrom(input.attachmentIds ?? []);
  if (ids.length === 0) return [];
  // Serialise claims into one conversation so that two concurrent messages cannot both pass the size check.
  await tx.$executeRaw`SELECT 1 FROM "Conversation" WHERE id = ${input.conversationId} FOR UPDATE`;
  const rows = await loadForUse(tx, ids, input.conversationId, input.viewer);
  for (const row of rows) {
    if (row.messageId && row.messageId !== input.messageId) {
      throw conflict(`attachment ${row.id} is already attached to another message`);
    }
  }
  const adding = rows.filter((row) => row.conversationId === null).reduce((sum, row) => sum + row.size, 0);
  const limit = input.maxConversationBytes;
  if (adding > 0) {
    const existing = await tx.attachment.aggregate({ where: { conversationId: input.conversationId }, _sum: { size: true } });
    const total = (existing._sum.size ?? 0) + adding;
    if (total > limit) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `attachments would bring conversation ${input.conversationId} to ${total} bytes; the limit is ${limit} bytes (${mb(limit)})`,
      );
    }
  }
  // `messageId: null` guards against a concurrent claim of the same attachment by another conversation.
  const updated = await tx.attachment.updateMany({
    where: { id: { in: ids }, OR: [{ messageId: null }, { messageId: input.messageId }] },
    data: { messageId: input.messageId, conversationId: input.conversationId },
  });
  if (updated.count !== ids.length) throw conflict('an attachment was attached to another message meanwhile; try again');
  return rows.map((row) => ({ ...row, messageId: input.messageId, conversationId: input.conversationId }));
}

/**
 * For drafts: the same checks as `claimAttachments` (except the size total, which is checked
 * when the draft is sent) without linking anything. Returns the normalised ids to store.
 */
export async function checkAttachments(
  tx: Tx,
  input: { attachmentIds: readonly unknown[] | null | undefined; conversationId: number; viewer?: Viewer },
): Promise<string[]> {
  const ids = attachmentIdsFrom(input.attachmentIds ?? []);
  if (ids.length === 0) return [];
  const rows = await loadForUse(tx, ids, input.conversationId, input.viewer);
  for (const row of rows) if (row.messageId) throw conflict(`attachment ${row.id} is already attached to a message`);
  return ids;
}

/**
 * Agents and portal integrations act *as* a contact in the portal (the messages are the
 * contact's). The contact viewer they act through remembers who carries it, so that files the
 * carrier uploaded for the contact can be attached.
 */
const carriers = new WeakMap<Viewer, Viewer>();

/** A contact viewer for `contactId`, carried by `carrier` (an agent or a portal integration). */
export function actingAsContact(carrier: Viewer, contactId: number): Viewer {
  if (carrier.kind === 'contact') return carrier;
  const viewer: Viewer = {
    kind: 'contact',
    contactId,
    clientId: carrier.kind === 'integration' ? carrier.clientId : carrier.kind === 'agent' ? `agent:${carrier.agentId}` : 'anonymous',
  };
  carriers.set(viewer, carrier);
  return viewer;
}

/** Whether a contact acting in the portal may attach this unclaimed file: its own, or its carrier's. */
const mayAttach = (viewer: Viewer, row: Attachment) => {
  if (viewer.kind !== 'contact' || row.conversationId) return true;
  const carrier = carriers.get(viewer);
  return isUploader(viewer, row) || (carrier !== undefined && isUploader(carrier, row));
};

async function loadForUse(tx: Tx, ids: string[], conversationId: number, viewer?: Viewer): Promise<Attachment[]> {
  const found = await tx.attachment.findMany({ where: { id: { in: ids } } });
  const byId = new Map(found.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row || (viewer && !mayAttach(viewer, row))) throw notFound('attachment', id);
    if (row.conversationId !== null && row.conversationId !== conversationId) {
      throw conflict(`attachment ${id} belongs to another conversation`);
    }
    if (row.junkId !== null) throw conflict(`attachment ${id} belongs to a junk mail`);
    if (!row.isAvailable) throw new AppError('GONE', `attachment ${id} is no longer available`);
    return row;
  });
}

// ─── Who may see / change an attachment ────────────────────────────────────

export function uploaderOf(viewer: Viewer): { uploadedByType: string | null; uploadedById: string | null } {
  const party = partyOf(viewer);
  return { uploadedByType: party.type, uploadedById: party.id };
}

const isUploader = (viewer: Viewer, row: Pick<Attachment, 'uploadedByType' | 'uploadedById'>) => {
  const me = uploaderOf(viewer);
  return me.uploadedByType !== null && row.uploadedByType === me.uploadedByType && row.uploadedById === me.uploadedById;
};

/**
 * Agents and integrations see every attachment. A contact sees the files it uploaded and those
 * of non-note messages in its own portal conversations (notes never reach the portal).
 */
export async function mayView(ctx: Pick<ServiceContext, 'prisma' | 'viewer'>, row: Attachment): Promise<boolean> {
  const { viewer } = ctx;
  if (viewer.kind === 'agent' || viewer.kind === 'integration') return true;
  if (viewer.kind !== 'contact') return false;
  if (isUploader(viewer, row)) return true;
  if (!row.messageId) return false;
  const message = await ctx.prisma.message.findUnique({
    where: { id: row.messageId },
    select: { type: true, conversation: { select: { contactId: true, channel: true, deletedTime: true } } },
  });
  return Boolean(
    message &&
      message.type !== 'note' &&
      message.conversation.contactId === viewer.contactId &&
      message.conversation.channel === 'portal' &&
      !message.conversation.deletedTime,
  );
}

/** The attachment for a read by this viewer; 404 when unknown or not visible (no hint either way). */
export async function findVisibleAttachment(ctx: Pick<ServiceContext, 'prisma' | 'viewer'>, guid: string): Promise<Attachment> {
  const row = uuidPattern.test(guid) ? await ctx.prisma.attachment.findUnique({ where: { id: guid.toLowerCase() } }) : null;
  if (!row || !(await mayView(ctx, row))) throw notFound('attachment', guid);
  return row;
}

// ─── Upload ────────────────────────────────────────────────────────────────

/** Bytes looked at to detect the type (file-type needs at most ~4 KB for the formats it knows). */
const SNIFF_BYTES = 4100;

const textTypesByExtension: Record<string, string> = {
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.json': 'application/json',
  '.md': 'text/markdown',
  '.htm': 'text/html',
  '.html': 'text/html',
  '.css': 'text/css',
  '.ics': 'text/calendar',
  '.svg': 'image/svg+xml',
  '.vcf': 'text/vcard',
};

/** The mimetype from the first bytes: binary formats by signature, else text or octet-stream. */
async function detectMimetype(head: Buffer, fileName: string): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (head.length === 0) return 'application/octet-stream';
  if (head.includes(0)) return 'application/octet-stream';
  // Text of some kind (a truncated multi-byte character at the end of the sample is fine).
  if (!isUtf8Prefix(head)) return 'application/octet-stream';
  const text = head.toString('utf8');
  if (text.startsWith('#!')) return 'application/x-sh';
  if (/^\s*<\?xml[\s\S]*<svg[\s>]/i.test(text) || /^\s*<svg[\s>]/i.test(text)) return 'image/svg+xml';
  return textTypesByExtension[extname(fileName).toLowerCase()] ?? 'text/plain';
}

function isUtf8Prefix(buffer: Buffer): boolean {
  for (let cut = 0; cut <= 3 && cut < buffer.length; cut += 1) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, buffer.length - cut));
      return true;
    } catch {
      // try without a possibly truncated last character
    }
  }
  return false;
}

const kindOf = (mimetype: string) =>
  mimetype.startsWith('image/') ? 'image' : mimetype.startsWith('video/') ? 'video' : mimetype.startsWith('audio/') ? 'audio' : 'file';

/**
 * A file name as given by the uploader, checked: no path (no `/`, `\`, `..`), no control
 * characters, at most 255 characters. 400 otherwise; names never reach the file system anyway.
 */
export function checkFileName(raw: string | undefined | null): string {
  const name = (raw ?? '').normalize('NFC').trim();
  if (!name) throw invalidField('file', 'must have a file name');
  if (/[/\\]/.test(name) || name === '.' || name === '..' || name.split(/[/\\]/).includes('..')) {
    throw invalidField('file', `file name must not contain a path, got ${JSON.stringify(raw)}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalidField('file', 'file name must not contain control characters');
  if (name.length > 255) throw invalidField('file', 'file name must be at most 255 characters');
  return name;
}

function blockedReason(config: Config, mimetype: string, fileName: string): string | null {
  const blocked = config.attachmentBlockedTypes;
  const extension = extname(fileName).toLowerCase();
  if (extension && blocked.includes(extension)) return `files of type ${extension} are not accepted`;
  if (blocked.includes(mimetype.toLowerCase())) return `files of type ${mimetype} are not accepted`;
  return null;
}

/**
 * Counts bytes (413 past the per-file limit) and holds back the first SNIFF_BYTES until the type
 * is known (415 for a blocked type), so a refused file never gets further than its first chunk.
 * Memory stays bounded: at most one chunk plus the sniffed head is held at a time.
 */
function inspector(config: Config, fileName: string, result: { size: number; mimetype?: string }) {
  const limit = config.attachmentMaxFileBytes;
  let head: Buffer[] = [];
  let headLength = 0;
  const decide = async (self: Transform) => {
    const sample = Buffer.concat(head);
    head = [];
    result.mimetype = await detectMimetype(sample.subarray(0, SNIFF_BYTES), fileName);
    const reason = blockedReason(config, result.mimetype, fileName);
    if (reason) throw new AppError('UNSUPPORTED_MEDIA_TYPE', reason);
    if (sample.length) self.push(sample);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      result.size += chunk.length;
      if (result.size > limit) {
        callback(new AppError('PAYLOAD_TOO_LARGE', `file is larger than the ${limit} byte limit (${mb(limit)})`));
        return;
      }
      if (result.mimetype !== undefined) {
        callback(null, chunk);
        return;
      }
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < SNIFF_BYTES) {
        callback();
        return;
      }
      decide(this).then(() => callback(), callback);
    },
    flush(callback) {
      if (result.mimetype !== undefined) {
        callback();
        return;
      }
      decide(this).then(() => callback(), callback);
    },
  });
}

/** Errors of streams we do not control, as our 4xx where they mean the client's fault. */
export function asClientError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', (error as Error).message);
  if (status && status >= 400 && status < 500) return badInput((error as Error).message);
  const code = (error as { code?: string }).code;
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'ABORT_ERR') return badInput('the upload was interrupted');
  return error;
}

export interface UploadInput {
  fileName: string | undefined;
  stream: Readable;
}

/**
 * Streams one uploaded file to storage and records it. Refused uploads (400 empty or bad name,
 * 413 too large, 415 blocked type) leave neither a file nor a row behind.
 */
export async function uploadAttachment(ctx: ServiceContext, input: UploadInput): Promise<Attachment> {
  if (ctx.viewer.kind === 'anonymous') throw forbidden();
  let fileName: string;
  try {
    fileName = checkFileName(input.fileName);
  } catch (error) {
    input.stream.resume(); // let the rest of the request be read
    throw error;
  }
  const storage = storageFor(ctx.config);
  const id = randomUUID();
  const now = new Date();
  const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
  const result: { size: number; mimetype?: string } = { size: 0 };
  const check = inspector(ctx.config, fileName, result);
  input.stream.once('error', (error) => check.destroy(error));
  try {
    await storage.put(key, input.stream.pipe(check));
  } catch (error) {
    input.stream.unpipe(check);
    input.stream.resume();
    throw asClientError(error);
  }
  try {
    if (result.size === 0) throw invalidField('file', 'is empty');
    const mimetype = result.mimetype ?? 'application/octet-stream';
    // No domain event: an upload belongs to no conversation until a message claims it.
    const created = await ctx.prisma.attachment.create({
      data: { id, fileName, mimetype, type: kindOf(mimetype), size: result.size, storageKey: key, ...uploaderOf(ctx.viewer) },
    });
    return created;
  } catch (error) {
    await storage.delete(key);
    throw error;
  }
}

/** A file that arrived inside something else (an inbound mail), stored or refused. */
export interface StoredFile {
  id: string;
  fileName: string;
  mimetype: string;
  type: string;
  size: number;
  /** null when refused: the row is kept as unavailable, with `refusal` saying why. */
  storageKey: string | null;
  isAvailable: boolean;
  refusal: string | null;
}

/**
 * Stores the bytes of a file that came inside an inbound mail, under the same per-file limit and
 * blocked types as uploads. A refused file is not an error: the caller keeps it as an unavailable
 * attachment (isAvailable false), so the mail itself is not lost. No row is written here.
 */
export async function storeEmbeddedFile(config: Config, input: { fileName: string | null | undefined; content: Buffer; contentType?: string }): Promise<StoredFile> {
  let fileName: string;
  try {
    fileName = checkFileName(input.fileName);
  } catch {
    fileName = (input.fileName ?? '').replace(/[/\\\u0000-\u001f\u007f]/g, '_').trim().slice(0, 255) || 'attachment';
  }
  const id = randomUUID();
  const now = new Date();
  const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
  const result: { size: number; mimetype?: string } = { size: 0 };
  const fallbackType = (input.contentType ?? 'application/octet-stream').toLowerCase();
  try {
    await storageFor(config).put(key, Readable.from([input.content]).pipe(inspector(config, fileName, result)));
  } catch (error) {
    const mimetype = result.mimetype ?? fallbackType;
    const refusal = (error as Error).message;
    return { id, fileName, mimetype, type: kindOf(mimetype), size: input.content.length, storageKey: null, isAvailable: false, refusal };
  }
  const mimetype = result.mimetype && result.mimetype !== 'application/octet-stream' ? result.mimetype : fallbackType;
  return { id, fileName, mimetype, type: kindOf(mimetype), size: result.size, storageKey: key, isAvailable: true, refusal: null };
}

// ─── Availability and delete ───────────────────────────────────────────────

async function findForChange(tx: Tx, viewer: Viewer, guid: string): Promise<Attachment> {
  const row = uuidPattern.test(guid) ? await tx.attachment.findUnique({ where: { id: guid.toLowerCase() } }) : null;
  if (!row) throw notFound('attachment', guid);
  if (viewer.kind === 'agent' || viewer.kind === 'integration') return row;
  // A contact may withdraw only its own upload, before it is attached to a message.
  if (viewer.kind === 'contact' && isUploader(viewer, row) && !row.messageId) return row;
  throw notFound('attachment', guid);
}

export async function setAttachmentAvailability(ctx: ServiceContext, guid: string, isAvailable: boolean): Promise<Attachment> {
  return inTransaction(ctx, async (tx, emit) => {
    const row = await findForChange(tx, ctx.viewer, guid);
    if (ctx.viewer.kind === 'contact') throw forbidden('Contacts cannot change attachment availability');
    if (row.isAvailable === isAvailable) return row;
    const updated = await tx.attachment.update({ where: { id: row.id }, data: { isAvailable } });
    emit({ type: 'attachment.availabilityChanged', conversationId: row.conversationId, payload: { attachmentId: row.id, isAvailable } });
    return updated;
  });
}

/**
 * Deletes the record; its stored bytes go through the `attachments.deleteFiles` job enqueued in
 * the same transaction, so a rollback never loses a file and a crash right after the commit never
 * leaves one behind.
 */
export async function deleteAttachment(ctx: ServiceContext, guid: string): Promise<Attachment> {
  return inTransaction(ctx, async (tx, emit) => {
    const found = await findForChange(tx, ctx.viewer, guid);
    await tx.attachment.delete({ where: { id: found.id } });
    await enqueueFileDeletion(tx, [found.storageKey]);
    emit({ type: 'attachment.deleted', conversationId: found.conversationId, payload: { attachmentId: found.id, messageId: found.messageId } });
    return found;
  });
}

// ─── Files of deleted rows ─────────────────────────────────────────────────

/** Keys per `attachments.deleteFiles` job: a purge of a huge conversation becomes several small jobs. */
const KEYS_PER_JOB = 500;

/**
 * Inside the transaction that deletes attachment rows: asks for their stored files to be deleted
 * once it commits (the `attachments.deleteFiles` job, ./jobs.ts). The job commits or rolls back
 * with the rows, so a failed write loses no file and a crash after the commit leaves none behind.
 */
export async function enqueueFileDeletion(tx: Tx, storageKeys: readonly (string | null)[]): Promise<void> {
  const keys = [...new Set(storageKeys.filter((key): key is string => Boolean(key)))];
  for (let start = 0; start < keys.length; start += KEYS_PER_JOB) {
    await enqueueJob(tx, 'attachments.deleteFiles', { storageKeys: keys.slice(start, start + KEYS_PER_JOB) });
  }
}

/**
 * Deletes the stored files of these keys (of rows already deleted: keys are never reused, each
 * comes from a fresh upload id). A missing file is fine, so a rerun is harmless.
 */
export async function deleteStoredFiles(ctx: Pick<ServiceContext, 'config'>, storageKeys: readonly string[]): Promise<void> {
  const storage = storageFor(ctx.config);
  for (const key of storageKeys) await storage.delete(key);
}

// ─── Unclaimed uploads ─────────────────────────────────────────────────────

/**
 * Deletes uploads older than `olderThan` that no message claimed and no draft keeps (files a
 * caller uploaded and then abandoned). The rows go and their files' `attachments.deleteFiles` jobs
 * are queued in one transaction, so a crash between the two cannot leave files nobody references
 * (nor rows pointing at deleted files). Safe with several gateway processes: each row is deleted
 * (and returned) by exactly one of them. Returns how many went.
 */
export async function purgeUnclaimedAttachments(ctx: Pick<ServiceContext, 'prisma' | 'config'>, olderThan: Date): Promise<number> {
  return ctx.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; storageKey: string | null }[]>`
      DELETE FROM "Attachment" a
      WHERE a."messageId" IS NULL AND a."createdTime" < ${olderThan} AND a."junkId" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "Draft" d WHERE a.id::text = ANY (d."attachmentIds"))
      RETURNING a.id, a."storageKey"`;
    await enqueueFileDeletion(tx, rows.map((row) => row.storageKey));
    return rows.length;
  });
}
