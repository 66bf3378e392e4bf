/** Junk over REST, as documented under "# Junks". */
import { invalidField } from '../../graphql/errors.js';
import { pageLinks, queryInt, queryString, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListJunksQuery } from '../../generated/rest-operations.js';
import { AttachmentFields } from '../attachments/rest.js';
import { ConversationFields } from '../conversations/rest.js';

const BASE = '/api/v3/anytime';
const PAGE_SIZE = 50;

export const JunkFields = /* GraphQL */ `
  fragment JunkFields on Junk {
    id
    type
    accountId
    contactIdentityId
    source
    originalMessageId
    originalMessageLink
    parentId
    quoteTweetId
    texts {
      id
      format
      content
    }
    subject
    from
    cc
    attachments {
      ...AttachmentFields
    }
    isRead
    sendertId: senderId
    senderType
    time
  }
`;

const junkDoc = (operation: string) => withFragments(operation, JunkFields, AttachmentFields);

export const junkRoutes = restRoutes([
  {
    method: 'GET',
    path: `${BASE}/junks`,
    document: junkDoc(/* GraphQL */ `
      query RestListJunks($keywords: String, $timeFrom: String, $timeTo: String, $page: Int) {
        junks(keywords: $keywords, timeFrom: $timeFrom, timeTo: $timeTo, page: $page) {
          totalCount
          nodes {
            ...JunkFields
          }
        }
      }
    `),
    variables: ({ query }) => ({
      keywords: queryString(query, 'keywords'),
      timeFrom: queryString(query, 'timeFrom'),
      timeTo: queryString(query, 'timeTo'),
      page: queryInt(query, 'pageIndex', { min: 1 }) ?? 1,
    }),
    shape: (data: RestListJunksQuery, { url, query }) => ({
      junks: data.junks.nodes,
      total: data.junks.totalCount,
      ...pageLinks(url, Number(query.get('pageIndex') || 1), PAGE_SIZE, data.junks.totalCount),
    }),
  },
  {
    method: 'GET',
    path: `${BASE}/junks/{id}`,
    document: junkDoc(/* GraphQL */ `
      query RestGetJunk($id: ID!) {
        junk(id: $id) {
          ...JunkFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'PUT',
    path: `${BASE}/junks/{id}`,
    document: junkDoc(/* GraphQL */ `
      mutation RestUpdateJunk($id: ID!, $isRead: Boolean) {
        updateJunk(id: $id, isRead: $isRead) {
          ...JunkFields
        }
      }
    `),
    variables: ({ params, body }) => {
      if (body.isRead === undefined || body.isRead === null) throw invalidField('isRead', 'is required');
      if (typeof body.isRead !== 'boolean') throw invalidField('isRead', `must be true or false, got ${JSON.stringify(body.isRead)}`);
      return { id: params.id, isRead: body.isRead };
    },
  },
  {
    method: 'POST',
    path: `${BASE}/junks/{id}/notJunk`,
    document: withFragments(
      /* GraphQL */ `
        mutation RestNotJunk($id: ID!) {
          notJunk(id: $id) {
            ...ConversationFields
          }
        }
      `,
      ConversationFields,
    ),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'DELETE',
    path: `${BASE}/junks/{id}`,
    document: /* GraphQL */ `
      mutation RestDeleteJunk($id: ID!) {
        deleteJunk(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
