/** Tags over REST (outside the Anytime spec; same conventions). */
import { pick, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListTagsQuery } from '../../generated/rest-operations.js';

const TagFields = /* GraphQL */ `
  fragment TagFields on Tag {
    id: databaseId
    name
    color
    createdTime
  }
`;

export const tagRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/tags',
    document: withFragments(
      /* GraphQL */ `
      query RestListTags {
        tags {
          ...TagFields
        }
      }
    `,
      TagFields,
    ),
    shape: (data: RestListTagsQuery) => ({ tags: data.tags }),
  },
  {
    method: 'POST',
    path: '/api/v3/tags',
    document: withFragments(
      /* GraphQL */ `
      mutation RestCreateTag($input: TagInput!) {
        createTag(input: $input) {
          ...TagFields
        }
      }
    `,
      TagFields,
    ),
    variables: ({ body }) => ({ input: pick(body, ['name', 'color']) }),
    status: 201,
  },
  {
    method: 'PUT',
    path: '/api/v3/tags/{id}',
    document: withFragments(
      /* GraphQL */ `
      mutation RestUpdateTag($id: ID!, $input: TagInput!) {
        updateTag(id: $id, input: $input) {
          ...TagFields
        }
      }
    `,
      TagFields,
    ),
    variables: ({ params, body }) => ({ id: params.id, input: pick(body, ['name', 'color']) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/tags/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteTag($id: ID!) {
        deleteTag(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
