import type { BlockedSender } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';

export const BlockedSenderRef = builder.objectRef<BlockedSender>('BlockedSender').implement({
  description: 'A blocked email address or domain (spec "blocked sender").',
  fields: (t) => ({
    id: t.string({ resolve: (row) => String(row.id) }),
    email: t.exposeString('email', { description: 'The address or domain, lower-cased (a domain as punycode).' }),
    blockType: t.exposeString('blockType', { description: 'blockEmailasJunk, rejectEmail, blockDomainasJunk or rejectDomain.' }),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    updatedTime: t.expose('updatedTime', { type: 'DateTime' }),
  }),
});
