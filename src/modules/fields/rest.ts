/** Fields & Mapping over REST, as documented under "# Fields&Mapping". */
import { pick, queryBool, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListFieldsQuery } from '../../generated/rest-operations.js';

export const FieldFields = /* GraphQL */ `
  fragment FieldFields on Field {
    id: databaseId
    type
    name
    isSystemField
    isRequired
    defaultValue
    helpText
    length
    options {
      id
      name
      value
      order
    }
    chatFieldMapping
    offlineMessageFieldMapping
  }
`;

const fieldInput = ['type', 'name', 'isSystemField', 'isRequired', 'defaultValue', 'helpText', 'length', 'options'] as const;

/** The documented field body; a number or boolean default (`"defaultValue": 5`) is read as its text. */
function fieldInputOf(body: Record<string, unknown>) {
  const input = pick(body, fieldInput);
  if (typeof input.defaultValue === 'number' || typeof input.defaultValue === 'boolean') input.defaultValue = String(input.defaultValue);
  return input;
}

export const fieldRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/fields',
    document: withFragments(
      /* GraphQL */ `
        query RestListFields($isSystemField: Boolean) {
          fields(isSystemField: $isSystemField) {
            ...FieldFields
          }
        }
      `,
      FieldFields,
    ),
    variables: ({ query }) => ({ isSystemField: queryBool(query, 'isSystemField') }),
    shape: (data: RestListFieldsQuery) => ({ fields: data.fields }),
  },
  // Before fields/{id}, so that "mapping" is not taken for an id.
  {
    method: 'PUT',
    path: '/api/v3/anytime/fields/mapping',
    document: /* GraphQL */ `
      mutation RestUpdateFieldMappings($fieldMappings: [FieldMappingInput!]!) {
        updateFieldMappings(fieldMappings: $fieldMappings) {
          id
        }
      }
    `,
    variables: ({ body }) => ({ fieldMappings: body.fieldMappings }),
    status: 204,
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/fields/{id}',
    document: withFragments(
      /* GraphQL */ `
        query RestGetField($id: ID!) {
          field(id: $id) {
            ...FieldFields
          }
        }
      `,
      FieldFields,
    ),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/fields',
    document: withFragments(
      /* GraphQL */ `
        mutation RestCreateField($input: FieldInput!) {
          createField(input: $input) {
            ...FieldFields
          }
        }
      `,
      FieldFields,
    ),
    variables: ({ body }) => ({ input: fieldInputOf(body) }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/fields/{id}',
    document: withFragments(
      /* GraphQL */ `
        mutation RestUpdateField($id: ID!, $input: FieldInput!) {
          updateField(id: $id, input: $input) {
            ...FieldFields
          }
        }
      `,
      FieldFields,
    ),
    variables: ({ params, body }) => ({ id: params.id, input: fieldInputOf(body) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/anytime/fields/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteField($id: ID!) {
        deleteField(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
