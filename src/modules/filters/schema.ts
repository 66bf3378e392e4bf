import { builder } from '../../graphql/builder.js';
import { createFilter, deleteFilter, findVisibleFilter, updateFilter, visibleFiltersWhere } from './service.js';
import { FilterRef, FilterWhenEnum } from './types.js';

const FilterConditionInput = builder.inputType('FilterConditionInput', {
  fields: (t) => ({
    id: t.string({ description: 'Ignored: conditions are replaced as a whole.' }),
    fieldId: t.string({ required: true, description: 'A system or custom field id (a field name is accepted too).' }),
    matchType: t.string({ required: true }),
    value: t.string(),
  }),
});

const FilterInput = builder.inputType('FilterInput', {
  fields: (t) => ({
    name: t.string(),
    isPrivate: t.boolean({ description: 'Private filters are visible and usable only by their creator. Default false.' }),
    when: t.field({ type: FilterWhenEnum, description: 'Default all.' }),
    logicalExpression: t.string({ description: 'e.g. "(1 and 2) or 3" over the 1-based condition numbers, with when = logicalExpression.' }),
    logicExpression: t.string({ description: 'Same as logicalExpression (the spelling routing rules use).' }),
    conditions: t.field({ type: [FilterConditionInput], description: 'Replaces the conditions.' }),
  }),
});

builder.queryFields((t) => ({
  filters: t.field({
    type: [FilterRef],
    description: 'Public filters and the viewer’s own private filters.',
    authScopes: { agent: true, integration: true },
    resolve: (_root, _args, ctx) =>
      ctx.prisma.filter.findMany({ where: visibleFiltersWhere(ctx.viewer), orderBy: [{ createdTime: 'asc' }, { id: 'asc' }] }),
  }),
  filter: t.field({
    type: FilterRef,
    authScopes: { agent: true, integration: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findVisibleFilter(ctx.prisma, ctx.viewer, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createFilter: t.field({
    type: FilterRef,
    authScopes: { agent: true },
    args: { input: t.arg({ type: FilterInput, required: true }) },
    resolve: (_root, args, ctx) => createFilter(ctx, args.input),
  }),
  updateFilter: t.field({
    type: FilterRef,
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: FilterInput, required: true }) },
    resolve: (_root, args, ctx) => updateFilter(ctx, String(args.id), args.input),
  }),
  deleteFilter: t.field({
    type: FilterRef,
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteFilter(ctx, String(args.id)),
  }),
}));
