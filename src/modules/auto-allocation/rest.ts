/** Auto allocation over REST, as documented under "# AutoAllocation". */
import { pick, restRoutes, withFragments } from '../../rest/route.js';

const AllocationFields = /* GraphQL */ `
  fragment AutoAllocationFields on AutoAllocationSetting {
    enable
    departmentAllocationRule {
      departmentId
      departmentName
      allocationRule
      preferLastAssignee
    }
    defaultRule
    defaultPreferLastAssignee
    setMaxNumberForEachAgent
    maxNumberForAllAgents
    agentPreferences {
      agentId
      maxConcurrentCount
      ifAcceptAllocation
    }
    excludePendingExternal
    excludeOnHold
  }
`;

const asText = (value: unknown) => (typeof value === 'number' ? String(value) : value);
const list = (value: unknown, id: string, names: string[]) =>
  Array.isArray(value) ? value.map((item) => (item && typeof item === 'object' ? { ...pick(item as Record<string, unknown>, names), [id]: asText((item as Record<string, unknown>)[id]) } : item)) : value;

function settingsInput(body: Record<string, unknown>) {
  const input = pick(body, [
    'enable', 'defaultRule', 'defaultPreferLastAssignee', 'setMaxNumberForEachAgent', 'maxNumberForAllAgents', 'excludePendingExternal', 'excludeOnHold',
    'allocationRuleSettings', 'departmentAllocationRule', 'allocationAgentPreferences', 'agentPreferences',
  ]);
  for (const key of ['allocationRuleSettings', 'departmentAllocationRule']) if (key in input) input[key] = list(input[key], 'departmentId', ['departmentName', 'allocationRule', 'preferLastAssignee']);
  for (const key of ['allocationAgentPreferences', 'agentPreferences']) if (key in input) input[key] = list(input[key], 'agentId', ['maxConcurrentCount', 'ifAcceptAllocation']);
  return input;
}

export const autoAllocationRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/autoAllocation',
    document: withFragments(/* GraphQL */ `
      query RestGetAutoAllocation {
        autoAllocation {
          ...AutoAllocationFields
        }
      }
    `, AllocationFields),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/autoAllocation/enable',
    document: /* GraphQL */ `
      mutation RestEnableAutoAllocation($enable: Boolean!) {
        setAutoAllocationEnabled(enable: $enable) {
          enable
        }
      }
    `,
    variables: ({ body }) => ({ enable: body.enable }),
    status: 204,
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/autoAllocation',
    document: withFragments(/* GraphQL */ `
      mutation RestUpdateAutoAllocation($input: AutoAllocationSettingInput!) {
        updateAutoAllocation(input: $input) {
          ...AutoAllocationFields
        }
      }
    `, AllocationFields),
    variables: ({ body }) => ({ input: settingsInput(body) }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/agents/me/status',
    document: /* GraphQL */ `
      mutation RestSetMyOnlineStatus($isOnline: Boolean!, $ifAcceptAllocation: Boolean) {
        setMyOnlineStatus(isOnline: $isOnline, ifAcceptAllocation: $ifAcceptAllocation) {
          id: databaseId
          isOnline
        }
      }
    `,
    variables: ({ body }) => ({ isOnline: body.isOnline, ifAcceptAllocation: body.ifAcceptAllocation }),
  },
]);
