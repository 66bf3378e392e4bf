import { builder } from '../../graphql/builder.js';
import type { OAuthClient } from '../../generated/prisma/client.js';
import { createOAuthClient, revokeOAuthClient } from './service.js';

export const OAuthClientRef = builder.objectRef<OAuthClient>('OAuthClient').implement({
  fields: (t) => ({
    clientId: t.exposeString('clientId'),
    name: t.exposeString('name'),
    scopes: t.exposeStringList('scopes'),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    revokedTime: t.expose('revokedTime', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedOAuthClient = builder.objectRef<{ client: OAuthClient; clientSecret: string }>('CreatedOAuthClient').implement({
  fields: (t) => ({
    client: t.field({ type: OAuthClientRef, resolve: (parent) => parent.client }),
    clientSecret: t.exposeString('clientSecret', { description: 'Shown only now: store it safely.' }),
  }),
});

builder.queryFields((t) => ({
  oauthClients: t.field({
    type: [OAuthClientRef],
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.prisma.oAuthClient.findMany({ orderBy: { id: 'asc' } }),
  }),
}));

builder.mutationFields((t) => ({
  createOAuthClient: t.field({
    type: CreatedOAuthClient,
    description: 'Registers an OAuth client for the client_credentials grant. Scopes: api, portal.',
    authScopes: { admin: true },
    args: { name: t.arg.string({ required: true }), scopes: t.arg.stringList({ required: true }) },
    resolve: (_root, args, ctx) => createOAuthClient(ctx, args),
  }),
  revokeOAuthClient: t.field({
    type: OAuthClientRef,
    authScopes: { admin: true },
    args: { clientId: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => revokeOAuthClient(ctx, args.clientId),
  }),
}));
