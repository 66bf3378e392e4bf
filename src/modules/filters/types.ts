import { builder } from '../../graphql/builder.js';
import type { Condition as FilterCondition } from '../../generated/prisma/client.js';
import { conditionsByOwner } from '../../engine/conditions/store.js';
import { visibleFiltersWhere } from './service.js';

export const FilterWhenEnum = builder.enumType('ConditionWhen', {
  description: 'How conditions combine: all must match, any may match, or a logical expression over their numbers.',
  values: ['all', 'any', 'logicalExpression'] as const,
});

export const FilterConditionRef = builder.objectRef<FilterCondition>('FilterCondition').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    fieldId: t.exposeString('fieldId'),
    matchType: t.exposeString('matchType', { description: 'contains, notContains, is, isNot, isMoreThan, isLessThan, before or after.' }),
    value: t.exposeString('value'),
  }),
});

export const FilterRef = builder.prismaNode('Filter', {
  id: { field: 'id' },
  // node(id) finds another agent's private filter no more than filter(id) does (null, not an error).
  findUnique: (id, ctx) => ({ id, AND: [visibleFiltersWhere(ctx.viewer)] }),
  // Defence in depth: a private filter shows only to its creator.
  authScopes: (filter, ctx) =>
    !filter.isPrivate || (ctx.viewer.kind === 'agent' && ctx.viewer.agentId === filter.createdById),
  fields: (t) => ({
    databaseId: t.exposeString('id', { description: 'The id REST shows.' }),
    name: t.exposeString('name'),
    isPrivate: t.exposeBoolean('isPrivate'),
    createdById: t.string({ nullable: true, description: 'The agent who created the filter.', resolve: (filter) => (filter.createdById === null ? null : String(filter.createdById)) }),
    when: t.field({ type: FilterWhenEnum, resolve: (filter) => filter.when as 'all' | 'any' | 'logicalExpression' }),
    logicalExpression: t.exposeString('logicalExpression', { nullable: true, description: 'e.g. "(1 and 2) or 3", when `when` is logicalExpression.' }),
    conditions: t.field({
      type: [FilterConditionRef],
      resolve: (filter, _args, ctx) => ctx.loader(conditionsByOwner).load({ type: 'view', id: filter.id }),
    }),
  }),
});
