import { Prisma, type Agent } from '../../generated/prisma/client.js';
import { modelDecoder } from '../../db/read.js';
import { builder } from '../../graphql/builder.js';
import { notFound, unauthenticated } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { connectionFields, offsetConnection } from '../../graphql/pagination.js';
import { createAgent, createApiKey, deleteAgent, revokeApiKey, updateAgent } from './service.js';
import { AgentRef, AgentRoleEnum, ApiKeyRef } from './types.js';

const AgentInput = builder.inputType('AgentInput', {
  fields: (t) => ({
    name: t.string(),
    email: t.string(),
    role: t.field({ type: AgentRoleEnum }),
    isOnline: t.boolean(),
    departmentIds: t.intList({ description: 'Replaces the agent’s departments.' }),
  }),
});

const CreatedApiKey = builder
  .objectRef<{ apiKey: { id: number }; secret: string }>('CreatedApiKey')
  .implement({
    fields: (t) => ({
      apiKey: t.field({ type: ApiKeyRef, resolve: (parent) => parent.apiKey as never }),
      secret: t.exposeString('secret', { description: 'Shown only now: store it safely. Use it as HTTP Basic email:secret.' }),
    }),
  });

builder.queryFields((t) => ({
  viewerAgent: t.field({
    type: AgentRef,
    description: 'The agent making the request.',
    authScopes: { agent: true },
    resolve: async (_root, _args, ctx) => {
      if (ctx.viewer.kind !== 'agent') throw unauthenticated();
      const agent = await ctx.prisma.agent.findUnique({ where: { id: ctx.viewer.agentId } });
      if (!agent) throw notFound('agent', ctx.viewer.agentId);
      return agent;
    },
  }),
  agents: t.connection(
    {
      type: AgentRef,
      authScopes: { agent: true },
      args: { page: t.arg.int({ description: '1-based page number; an alternative to after/before.' }) },
      resolve: (_root, args, ctx, info) =>
        offsetConnection(args, {
          info,
          defaultSize: ctx.config.pageSize,
          // Total and page travel in one statement (src/db/read.ts).
          count: () => ctx.read.count(Prisma.sql`"Agent" a`),
          fetch: (skip, take) => ctx.read.rows(Prisma.sql`SELECT a.* FROM "Agent" a ORDER BY a.id LIMIT ${take} OFFSET ${skip}`, modelDecoder<Agent>('Agent')),
        }),
    },
    { fields: connectionFields },
  ),
  agent: t.field({
    type: AgentRef,
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = intId('Agent', args.id);
      const agent = await ctx.prisma.agent.findUnique({ where: { id } });
      if (!agent) throw notFound('agent', id);
      return agent;
    },
  }),
}));

builder.mutationFields((t) => ({
  createAgent: t.field({
    type: AgentRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: AgentInput, required: true }) },
    resolve: (_root, args, ctx) => createAgent(ctx, args.input),
  }),
  updateAgent: t.field({
    type: AgentRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: AgentInput, required: true }) },
    resolve: (_root, args, ctx) => updateAgent(ctx, intId('Agent', args.id), args.input),
  }),
  deleteAgent: t.field({
    type: AgentRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteAgent(ctx, intId('Agent', args.id)),
  }),
  createApiKey: t.field({
    type: CreatedApiKey,
    description: 'Creates an API key for an agent (admins: any agent; agents: themselves).',
    authScopes: { agent: true },
    args: { agentId: t.arg.id({ required: true }), name: t.arg.string() },
    resolve: (_root, args, ctx) => createApiKey(ctx, intId('Agent', args.agentId, 'agentId'), args.name),
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    authScopes: { agent: true },
    args: { id: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => revokeApiKey(ctx, args.id),
  }),
}));
