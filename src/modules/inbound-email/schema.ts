/**
 * IMAP fetching in GraphQL (admins): each email account's fetch status, and "fetch now"
 * (`fetchIntegrationAccountMail`), an extension beside the spec's integration accounts.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader } from '../../graphql/loaders.js';
import { IntegrationAccountRef } from '../integration-accounts/schema.js';
import { emptyFetchStatus, fetchAccountMailNow, type FetchStatus } from './imap.js';

const fetchStateByAccount = defineSqlLoader<number, FetchStatus | null, FetchStatus>('mailFetchStateByAccount', {
  sql: (_env, ids) => Prisma.sql`SELECT s.* FROM "MailFetchState" s WHERE s."accountId" = ANY(${[...ids]}::int[])`,
  model: 'MailFetchState',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.accountId),
});

const MailFetchStatusRef = builder.objectRef<FetchStatus>('MailFetchStatus').implement({
  description: 'IMAP fetching of an email account: the outcome of its last rounds (README "Inbound email: SMTP listener and IMAP fetching").',
  fields: (t) => ({
    lastFetchTime: t.expose('lastFetchTime', { type: 'DateTime', nullable: true, description: 'When the last round ended, successfully or not.' }),
    lastSuccessTime: t.expose('lastSuccessTime', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last round failed (sign-in refused, server unreachable, ...); null after a good round.' }),
    lastErrorTime: t.expose('lastErrorTime', { type: 'DateTime', nullable: true }),
    fetchedCount: t.exposeInt('fetchedCount', { description: 'Mails taken in by fetching, in all (duplicates not counted).' }),
  }),
});

builder.objectField(IntegrationAccountRef, 'imapFetch', (t) =>
  t.field({
    type: MailFetchStatusRef,
    nullable: true,
    authScopes: { admin: true },
    description: 'Email accounts with IMAP settings: how fetching goes (admins only). Null for other accounts.',
    resolve: async (account, _args, ctx) =>
      account.channelId !== 'email' || !account.imapHost ? null : ((await ctx.loader(fetchStateByAccount).load(account.id)) ?? emptyFetchStatus(account.id)),
  }),
);

builder.mutationFields((t) => ({
  fetchIntegrationAccountMail: t.field({
    type: MailFetchStatusRef,
    description:
      'Extension: fetch the account’s IMAP mailbox now instead of at the next interval; waits up to 30 s for the round and answers the fetch status. A 400 naming id for a non-email account or one without IMAP settings.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => fetchAccountMailNow(ctx, String(args.id)),
  }),
}));
