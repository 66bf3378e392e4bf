/** Integration accounts in GraphQL: the same operations as REST (spec "# Integration Accounts"). */
import { builder } from '../../graphql/builder.js';
import {
  createIntegrationAccount, deleteIntegrationAccount, findIntegrationAccount, listIntegrationAccounts, updateIntegrationAccount,
  type IntegrationAccountRow,
} from './service.js';

interface ServerView {
  host: string | null;
  port: number | null;
  secure: boolean | null;
  username: string | null;
  hasPassword: boolean;
  mailbox?: string | null;
}

const MailServerRef = builder.objectRef<ServerView>('MailServerSettings').implement({
  description: 'SMTP or IMAP settings of an email account. The password is write-only: only whether one is set is shown.',
  fields: (t) => ({
    host: t.exposeString('host', { nullable: true }),
    port: t.exposeInt('port', { nullable: true }),
    secure: t.exposeBoolean('secure', { nullable: true }),
    username: t.exposeString('username', { nullable: true }),
    hasPassword: t.exposeBoolean('hasPassword'),
    mailbox: t.string({ nullable: true, description: 'IMAP only: the folder fetched (INBOX when unset).', resolve: (s) => s.mailbox ?? null }),
  }),
});

const admin = { admin: true } as const;
const reader = { agent: true, integration: true } as const;

export const IntegrationAccountRef = builder.objectRef<IntegrationAccountRow>('IntegrationAccount').implement({
  fields: (t) => ({
    id: t.string({ resolve: (a) => String(a.id) }),
    name: t.exposeString('name'),
    channelId: t.exposeString('channelId'),
    address: t.exposeString('address', { nullable: true, authScopes: admin, description: 'Email accounts: the address mail comes in to (admins only).' }),
    smtp: t.field({
      type: MailServerRef,
      nullable: true,
      authScopes: admin,
      description: 'Email accounts: sending settings (admins only).',
      resolve: (a) => (a.channelId !== 'email' ? null : { host: a.smtpHost, port: a.smtpPort, secure: a.smtpSecure, username: a.smtpUsername, hasPassword: a.smtpPassword !== null }),
    }),
    imap: t.field({
      type: MailServerRef,
      nullable: true,
      authScopes: admin,
      description: 'Email accounts: fetching settings (admins only).',
      resolve: (a) =>
        a.channelId !== 'email' ? null : { host: a.imapHost, port: a.imapPort, secure: a.imapSecure, username: a.imapUsername, hasPassword: a.imapPassword !== null, mailbox: a.imapMailbox },
    }),
  }),
});

const MailServerInput = builder.inputType('MailServerSettingsInput', {
  fields: (t) => ({
    host: t.string(),
    port: t.int(),
    secure: t.boolean({ description: 'TLS from the start (true) or STARTTLS when offered (false).' }),
    username: t.string(),
    password: t.string({ description: 'Write-only: never returned.' }),
    mailbox: t.string({ description: 'IMAP only (default INBOX).' }),
  }),
});

const IntegrationAccountInput = builder.inputType('IntegrationAccountInput', {
  fields: (t) => ({
    name: t.string(),
    channelId: t.string({ description: 'Required on create, fixed afterwards.' }),
    address: t.string({ description: 'Email accounts only: unique.' }),
    smtp: t.field({ type: MailServerInput }),
    imap: t.field({ type: MailServerInput }),
  }),
});

builder.queryFields((t) => ({
  integrationAccounts: t.field({
    type: [IntegrationAccountRef],
    authScopes: reader,
    args: { channelId: t.arg.string() },
    resolve: (_root, args, ctx) => listIntegrationAccounts(ctx.prisma, args.channelId),
  }),
  integrationAccount: t.field({
    type: IntegrationAccountRef,
    authScopes: reader,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findIntegrationAccount(ctx.prisma, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createIntegrationAccount: t.field({
    type: IntegrationAccountRef,
    authScopes: admin,
    args: { input: t.arg({ type: IntegrationAccountInput, required: true }) },
    resolve: (_root, args, ctx) => createIntegrationAccount(ctx, args.input),
  }),
  updateIntegrationAccount: t.field({
    type: IntegrationAccountRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: IntegrationAccountInput, required: true }) },
    resolve: (_root, args, ctx) => updateIntegrationAccount(ctx, String(args.id), args.input),
  }),
  deleteIntegrationAccount: t.field({
    type: IntegrationAccountRef,
    description: 'Deletes an integration account (admins); a 409 while conversations name the account in receivedBy.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteIntegrationAccount(ctx, String(args.id)),
  }),
}));
