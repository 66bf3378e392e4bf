/** Routing rules over REST, as documented under "# RoutingRules" (delete is DELETE: the spec's PUT collides with update). */
import { pick, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListRoutingRulesQuery } from '../../generated/rest-operations.js';

const CustomRuleFields = /* GraphQL */ `
  fragment CustomRuleFields on RoutingCustomRule {
    id
    routeId
    orderIndex
    enable
    name
    conditions {
      when
      logicExpression
      list {
        id
        type
        fieldId
        matchType
        value
      }
    }
    routeType
    routeToId
    routeToPriority
  }
`;

const RoutingSettingFields = /* GraphQL */ `
  fragment RoutingSettingFields on RoutingSetting {
    id
    enable
    type
    simpleRouteType
    simpleRouteToId
    simpleRouteToPriority
    rules {
      ...CustomRuleFields
    }
    matchFailedType
    matchFailedrouteToId
    matchFailedToPriority
  }
`;

/** JSON callers write ids as numbers; the inputs take strings. */
const asText = (value: unknown) => (typeof value === 'number' ? String(value) : value);

function settingInput(body: Record<string, unknown>) {
  const input = pick(body, [
    'enable', 'type', 'simpleRouteType', 'simpleRouteToId', 'simpleRoutePriority', 'simpleRouteToPriority',
    'matchFailedType', 'matchFailedToId', 'matchFailedrouteToId', 'matchFailedToPriority',
  ]);
  for (const key of ['simpleRouteToId', 'matchFailedToId', 'matchFailedrouteToId']) if (key in input) input[key] = asText(input[key]);
  return input;
}

/** The custom rule, bare or wrapped as `{ customRule: {...} }` (the spec's parameter name). */
function ruleInput(body: Record<string, unknown>) {
  const source = body.customRule && typeof body.customRule === 'object' && !Array.isArray(body.customRule) ? (body.customRule as Record<string, unknown>) : body;
  const input = pick(source, ['name', 'enable', 'routeType', 'routeToId', 'routeToPriority', 'conditions']);
  if ('routeToId' in input) input.routeToId = asText(input.routeToId);
  const conditions = input.conditions;
  if (conditions && typeof conditions === 'object' && !Array.isArray(conditions)) {
    const c = pick(conditions as Record<string, unknown>, ['when', 'logicExpression', 'logicalExpression', 'list']);
    if (Array.isArray(c.list)) {
      c.list = c.list.map((item) =>
        item && typeof item === 'object' ? { ...pick(item as Record<string, unknown>, ['id', 'type', 'fieldId', 'matchType']), value: asText((item as Record<string, unknown>).value) ?? '' } : item,
      );
      c.list = (c.list as Record<string, unknown>[]).map((item) => (typeof item?.value === 'boolean' ? { ...item, value: String(item.value) } : item));
    }
    input.conditions = c;
  }
  return input;
}

const withRule = (operation: string) => withFragments(operation, CustomRuleFields);
const withSetting = (operation: string) => withFragments(operation, RoutingSettingFields, CustomRuleFields);

export const routingRuleRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/routingRules',
    document: withSetting(/* GraphQL */ `
      query RestListRoutingRules {
        routingRules {
          ...RoutingSettingFields
        }
      }
    `),
    shape: (data: RestListRoutingRulesQuery) => ({ routingRules: data.routingRules }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/routingRules/enable',
    document: /* GraphQL */ `
      mutation RestEnableRoutingRules($enable: Boolean!) {
        setRoutingRulesEnabled(enable: $enable) {
          id
        }
      }
    `,
    variables: ({ body }) => ({ enable: body.enable }),
    status: 204,
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/routingRules/customRules',
    document: withRule(/* GraphQL */ `
      mutation RestCreateRoutingCustomRule($input: RoutingCustomRuleInput!) {
        createRoutingCustomRule(input: $input) {
          ...CustomRuleFields
        }
      }
    `),
    variables: ({ body }) => ({ input: ruleInput(body) }),
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/routingRules/customRules/{id}',
    document: withRule(/* GraphQL */ `
      query RestGetRoutingCustomRule($id: ID!) {
        routingCustomRule(id: $id) {
          ...CustomRuleFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/routingRules/customRules/{id}/enable',
    document: withRule(/* GraphQL */ `
      mutation RestEnableRoutingCustomRule($id: ID!, $enable: Boolean!) {
        setRoutingCustomRuleEnabled(id: $id, enable: $enable) {
          ...CustomRuleFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, enable: body.enable }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/routingRules/customRules/{id}/sort',
    document: /* GraphQL */ `
      mutation RestSortRoutingCustomRule($id: ID!, $type: String!) {
        sortRoutingCustomRule(id: $id, type: $type) {
          id
        }
      }
    `,
    variables: ({ params, body, query }) => ({ id: params.id, type: body.type ?? query.get('type') }),
    status: 204,
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/routingRules/customRules/{id}',
    document: withRule(/* GraphQL */ `
      mutation RestUpdateRoutingCustomRule($id: ID!, $input: RoutingCustomRuleInput!) {
        updateRoutingCustomRule(id: $id, input: $input) {
          ...CustomRuleFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: ruleInput(body) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/anytime/routingRules/customRules/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteRoutingCustomRule($id: ID!) {
        deleteRoutingCustomRule(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/routingRules/{id}',
    document: withSetting(/* GraphQL */ `
      mutation RestUpdateRoutingRule($id: ID!, $input: RoutingSettingInput!) {
        updateRoutingRule(id: $id, input: $input) {
          ...RoutingSettingFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: settingInput(body) }),
  },
]);
