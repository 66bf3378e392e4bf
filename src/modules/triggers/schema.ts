/** Triggers in GraphQL: the same operations as REST (spec "# Triggers"). */
import { builder } from '../../graphql/builder.js';
import { AttachmentRef } from '../attachments/types.js';
import {
  createTrigger, deleteTrigger, EMAIL_PLACEHOLDERS, findTrigger, listTriggers, setTriggerEnabled, sortTrigger, TRIGGER_EVENTS, updateTrigger,
  type TriggerRow,
} from './service.js';

type ConditionRow = TriggerRow['conditions'][number];
type AutoUpdateRow = TriggerRow['autoUpdates'][number];

const TriggerConditionRef = builder.objectRef<ConditionRow>('TriggerCondition').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    type: t.string({ description: 'The owner type in the condition store: trigger.', resolve: (condition) => condition.ownerType }),
    fieldId: t.exposeString('fieldId'),
    matchType: t.exposeString('matchType'),
    value: t.exposeString('value'),
  }),
});

const TriggerConditionsRef = builder.objectRef<TriggerRow>('TriggerConditions').implement({
  description: 'The conditions as routing rules write them: { when, logicExpression, list }.',
  fields: (t) => ({
    when: t.exposeString('when', { description: 'all, any or logicalExpression.' }),
    logicExpression: t.exposeString('logicalExpression', { nullable: true }),
    list: t.field({ type: [TriggerConditionRef], resolve: (trigger) => trigger.conditions }),
  }),
});

const AutoUpdateRef = builder.objectRef<AutoUpdateRow>('TriggerAutoUpdate').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    triggerId: t.string({ resolve: (row) => String(row.triggerId) }),
    fieldId: t.exposeString('fieldId'),
    value: t.exposeString('value'),
  }),
});

export const TriggerRef = builder.objectRef<TriggerRow>('Trigger').implement({
  description: `An automation rule run on conversation events, in orderIndex order. Email placeholders: ${EMAIL_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`,
  fields: (t) => ({
    id: t.string({ resolve: (trigger) => String(trigger.id) }),
    description: t.exposeString('description'),
    enable: t.exposeBoolean('enable'),
    event: t.exposeString('event', { description: TRIGGER_EVENTS.join(', ') + '.' }),
    statusDuration: t.exposeInt('statusDuration', { nullable: true, description: 'Minutes (at least 5), only with conversationStatusLastForCertainTime.' }),
    conditions: t.field({ type: [TriggerConditionRef], description: 'The spec’s condition array (combined by `when`).', resolve: (trigger) => trigger.conditions }),
    when: t.exposeString('when', { description: 'How the conditions combine: all, any or logicalExpression.' }),
    logicExpression: t.exposeString('logicalExpression', { nullable: true }),
    conditionSet: t.field({ type: TriggerConditionsRef, description: 'The same conditions as { when, logicExpression, list }.', resolve: (trigger) => trigger }),
    setValue: t.exposeBoolean('setValue'),
    autoUpdate: t.field({ type: [AutoUpdateRef], resolve: (trigger) => trigger.autoUpdates }),
    sendEmail: t.exposeBoolean('sendEmail', { description: 'Send an email (README "Triggers", "Outgoing email").' }),
    sendToContacts: t.exposeBoolean('sendToContacts'),
    sendToAgents: t.exposeBoolean('sendToAgents'),
    toAgents: t.intList({ resolve: (trigger) => trigger.toAgents }),
    subject: t.exposeString('subject', { nullable: true }),
    htmlText: t.exposeString('htmlText', { nullable: true }),
    plainText: t.exposeString('plainText', { nullable: true }),
    attachment: t.field({ type: AttachmentRef, nullable: true, resolve: (trigger) => trigger.attachment }),
    showInConversationCorrespondences: t.exposeBoolean('showInConversationCorrespondences'),
    orderIndex: t.exposeInt('orderIndex'),
  }),
});

const TriggerConditionInput = builder.inputType('TriggerConditionInput', {
  fields: (t) => ({
    id: t.string({ description: 'Ignored: conditions are replaced as a whole.' }),
    type: t.string({ description: 'Ignored (trigger).' }),
    fieldId: t.string({ required: true }),
    matchType: t.string({ required: true }),
    value: t.string(),
  }),
});

const TriggerConditionsInput = builder.inputType('TriggerConditionsInput', {
  fields: (t) => ({
    when: t.string({ description: 'all (default), any or logicalExpression.' }),
    logicExpression: t.string(),
    logicalExpression: t.string({ description: 'Same as logicExpression.' }),
    list: t.field({ type: [TriggerConditionInput] }),
  }),
});

const AutoUpdateInput = builder.inputType('TriggerAutoUpdateInput', {
  fields: (t) => ({
    id: t.string({ description: 'Ignored: autoUpdate is replaced as a whole.' }),
    triggerId: t.string({ description: 'Ignored.' }),
    fieldId: t.string({ required: true, description: 'A field id (system fields also by key: status, priority, assignedAgent, assignedDepartment, tags).' }),
    value: t.string(),
  }),
});

// Enumerated values are strings checked by the service, so a wrong one is a 400 naming the field.
const TriggerInput = builder.inputType('TriggerInput', {
  fields: (t) => ({
    description: t.string(),
    enable: t.boolean({ description: 'Default true.' }),
    event: t.string({ description: TRIGGER_EVENTS.join(', ') + '.' }),
    statusDuration: t.int({ description: 'Minutes, at least 5; only with conversationStatusLastForCertainTime.' }),
    conditions: t.field({ type: TriggerConditionsInput, description: 'REST also takes the spec’s condition array.' }),
    setValue: t.boolean(),
    autoUpdate: t.field({ type: [AutoUpdateInput] }),
    sendEmail: t.boolean(),
    sendToContacts: t.boolean(),
    sendToAgents: t.boolean(),
    toAgents: t.stringList({ description: 'Agent ids.' }),
    subject: t.string(),
    htmlText: t.string(),
    plainText: t.string(),
    attachmentId: t.string({ description: 'The guid of an uploaded attachment (REST: attachment: { id }).' }),
    showInConversationCorrespondences: t.boolean(),
  }),
});

const admin = { admin: true } as const;
const reader = { agent: true, integration: true } as const;

builder.queryFields((t) => ({
  triggers: t.field({
    type: [TriggerRef],
    description: 'Every trigger in orderIndex order.',
    authScopes: reader,
    resolve: (_root, _args, ctx) => listTriggers(ctx.prisma),
  }),
  trigger: t.field({
    type: TriggerRef,
    authScopes: reader,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findTrigger(ctx.prisma, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createTrigger: t.field({
    type: TriggerRef,
    authScopes: admin,
    args: { input: t.arg({ type: TriggerInput, required: true }) },
    resolve: (_root, args, ctx) => createTrigger(ctx, args.input),
  }),
  updateTrigger: t.field({
    type: TriggerRef,
    description: 'Updates a trigger (admins): changes what the input gives; the rest is kept.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: TriggerInput, required: true }) },
    resolve: (_root, args, ctx) => updateTrigger(ctx, String(args.id), args.input),
  }),
  setTriggerEnabled: t.field({
    type: TriggerRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), enable: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => setTriggerEnabled(ctx, String(args.id), args.enable),
  }),
  sortTrigger: t.field({
    type: TriggerRef,
    description: 'Moves the trigger one place up (runs earlier) or down; past either end a no-op.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), type: t.arg.string({ required: true, description: 'up or down.' }) },
    resolve: (_root, args, ctx) => sortTrigger(ctx, String(args.id), args.type),
  }),
  deleteTrigger: t.field({
    type: TriggerRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteTrigger(ctx, String(args.id)),
  }),
}));
