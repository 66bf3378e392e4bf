/** Filters over REST, as documented under "# Filters". */
import { pick, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListFiltersQuery } from '../../generated/rest-operations.js';

const FilterSummaryFields = /* GraphQL */ `
  fragment FilterSummaryFields on Filter {
    id: databaseId
    name
    isPrivate
    createdById
    when
    logicalExpression
  }
`;

export const FilterFields = /* GraphQL */ `
  fragment FilterFields on Filter {
    ...FilterSummaryFields
    conditions {
      id
      fieldId
      matchType
      value
    }
  }
`;

const filterInput = ['name', 'isPrivate', 'when', 'logicalExpression', 'logicExpression', 'conditions'] as const;

/** JSON callers write numbers and booleans as such (`"value": 5`); the condition value is a string. */
function withStringValue(condition: Record<string, unknown>) {
  const value = condition.value;
  return typeof value === 'number' || typeof value === 'boolean' ? { ...condition, value: String(value) } : condition;
}

/** Conditions as documented: `{ id, fieldId, matchType, value }` (a missing value is ""). */
function conditionsInput(body: Record<string, unknown>) {
  const input = pick(body, filterInput);
  if (Array.isArray(input.conditions)) {
    input.conditions = input.conditions.map((c) =>
      c && typeof c === 'object' ? withStringValue(pick(c as Record<string, unknown>, ['id', 'fieldId', 'matchType', 'value'])) : c,
    );
  }
  return input;
}

export const filterRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/filters',
    document: withFragments(
      /* GraphQL */ `
        query RestListFilters {
          filters {
            ...FilterSummaryFields
          }
        }
      `,
      FilterSummaryFields,
    ),
    shape: (data: RestListFiltersQuery) => data.filters,
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/filters/{id}',
    document: withFragments(
      /* GraphQL */ `
        query RestGetFilter($id: ID!) {
          filter(id: $id) {
            ...FilterFields
          }
        }
      `,
      FilterFields,
      FilterSummaryFields,
    ),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/filters',
    document: withFragments(
      /* GraphQL */ `
        mutation RestCreateFilter($input: FilterInput!) {
          createFilter(input: $input) {
            ...FilterFields
          }
        }
      `,
      FilterFields,
      FilterSummaryFields,
    ),
    variables: ({ body }) => ({ input: conditionsInput(body) }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/filters/{id}',
    document: withFragments(
      /* GraphQL */ `
        mutation RestUpdateFilter($id: ID!, $input: FilterInput!) {
          updateFilter(id: $id, input: $input) {
            ...FilterFields
          }
        }
      `,
      FilterFields,
      FilterSummaryFields,
    ),
    variables: ({ params, body }) => ({ id: params.id, input: conditionsInput(body) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/anytime/filters/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteFilter($id: ID!) {
        deleteFilter(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
