/** Routing rules in GraphQL: the same operations as REST (spec "# RoutingRules"). */
import { builder } from '../../graphql/builder.js';
import {
  createCustomRule, deleteCustomRule, findCustomRule, getRoutingSetting, setCustomRuleEnabled, setRoutingEnabled, sortCustomRule,
  updateCustomRule, updateRoutingSetting, type CustomRuleRow, type RoutingSettingRow,
} from './service.js';

type ConditionRow = CustomRuleRow['conditions'][number];

const RoutingConditionRef = builder.objectRef<ConditionRow>('RoutingCondition').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    type: t.string({ description: 'The owner type in the condition store: routingRule.', resolve: (condition) => condition.ownerType }),
    fieldId: t.exposeString('fieldId'),
    matchType: t.exposeString('matchType'),
    value: t.exposeString('value'),
  }),
});

const RoutingConditionsRef = builder.objectRef<CustomRuleRow>('RoutingConditions').implement({
  fields: (t) => ({
    when: t.exposeString('when', { description: 'all, any or logicalExpression.' }),
    logicExpression: t.exposeString('logicalExpression', { nullable: true }),
    list: t.field({ type: [RoutingConditionRef], resolve: (rule) => rule.conditions }),
  }),
});

export const CustomRuleRef = builder.objectRef<CustomRuleRow>('RoutingCustomRule').implement({
  fields: (t) => ({
    id: t.string({ resolve: (rule) => String(rule.id) }),
    routeId: t.string({ resolve: (rule) => String(rule.routeId) }),
    orderIndex: t.exposeInt('orderIndex'),
    enable: t.exposeBoolean('enable'),
    name: t.exposeString('name'),
    conditions: t.field({ type: RoutingConditionsRef, resolve: (rule) => rule },),
    routeType: t.exposeString('routeType', { description: 'agent or department.' }),
    routeToId: t.string({ resolve: (rule) => String(rule.routeToId) }),
    routeToPriority: t.exposeString('routeToPriority', { nullable: true, description: 'urgent, high, normal or low.' }),
  }),
});

const idOrNull = (id: number | null) => (id === null ? null : String(id));

export const RoutingSettingRef = builder.objectRef<RoutingSettingRow>('RoutingSetting').implement({
  description: 'The routing settings (one per site) and its custom rules in orderIndex order.',
  fields: (t) => ({
    id: t.string({ resolve: (s) => String(s.id) }),
    enable: t.exposeBoolean('enable'),
    type: t.exposeString('type', { description: 'simple or rules.' }),
    simpleRouteType: t.exposeString('simpleRouteType', { nullable: true }),
    simpleRouteToId: t.string({ nullable: true, resolve: (s) => idOrNull(s.simpleRouteToId) }),
    simpleRouteToPriority: t.exposeString('simpleRouteToPriority', { nullable: true }),
    rules: t.field({ type: [CustomRuleRef], resolve: (s) => s.customRules }),
    matchFailedType: t.exposeString('matchFailedType', { nullable: true }),
    matchFailedrouteToId: t.string({ nullable: true, description: 'The spec’s spelling.', resolve: (s) => idOrNull(s.matchFailedToId) }),
    matchFailedToPriority: t.exposeString('matchFailedToPriority', { nullable: true }),
  }),
});

const RoutingConditionInput = builder.inputType('RoutingConditionInput', {
  fields: (t) => ({
    id: t.string({ description: 'Ignored: conditions are replaced as a whole.' }),
    type: t.string({ description: 'Ignored (routingRule).' }),
    fieldId: t.string({ required: true }),
    matchType: t.string({ required: true }),
    value: t.string(),
  }),
});

const RoutingConditionsInput = builder.inputType('RoutingConditionsInput', {
  fields: (t) => ({
    when: t.string({ description: 'all (default), any or logicalExpression.' }),
    logicExpression: t.string(),
    logicalExpression: t.string({ description: 'Same as logicExpression.' }),
    list: t.field({ type: [RoutingConditionInput] }),
  }),
});

// Enumerated values are strings checked by the service, so a wrong one is a 400 naming the field.
const RoutingSettingInput = builder.inputType('RoutingSettingInput', {
  fields: (t) => ({
    enable: t.boolean(),
    type: t.string({ description: 'simple or rules (customRules is accepted too).' }),
    simpleRouteType: t.string({ description: 'agent or department.' }),
    simpleRouteToId: t.string(),
    simpleRoutePriority: t.string({ description: 'urgent, high, normal or low.' }),
    simpleRouteToPriority: t.string({ description: 'Same as simpleRoutePriority (the object’s name).' }),
    matchFailedType: t.string({ description: 'agent or department.' }),
    matchFailedToId: t.string(),
    matchFailedrouteToId: t.string({ description: 'Same as matchFailedToId (the object’s spelling).' }),
    matchFailedToPriority: t.string(),
  }),
});

const CustomRuleInput = builder.inputType('RoutingCustomRuleInput', {
  fields: (t) => ({
    name: t.string(),
    enable: t.boolean({ description: 'Default true.' }),
    routeType: t.string({ description: 'agent or department.' }),
    routeToId: t.string(),
    routeToPriority: t.string({ description: 'urgent, high, normal or low.' }),
    conditions: t.field({ type: RoutingConditionsInput }),
  }),
});

const admin = { admin: true } as const;
const reader = { agent: true, integration: true } as const;

builder.queryFields((t) => ({
  routingRules: t.field({
    type: [RoutingSettingRef],
    description: 'The routing settings: a list of one, as the spec lists them.',
    authScopes: reader,
    resolve: async (_root, _args, ctx) => [await getRoutingSetting(ctx.prisma)],
  }),
  routingCustomRule: t.field({
    type: CustomRuleRef,
    authScopes: reader,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => findCustomRule(ctx.prisma, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  setRoutingRulesEnabled: t.field({
    type: RoutingSettingRef,
    authScopes: admin,
    args: { enable: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => setRoutingEnabled(ctx, args.enable),
  }),
  updateRoutingRule: t.field({
    type: RoutingSettingRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: RoutingSettingInput, required: true }) },
    resolve: (_root, args, ctx) => updateRoutingSetting(ctx, String(args.id), args.input),
  }),
  createRoutingCustomRule: t.field({
    type: CustomRuleRef,
    authScopes: admin,
    args: { input: t.arg({ type: CustomRuleInput, required: true }) },
    resolve: (_root, args, ctx) => createCustomRule(ctx, args.input),
  }),
  updateRoutingCustomRule: t.field({
    type: CustomRuleRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: CustomRuleInput, required: true }) },
    resolve: (_root, args, ctx) => updateCustomRule(ctx, String(args.id), args.input),
  }),
  setRoutingCustomRuleEnabled: t.field({
    type: CustomRuleRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), enable: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => setCustomRuleEnabled(ctx, String(args.id), args.enable),
  }),
  sortRoutingCustomRule: t.field({
    type: CustomRuleRef,
    description: 'Moves the rule one place up or down; past either end a no-op.',
    authScopes: admin,
    args: { id: t.arg.id({ required: true }), type: t.arg.string({ required: true, description: 'up or down.' }) },
    resolve: (_root, args, ctx) => sortCustomRule(ctx, String(args.id), args.type),
  }),
  deleteRoutingCustomRule: t.field({
    type: CustomRuleRef,
    authScopes: admin,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteCustomRule(ctx, String(args.id)),
  }),
}));
