import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader } from '../../graphql/loaders.js';
import { Prisma, type Department } from '../../generated/prisma/client.js';

export const departmentById = defineSqlLoader<number, Department | null, Department>('departmentById', {
  sql: (_env, ids) => Prisma.sql`SELECT d.* FROM "Department" d WHERE d.id = ANY(${[...ids]}::int[])`,
  model: 'Department',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.id),
});

export const DepartmentRef = builder.prismaNode('Department', {
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The id REST shows.' }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
  }),
});
