/** Auto allocation settings in GraphQL: the same operations as REST (spec "# AutoAllocation"). */
import { builder } from '../../graphql/builder.js';
import { forbidden } from '../../graphql/errors.js';
import { inTransaction } from '../../engine/write.js';
import { getAllocationSettings, setAllocationEnabled, updateAllocationSettings, type AllocationSettings } from './service.js';

type DepartmentRule = AllocationSettings['departmentAllocationRule'][number];
type AgentPreference = AllocationSettings['agentPreferences'][number];

const DepartmentRuleRef = builder.objectRef<DepartmentRule>('AllocationDepartmentRule').implement({
  fields: (t) => ({
    departmentId: t.string({ resolve: (r) => String(r.departmentId) }),
    departmentName: t.exposeString('departmentName', { nullable: true }),
    allocationRule: t.exposeString('allocationRule', { description: 'loadBalancing or roundRobin.' }),
    preferLastAssignee: t.exposeBoolean('preferLastAssignee'),
  }),
});

const AgentPreferenceRef = builder.objectRef<AgentPreference>('AllocationAgentPreference').implement({
  fields: (t) => ({
    agentId: t.string({ resolve: (p) => String(p.agentId) }),
    maxConcurrentCount: t.exposeInt('maxConcurrentCount'),
    ifAcceptAllocation: t.exposeBoolean('ifAcceptAllocation'),
  }),
});

const AllocationSettingsRef = builder.objectRef<AllocationSettings>('AutoAllocationSetting').implement({
  fields: (t) => ({
    enable: t.exposeBoolean('enable'),
    departmentAllocationRule: t.field({ type: [DepartmentRuleRef], resolve: (s) => s.departmentAllocationRule }),
    defaultRule: t.exposeString('defaultRule', { description: 'loadBalancing or roundRobin.' }),
    defaultPreferLastAssignee: t.exposeBoolean('defaultPreferLastAssignee'),
    setMaxNumberForEachAgent: t.exposeBoolean('setMaxNumberForEachAgent'),
    maxNumberForAllAgents: t.exposeInt('maxNumberForAllAgents'),
    agentPreferences: t.field({ type: [AgentPreferenceRef], resolve: (s) => s.agentPreferences }),
    excludePendingExternal: t.exposeBoolean('excludePendingExternal'),
    excludeOnHold: t.exposeBoolean('excludeOnHold'),
  }),
});

const DepartmentRuleInput = builder.inputType('AllocationDepartmentRuleInput', {
  fields: (t) => ({
    departmentId: t.string({ required: true }),
    departmentName: t.string({ description: 'Ignored.' }),
    allocationRule: t.string({ required: true, description: 'loadBalancing or roundRobin.' }),
    preferLastAssignee: t.boolean(),
  }),
});

const AgentPreferenceInput = builder.inputType('AllocationAgentPreferenceInput', {
  fields: (t) => ({
    agentId: t.string({ required: true }),
    maxConcurrentCount: t.int(),
    ifAcceptAllocation: t.boolean(),
  }),
});

const AllocationSettingsInput = builder.inputType('AutoAllocationSettingInput', {
  fields: (t) => ({
    enable: t.boolean(),
    defaultRule: t.string({ description: 'loadBalancing or roundRobin.' }),
    defaultPreferLastAssignee: t.boolean(),
    setMaxNumberForEachAgent: t.boolean(),
    maxNumberForAllAgents: t.int(),
    excludePendingExternal: t.boolean(),
    excludeOnHold: t.boolean(),
    allocationRuleSettings: t.field({ type: [DepartmentRuleInput], description: 'Replaces the department rules.' }),
    departmentAllocationRule: t.field({ type: [DepartmentRuleInput], description: 'Same as allocationRuleSettings (the object’s name).' }),
    allocationAgentPreferences: t.field({ type: [AgentPreferenceInput], description: 'Sets the listed agents’ preferences.' }),
    agentPreferences: t.field({ type: [AgentPreferenceInput], description: 'Same as allocationAgentPreferences (the object’s name).' }),
  }),
});

builder.queryFields((t) => ({
  autoAllocation: t.field({
    type: AllocationSettingsRef,
    authScopes: { agent: true, integration: true },
    resolve: (_root, _args, ctx) => getAllocationSettings(ctx.prisma),
  }),
}));

builder.mutationFields((t) => ({
  setAutoAllocationEnabled: t.field({
    type: AllocationSettingsRef,
    authScopes: { admin: true },
    args: { enable: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => setAllocationEnabled(ctx, args.enable),
  }),
  updateAutoAllocation: t.field({
    type: AllocationSettingsRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: AllocationSettingsInput, required: true }) },
    resolve: (_root, args, ctx) => updateAllocationSettings(ctx, args.input),
  }),
}));

// An agent sets its own online status (and whether it accepts allocation): the spec has no endpoint
// for it; REST: PUT /api/v3/anytime/agents/me/status.
builder.mutationFields((t) => ({
  setMyOnlineStatus: t.prismaField({
    type: 'Agent',
    authScopes: { agent: true },
    args: { isOnline: t.arg.boolean({ required: true }), ifAcceptAllocation: t.arg.boolean() },
    resolve: async (query, _root, args, ctx) => {
      const agentId = ctx.viewer.kind === 'agent' ? ctx.viewer.agentId : null;
      if (agentId === null) throw forbidden('Only an agent has an online status');
      return inTransaction(ctx, async (tx, emit) => {
        const fields = ['isOnline'];
        if (args.ifAcceptAllocation !== undefined && args.ifAcceptAllocation !== null) {
          await tx.allocationAgentPreference.upsert({ where: { agentId }, create: { agentId, ifAcceptAllocation: args.ifAcceptAllocation }, update: { ifAcceptAllocation: args.ifAcceptAllocation } });
          fields.push('ifAcceptAllocation');
        }
        // Auto allocation listens: an agent coming online or accepting again is capacity.
        emit({ type: 'agent.updated', payload: { agentId, fields } });
        return tx.agent.update({ ...query, where: { id: agentId }, data: { isOnline: args.isOnline } });
      });
    },
  }),
}));
