/**
 * The Attachment GraphQL type (the spec's "attachment" object) and its loaders.
 * `id` is the attachment's guid (attachments are addressed by guid everywhere, REST and GraphQL).
 * `url` / `previewUrl` are signed, expiring download links served by the gateway (see links.ts).
 */
import { Prisma, type Attachment } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader, groupByKey, uuidKeys } from '../../graphql/loaders.js';
import { attachmentLinks } from './links.js';

export type { Attachment };

/** The attachments of each message (in upload order), by message id. */
export const attachmentsByMessage = defineSqlLoader<string, Attachment[], Attachment>('attachmentsByMessage', {
  sql: (_env, messageIds) => Prisma.sql`
    SELECT a.* FROM "Attachment" a WHERE a."messageId" = ANY(${uuidKeys(messageIds)}::uuid[]) ORDER BY a."createdTime", a.id`,
  model: 'Attachment',
  result: (messageIds, rows) => groupByKey(messageIds, rows, (row) => row.messageId!),
});

/**
 * Attachments by guid (null when unknown, e.g. deleted since): drafts keep a list of attachment ids
 * without claiming them, and resolve them through this loader.
 */
export const attachmentById = defineSqlLoader<string, Attachment | null, Attachment>('attachmentById', {
  sql: (_env, ids) => (uuidKeys(ids).length ? Prisma.sql`SELECT a.* FROM "Attachment" a WHERE a.id = ANY(${uuidKeys(ids)}::uuid[])` : null),
  model: 'Attachment',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.id),
});

export const AttachmentRef = builder.objectRef<Attachment>('Attachment').implement({
  description: 'A file attached to a message (or uploaded and not yet attached).',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The attachment guid.' }),
    messageId: t.exposeString('messageId', { nullable: true, description: 'null until a message references the attachment.' }),
    type: t.exposeString('type', { description: 'image, video, audio or file (from the detected mimetype).' }),
    mimetype: t.exposeString('mimetype', { description: 'Detected from the content, not taken from the uploader.' }),
    originalId: t.exposeString('originalId', { nullable: true }),
    originalLink: t.exposeString('originalLink', { nullable: true }),
    text: t.exposeString('text', { nullable: true }),
    fileName: t.exposeString('fileName'),
    url: t.string({
      description: 'Download link served by the gateway, signed and expiring (ATTACHMENT_URL_TTL_SECONDS).',
      resolve: (row, _args, ctx) => attachmentLinks(ctx.config, row).url,
    }),
    previewUrl: t.string({
      nullable: true,
      description: 'Inline link for images; null for other files.',
      resolve: (row, _args, ctx) => attachmentLinks(ctx.config, row).previewUrl,
    }),
    size: t.exposeInt('size', { description: 'Size in bytes.' }),
    scale: t.exposeString('scale', { nullable: true }),
    isAvailable: t.exposeBoolean('isAvailable'),
  }),
});
