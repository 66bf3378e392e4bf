/** The outbox in GraphQL (admins): what was sent, what waits, what failed and why (README "Outgoing email"). */
import { builder } from '../../graphql/builder.js';
import { invalidField } from '../../graphql/errors.js';
import type { OutboundEmail } from '../../generated/prisma/client.js';

const STATUSES = ['queued', 'sent', 'failed'] as const;
const MAX_FIRST = 200;

const OutboundEmailRef = builder.objectRef<OutboundEmail>('OutboundEmail').implement({
  description: 'One outgoing email: a trigger’s (to a contact or an agent) or an agent’s email reply.',
  fields: (t) => ({
    id: t.exposeString('id'),
    status: t.exposeString('status', { description: 'queued, sent or failed.' }),
    to: t.exposeString('to'),
    recipientType: t.exposeString('recipientType', { description: 'contact or agent.' }),
    subject: t.exposeString('subject'),
    conversationId: t.exposeInt('conversationId', { nullable: true }),
    messageId: t.exposeString('messageId', { nullable: true, description: 'The conversation message this email delivers, if any.' }),
    triggerId: t.string({ nullable: true, resolve: (row) => (row.triggerId === null ? null : String(row.triggerId)) }),
    messageIdHeader: t.exposeString('messageIdHeader', { description: 'The Message-ID header.' }),
    inReplyTo: t.exposeString('inReplyTo', { nullable: true }),
    cc: t.exposeString('cc', { nullable: true, description: 'Cc addresses, comma-separated.' }),
    accountId: t.string({
      nullable: true,
      description: 'The email integration account whose SMTP settings the last attempt used; null: SMTP_URL (or not attempted yet).',
      resolve: (row) => (row.accountId === null ? null : String(row.accountId)),
    }),
    fromAddress: t.exposeString('fromAddress', { nullable: true, description: 'The From address of the last attempt.' }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdTime: t.string({ resolve: (row) => row.createdTime.toISOString() }),
    sentTime: t.string({ nullable: true, resolve: (row) => row.sentTime?.toISOString() ?? null }),
  }),
});

builder.queryFields((t) => ({
  outboundEmails: t.field({
    type: [OutboundEmailRef],
    description: `The outbox, newest first (at most ${MAX_FIRST}), optionally by status (queued, sent, failed) or conversation. Admins only.`,
    authScopes: { admin: true },
    args: { status: t.arg.string(), conversationId: t.arg.int(), first: t.arg.int() },
    resolve: (_root, args, ctx) => {
      if (args.status != null && !(STATUSES as readonly string[]).includes(args.status)) throw invalidField('status', `must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(args.status)}`);
      const first = args.first ?? 50;
      if (first < 1 || first > MAX_FIRST) throw invalidField('first', `must be between 1 and ${MAX_FIRST}`);
      return ctx.prisma.outboundEmail.findMany({
        where: { ...(args.status ? { status: args.status } : {}), ...(args.conversationId != null ? { conversationId: args.conversationId } : {}) },
        orderBy: [{ createdTime: 'desc' }, { id: 'desc' }],
        take: first,
      });
    },
  }),
}));
