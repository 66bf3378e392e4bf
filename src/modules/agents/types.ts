import { builder } from '../../graphql/builder.js';
import { alignByKey, defineLoader, groupByKey } from '../../graphql/loaders.js';
import type { Agent, ApiKey, Department } from '../../generated/prisma/client.js';
import { departmentById, DepartmentRef } from '../departments/types.js';

export const agentById = defineLoader<number, Agent | null>('agentById', async ({ prisma }, ids) =>
  alignByKey(ids, await prisma.agent.findMany({ where: { id: { in: [...ids] } } }), (row) => row.id),
);

const departmentIdsByAgent = defineLoader<number, number[]>('departmentIdsByAgent', async ({ prisma }, agentIds) => {
  const links = await prisma.agentDepartment.findMany({ where: { agentId: { in: [...agentIds] } }, orderBy: { departmentId: 'asc' } });
  return groupByKey(agentIds, links, (link) => link.agentId).map((list) => list.map((link) => link.departmentId));
});

const apiKeysByAgent = defineLoader<number, ApiKey[]>('apiKeysByAgent', async ({ prisma }, agentIds) =>
  groupByKey(agentIds, await prisma.apiKey.findMany({ where: { agentId: { in: [...agentIds] } }, orderBy: { id: 'asc' } }), (key) => key.agentId),
);

export const AgentRoleEnum = builder.enumType('AgentRole', { values: ['admin', 'agent'] as const });

export const AgentRef = builder.prismaNode('Agent', {
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The id REST shows.' }),
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    role: t.expose('role', { type: AgentRoleEnum }),
    isOnline: t.exposeBoolean('isOnline'),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    departmentIds: t.intList({
      resolve: (agent, _args, ctx) => ctx.loader(departmentIdsByAgent).load(agent.id),
    }),
    departments: t.field({
      type: [DepartmentRef],
      resolve: async (agent, _args, ctx) => {
        const ids = await ctx.loader(departmentIdsByAgent).load(agent.id);
        const rows = await ctx.loader(departmentById).loadMany(ids);
        return rows.filter((row): row is Department => row !== null && !(row instanceof Error));
      },
    }),
    apiKeys: t.field({
      type: [ApiKeyRef],
      description: 'Visible to admins and to the agent itself.',
      authScopes: (agent, _args, ctx) => ctx.viewer.kind === 'agent' && (ctx.viewer.role === 'admin' || ctx.viewer.agentId === agent.id),
      resolve: (agent, _args, ctx) => ctx.loader(apiKeysByAgent).load(agent.id),
    }),
  }),
});

export const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey').implement({
  description: 'An API key. The secret itself is shown only once, when the key is created.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    agentId: t.exposeInt('agentId'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret.' }),
    createdTime: t.expose('createdTime', { type: 'DateTime' }),
    revokedTime: t.expose('revokedTime', { type: 'DateTime', nullable: true }),
  }),
});
