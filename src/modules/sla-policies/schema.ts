/** SLA policies in GraphQL: the same operations as REST (spec "# SLAPolicies"). */
import { Prisma, type SlaOutcome } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { defineSqlLoader, groupByKey } from '../../graphql/loaders.js';
import { ConversationRef } from '../conversations/types.js';
import { createPolicy, deletePolicy, findPolicy, listPolicies, sortPolicy, updatePolicy, type SlaPolicyRow } from './service.js';

type ConditionRow = SlaPolicyRow['conditions'][number];

const SlaConditionRef = builder.objectRef<ConditionRow>('SLACondition').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    type: t.string({ description: 'The owner type in the condition store: sla.', resolve: (condition) => condition.ownerType }),
    fieldId: t.exposeString('fieldId'),
    matchType: t.exposeString('matchType'),
    value: t.exposeString('value'),
  }),
});

export const SlaPolicyRef = builder.objectRef<SlaPolicyRow>('SLAPolicy').implement({
  fields: (t) => ({
    id: t.string({ resolve: (p) => String(p.id) }),
    enable: t.exposeBoolean('enable'),
    firstRespondWithin: t.exposeInt('firstRespondWithin', { description: 'Hours.' }),
    nextRespondWithin: t.exposeInt('nextRespondWithin', { description: 'Hours.' }),
    resolveRespondWithin: t.exposeInt('resolveRespondWithin', { description: 'Hours.' }),
    businessHours: t.exposeBoolean('businessHours', { description: 'true: business hours (working time minus holidays); false: calendar hours.' }),
    conditions: t.field({ type: [SlaConditionRef], resolve: (p) => p.conditions }),
    when: t.exposeString('when', { description: 'How the conditions combine: all, any or logicalExpression.' }),
    logicExpression: t.exposeString('logicalExpression', { nullable: true }),
    orderIndex: t.exposeInt('orderIndex', { description: 'Policies are tried in this order; the first enabled match applies.' }),
  }),
});

const SlaConditionInput = builder.inputType('SLAConditionInput', {
  fields: (t) => ({
    id: t.string({ description: 'Ignored: conditions are replaced as a whole.' }),
    type: t.string({ description: 'Ignored (sla).' }),
    fieldId: t.string({ required: true }),
    matchType: t.string({ required: true }),
    value: t.string(),
  }),
});

const SlaPolicyInput = builder.inputType('SLAPolicyInput', {
  fields: (t) => ({
    enable: t.boolean({ description: 'Default true.' }),
    firstRespondWithin: t.int({ description: 'Whole hours, at least 1 (required on create).' }),
    nextRespondWithin: t.int({ description: 'Whole hours, at least 1 (required on create).' }),
    resolveRespondWithin: t.int({ description: 'Whole hours, at least 1 (required on create).' }),
    businessHours: t.string({ description: 'true / businessHours (default) or false / calenderHours.' }),
    conditions: t.field({ type: [SlaConditionInput], description: 'Replaces the conditions when given.' }),
    when: t.string({ description: 'all (default), any or logicalExpression.' }),
    logicExpression: t.string(),
  }),
});

const admin = { admin: true } as const;
const reader = { agent: true, integration: true } as const;

builder.queryFields((t) => ({
  slaPolicies: t.field({
    type: [SlaPolicyRef],
    description: 'Every SLA policy in orderIndex order.',
    authScopes: reader,
    resolve: (_root, _args, ctx) => listPolicies(ctx.prisma),
  }),
  slaPolicy: t.field({
    type: SlaPolicyRef,
    authScopes: reader,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findPolicy(ctx.prisma, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createSlaPolicy: t.field({
    type: SlaPolicyRef,
    description: 'Adds a policy at the end of the order.',
    authScopes: admin,
    args: { input: t.arg({ type: SlaPolicyInput, required: true }) },
    resolve: (_root, args, ctx) => createPolicy(ctx, args.input),
  }),
  updateSlaPolicy: t.field({
    type: SlaPolicyRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: SlaPolicyInput, required: true }) },
    resolve: (_root, args, ctx) => updatePolicy(ctx, String(args.id), args.input),
  }),
  sortSlaPolicy: t.field({
    type: SlaPolicyRef,
    description: 'Moves the policy one place up (tried earlier) or down; past either end a no-op.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), type: t.arg.string({ required: true, description: 'up or down.' }) },
    resolve: (_root, args, ctx) => sortPolicy(ctx, String(args.id), args.type),
  }),
  deleteSlaPolicy: t.field({
    type: SlaPolicyRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deletePolicy(ctx, String(args.id)),
  }),
}));

// ─── Outcomes on the conversation ──────────────────────────────────────────

const outcomesByConversation = defineSqlLoader<number, SlaOutcome[], SlaOutcome>('slaOutcomesByConversation', {
  sql: (_env, ids) => Prisma.sql`
    SELECT o.* FROM "SlaOutcome" o WHERE o."conversationId" = ANY(${[...ids]}::int[]) ORDER BY o."startedAt", o."target"`,
  model: 'SlaOutcome',
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.conversationId),
});

const SlaOutcomeRef = builder.objectRef<SlaOutcome>('SLAOutcome').implement({
  description: 'One decided SLA wait of a conversation: achieved or breached, and the time taken in the policy\'s hours.',
  fields: (t) => ({
    target: t.exposeString('target', { description: 'firstRespond, nextRespond or resolve.' }),
    policyId: t.string({ nullable: true, description: 'The policy it was measured under.', resolve: (o) => (o.policyId === null ? null : String(o.policyId)) }),
    startedAt: t.expose('startedAt', { type: 'DateTime', description: 'When the wait began: creation, or the contact message (nextRespond).' }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true, description: 'The breach instant; null when the clock stopped before reaching it.' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true, description: 'The agent response (resolve: the close); null while still waiting (then breached).' }),
    elapsedSeconds: t.exposeInt('elapsedSeconds', { nullable: true, description: "Time taken in the policy's hours (working time for business hours), once ended." }),
    breached: t.exposeBoolean('breached', { description: 'true: the target was missed; false: achieved.' }),
  }),
});

builder.objectField(ConversationRef, 'slaOutcomes', (t) =>
  t.field({
    type: [SlaOutcomeRef],
    description: 'The SLA outcomes decided so far under the current policy, oldest wait first.',
    resolve: (conversation, _args, ctx) => ctx.loader(outcomesByConversation).load(conversation.id),
  }),
);
