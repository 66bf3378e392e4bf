/** Contacts over REST (outside the Anytime spec; same conventions as the documented endpoints). */
import { pageLinks, pick, queryInt, queryString, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListContactsQuery } from '../../generated/rest-operations.js';

export const ContactFields = /* GraphQL */ `
  fragment ContactFields on Contact {
    id: databaseId
    name
    alias
    company
    title
    phone
    mobile
    address
    city
    state
    country
    postalCode
    description
    createdTime
    identities {
      id
      type
      value
    }
  }
`;
const contactInput = [
  'name', 'alias', 'company', 'title', 'phone', 'mobile', 'address', 'city', 'state', 'country', 'postalCode', 'description', 'identities',
] as const;

export const contactRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/contacts',
    document: withFragments(
      /* GraphQL */ `
        query RestListContacts($keywords: String, $page: Int) {
          contacts(keywords: $keywords, page: $page) {
            totalCount
            nodes {
              ...ContactFields
            }
          }
        }
      `,
      ContactFields,
    ),
    variables: ({ query }) => ({ keywords: queryString(query, 'keywords'), page: queryInt(query, 'pageIndex', { min: 1 }) ?? 1 }),
    shape: (data: RestListContactsQuery, { url, query }) => ({
      contacts: data.contacts.nodes,
      total: data.contacts.totalCount,
      ...pageLinks(url, Number(query.get('pageIndex') || 1), 50, data.contacts.totalCount),
    }),
  },
  {
    method: 'GET',
    path: '/api/v3/contacts/{id}',
    document: withFragments(
      /* GraphQL */ `
        query RestGetContact($id: ID!) {
          contact(id: $id) {
            ...ContactFields
          }
        }
      `,
      ContactFields,
    ),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: '/api/v3/contacts',
    document: withFragments(
      /* GraphQL */ `
        mutation RestCreateContact($input: ContactInput!) {
          createContact(input: $input) {
            ...ContactFields
          }
        }
      `,
      ContactFields,
    ),
    variables: ({ body }) => ({ input: pick(body, contactInput) }),
    status: 201,
  },
  {
    method: 'PUT',
    path: '/api/v3/contacts/{id}',
    document: withFragments(
      /* GraphQL */ `
        mutation RestUpdateContact($id: ID!, $input: ContactInput!) {
          updateContact(id: $id, input: $input) {
            ...ContactFields
          }
        }
      `,
      ContactFields,
    ),
    variables: ({ params, body }) => ({ id: params.id, input: pick(body, contactInput) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/contacts/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteContact($id: ID!) {
        deleteContact(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
