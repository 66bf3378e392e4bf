import { Prisma, type Department } from '../../generated/prisma/client.js';
import { modelDecoder } from '../../db/read.js';
import { builder } from '../../graphql/builder.js';
import { notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { connectionFields, offsetConnection } from '../../graphql/pagination.js';
import { createDepartment, deleteDepartment, updateDepartment } from './service.js';
import { DepartmentRef } from './types.js';

const DepartmentInput = builder.inputType('DepartmentInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
  }),
});

builder.queryFields((t) => ({
  departments: t.connection(
    {
      type: DepartmentRef,
      authScopes: { agent: true },
      args: { page: t.arg.int({ description: '1-based page number; an alternative to after/before.' }) },
      resolve: (_root, args, ctx, info) =>
        offsetConnection(args, {
          info,
          defaultSize: ctx.config.pageSize,
          // Total and page travel in one statement (src/db/read.ts).
          count: () => ctx.read.count(Prisma.sql`"Department" d`),
          fetch: (skip, take) =>
            ctx.read.rows(Prisma.sql`SELECT d.* FROM "Department" d ORDER BY d.id LIMIT ${take} OFFSET ${skip}`, modelDecoder<Department>('Department')),
        }),
    },
    { fields: connectionFields },
  ),
  department: t.prismaField({
    type: 'Department',
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = intId('Department', args.id);
      const row = await ctx.prisma.department.findUnique({ ...query, where: { id } });
      if (!row) throw notFound('department', id);
      return row;
    },
  }),
}));

builder.mutationFields((t) => ({
  createDepartment: t.field({
    type: DepartmentRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: DepartmentInput, required: true }) },
    resolve: (_root, args, ctx) => createDepartment(ctx, args.input),
  }),
  updateDepartment: t.field({
    type: DepartmentRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: DepartmentInput, required: true }) },
    resolve: (_root, args, ctx) => updateDepartment(ctx, intId('Department', args.id), args.input),
  }),
  deleteDepartment: t.field({
    type: DepartmentRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteDepartment(ctx, intId('Department', args.id)),
  }),
}));
