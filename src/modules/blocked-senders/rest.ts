/** Blocked senders over REST, as documented under "# BlockedSenders". */
import { restRoutes, withFragments } from '../../rest/route.js';
import type { RestListBlockedSendersQuery } from '../../generated/rest-operations.js';

const BlockedSenderFields = /* GraphQL */ `
  fragment BlockedSenderFields on BlockedSender {
    id
    email
    blockType
  }
`;

const withFields = (operation: string) => withFragments(operation, BlockedSenderFields);
/** A string as given; numbers and booleans as their text (anything else is left for GraphQL to refuse). */
const asText = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);

export const blockedSenderRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/blockedSenders',
    document: withFields(/* GraphQL */ `
      query RestListBlockedSenders($email: String) {
        blockedSenders(email: $email) {
          ...BlockedSenderFields
        }
      }
    `),
    variables: ({ query }) => ({ email: query.get('email') || null }),
    shape: (data: RestListBlockedSendersQuery) => ({ blockedSenders: data.blockedSenders }),
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/blockedSenders/{id}',
    document: withFields(/* GraphQL */ `
      query RestGetBlockedSender($id: ID!) {
        blockedSender(id: $id) {
          ...BlockedSenderFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/blockedSenders',
    document: withFields(/* GraphQL */ `
      mutation RestPutBlockedSender($input: BlockedSenderInput!) {
        putBlockedSender(input: $input) {
          ...BlockedSenderFields
        }
      }
    `),
    // The fields bare, or wrapped as { blockedSender: {...} }.
    variables: ({ body }) => {
      const source = body.blockedSender && typeof body.blockedSender === 'object' && !Array.isArray(body.blockedSender) ? (body.blockedSender as Record<string, unknown>) : body;
      return { input: { email: asText(source.email) ?? null, blockType: asText(source.blockType) ?? null } };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v3/anytime/blockedSenders',
    document: /* GraphQL */ `
      mutation RestDeleteBlockedSender($email: String) {
        deleteBlockedSender(email: $email) {
          id
        }
      }
    `,
    // `email` from the query string or the JSON body.
    variables: ({ query, body }) => ({ email: query.get('email') || asText(body.email) || null }),
    status: 204,
  },
]);
