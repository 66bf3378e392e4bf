import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader, groupByKey } from '../../graphql/loaders.js';
import { Prisma, type Agent, type ApiKey, type Department } from '../../generated/prisma/client.js';
import { DepartmentRef } from '../departments/types.js';

export const agentById = defineSqlLoader<number, Agent | null, Agent>('agentById', {
  sql: (_env, ids) => Prisma.sql`SELECT a.* FROM "Agent" a WHERE a.id = ANY(${[...ids]}::int[])`,
  model: 'Agent',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.id),
});

/** An agent's departments with their rows in one read (not ids, then departments: one level less). */
const departmentsByAgent = defineSqlLoader<number, Department[], Department & { agentId: number }>('departmentsByAgent', {
  sql: (_env, agentIds) => Prisma.sql`
    SELECT ad."agentId", d.* FROM "AgentDepartment" ad JOIN "Department" d ON d.id = ad."departmentId"
     WHERE ad."agentId" = ANY(${[...agentIds]}::int[]) ORDER BY ad."departmentId"`,
  model: 'Department',
  result: (agentIds, rows) => groupByKey(agentIds, rows, (row) => row.agentId),
});

const apiKeysByAgent = defineSqlLoader<number, ApiKey[], ApiKey>('apiKeysByAgent', {
  sql: (_env, agentIds) => Prisma.sql`SELECT k.* FROM "ApiKey" k WHERE k."agentId" = ANY(${[...agentIds]}::int[]) ORDER BY k.id`,
  model: 'ApiKey',
  result: (agentIds, rows) => groupByKey(agentIds, rows, (key) => key.agentId),
});

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
      resolve: async (agent, _args, ctx) => (await ctx.loader(departmentsByAgent).load(agent.id)).map((department) => department.id),
    }),
    departments: t.field({
      type: [DepartmentRef],
      resolve: (agent, _args, ctx) => ctx.loader(departmentsByAgent).load(agent.id),
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
