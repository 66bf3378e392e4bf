import { builder } from '../../graphql/builder.js';
import { alignByKey, defineLoader } from '../../graphql/loaders.js';
import type { Tag } from '../../generated/prisma/client.js';

export const tagById = defineLoader<number, Tag | null>('tagById', async ({ prisma }, ids) =>
  alignByKey(ids, await prisma.tag.findMany({ where: { id: { in: [...ids] } } }), (row) => row.id),
);

export const TagRef = builder.prismaNode('Tag', {
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The id REST shows.' }),
    name: t.exposeString('name'),
    color: t.exposeString('color'),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
  }),
});
