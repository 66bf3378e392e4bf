/**
 * Junk in GraphQL: the same operations as REST. Who: agents and integrations with the `api`
 * scope (the console's audience, canUseConsole), for reads and writes alike: reviewing junk is
 * inbox work, not administration. Contacts get 403.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { modelDecoder } from '../../db/read.js';
import { builder } from '../../graphql/builder.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { connectionFields, offsetConnection } from '../../graphql/pagination.js';
import { canUseConsole, ConversationRef } from '../conversations/index.js';
import { deleteJunk, findJunk, JUNK_COLUMNS, junkListWhere, notJunk, setJunkRead, type JunkRow } from './service.js';
import { JunkRef } from './types.js';

const consoleAccess = (_parent: unknown, _args: unknown, ctx: GraphQLContext) => canUseConsole(ctx.viewer);

builder.queryFields((t) => ({
  junks: t.connection(
    {
      type: JunkRef,
      description: 'Junk mail, newest first (by the time it was received).',
      authScopes: consoleAccess,
      args: {
        keywords: t.arg.string({ description: 'Matches the subject, the From header or address, or the text (case-insensitive).' }),
        timeFrom: t.arg.string({ description: 'Received at or after (ISO-8601; without a zone: UTC).' }),
        timeTo: t.arg.string({ description: 'Received at or before (ISO-8601; without a zone: UTC).' }),
        page: t.arg.int({ description: '1-based page number (REST pageIndex); an alternative to after/before.' }),
      },
      resolve: (_root, args, ctx, info) => {
        const where = junkListWhere(args);
        return offsetConnection(args, {
          info,
          defaultSize: ctx.config.pageSize,
          count: () => ctx.read.count(Prisma.sql`"Junk" j WHERE ${where}`),
          fetch: (skip, take) =>
            ctx.read.rows(
              Prisma.sql`SELECT ${JUNK_COLUMNS} FROM "Junk" j WHERE ${where} ORDER BY j.time DESC, j.id DESC LIMIT ${take} OFFSET ${skip}`,
              modelDecoder<JunkRow>('Junk'),
            ),
        });
      },
    },
    { fields: connectionFields },
  ),
  junk: t.field({
    type: JunkRef,
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findJunk(ctx.prisma, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  updateJunk: t.field({
    type: JunkRef,
    description: 'Marks a junk mail read or unread.',
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }), isRead: t.arg.boolean({ description: 'Required.' }) },
    resolve: (_root, args, ctx) => setJunkRead(ctx, String(args.id), args.isRead),
  }),
  notJunk: t.field({
    type: ConversationRef,
    description: 'The junk mail becomes a normal conversation (or joins the one it replies to) through the inbound pipeline; the junk is gone after.',
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => notJunk(ctx, String(args.id)),
  }),
  deleteJunk: t.field({
    type: JunkRef,
    description: 'Deletes a junk mail with its attachments (their files after commit).',
    authScopes: consoleAccess,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteJunk(ctx, String(args.id)),
  }),
}));
