import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader } from '../../graphql/loaders.js';
import { Prisma, type Tag } from '../../generated/prisma/client.js';

export const tagById = defineSqlLoader<number, Tag | null, Tag>('tagById', {
  sql: (_env, ids) => Prisma.sql`SELECT t.* FROM "Tag" t WHERE t.id = ANY(${[...ids]}::int[])`,
  model: 'Tag',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.id),
});

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
