/**
 * SLA policies over REST, as documented under "# SLAPolicies" (v2 paths), with the same routes
 * under /api/v3/anytime/SLAPolicies and sorting at PUT …/SLAPolicies/{id}/sort (the spec's sort
 * path names triggers: an evident copy slip).
 */
import { pick, restRoutes, withFragments, type RestRoute } from '../../rest/route.js';

const SlaPolicyFields = /* GraphQL */ `
  fragment SlaPolicyFields on SLAPolicy {
    id
    enable
    firstRespondWithin
    nextRespondWithin
    resolveRespondWithin
    businessHours
    conditions {
      id
      type
      fieldId
      matchType
      value
    }
    when
    logicExpression
    orderIndex
  }
`;

const withPolicy = (operation: string) => withFragments(operation, SlaPolicyFields);

/** The body as the input: booleans of businessHours as strings, condition values as strings, the object form of conditions unwrapped. */
function policyInput(body: Record<string, unknown>) {
  const input = pick(body, ['enable', 'firstRespondWithin', 'nextRespondWithin', 'resolveRespondWithin', 'businessHours', 'conditions', 'when', 'logicExpression']);
  if (typeof input.businessHours === 'boolean') input.businessHours = String(input.businessHours);
  if (input.conditions && typeof input.conditions === 'object' && !Array.isArray(input.conditions)) {
    const c = input.conditions as Record<string, unknown>;
    input.conditions = c.list ?? [];
    if (c.when !== undefined) input.when = c.when;
    if (c.logicExpression !== undefined || c.logicalExpression !== undefined) input.logicExpression = c.logicExpression ?? c.logicalExpression;
  }
  if (Array.isArray(input.conditions)) {
    input.conditions = input.conditions.map((item) => {
      if (!item || typeof item !== 'object') return item;
      const c = pick(item as Record<string, unknown>, ['id', 'type', 'fieldId', 'matchType', 'value']);
      if (typeof c.value === 'number' || typeof c.value === 'boolean') c.value = String(c.value);
      if (typeof c.id === 'number') c.id = String(c.id);
      return c;
    });
  }
  return input;
}

const routesAt = (base: string): RestRoute[] => [
  {
    method: 'GET',
    path: base,
    document: withPolicy(/* GraphQL */ `
      query RestListSlaPolicies {
        slaPolicies {
          ...SlaPolicyFields
        }
      }
    `),
    shape: (data: { slaPolicies: unknown[] }) => ({ SLAPolicies: data.slaPolicies }),
  },
  {
    method: 'GET',
    path: `${base}/{id}`,
    document: withPolicy(/* GraphQL */ `
      query RestGetSlaPolicy($id: ID!) {
        slaPolicy(id: $id) {
          ...SlaPolicyFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: base,
    document: withPolicy(/* GraphQL */ `
      mutation RestCreateSlaPolicy($input: SLAPolicyInput!) {
        createSlaPolicy(input: $input) {
          ...SlaPolicyFields
        }
      }
    `),
    variables: ({ body }) => ({ input: policyInput(body) }),
  },
  {
    method: 'PUT',
    path: `${base}/{id}/sort`,
    document: /* GraphQL */ `
      mutation RestSortSlaPolicy($id: ID!, $type: String!) {
        sortSlaPolicy(id: $id, type: $type) {
          id
        }
      }
    `,
    variables: ({ params, body, query }) => ({ id: params.id, type: body.type ?? query.get('type') ?? '' }),
    status: 204,
  },
  {
    method: 'PUT',
    path: `${base}/{id}`,
    document: withPolicy(/* GraphQL */ `
      mutation RestUpdateSlaPolicy($id: ID!, $input: SLAPolicyInput!) {
        updateSlaPolicy(id: $id, input: $input) {
          ...SlaPolicyFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: policyInput(body) }),
  },
  {
    method: 'DELETE',
    path: `${base}/{id}`,
    document: /* GraphQL */ `
      mutation RestDeleteSlaPolicy($id: ID!) {
        deleteSlaPolicy(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
];

export const slaPolicyRoutes = restRoutes([...routesAt('/api/v2/anytime/SLAPolicies'), ...routesAt('/api/v3/anytime/SLAPolicies')]);
