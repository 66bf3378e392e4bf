import { builder } from '../../graphql/builder.js';
import { alignByKey, defineLoader } from '../../graphql/loaders.js';
import type { Department } from '../../generated/prisma/client.js';

export const departmentById = defineLoader<number, Department | null>('departmentById', async ({ prisma }, ids) =>
  alignByKey(ids, await prisma.department.findMany({ where: { id: { in: [...ids] } } }), (row) => row.id),
);

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
