/** Integration accounts over REST, as documented under "# Integration Accounts". */
import { pick, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListIntegrationAccountsQuery } from '../../generated/rest-operations.js';

const IntegrationAccountFields = /* GraphQL */ `
  fragment IntegrationAccountFields on IntegrationAccount {
    id
    name
    channelId
  }
`;

/** The account, bare or wrapped as `{ integrationAccount: {...} }` (the spec's parameter name). */
function accountInput(body: Record<string, unknown>) {
  const source = body.integrationAccount && typeof body.integrationAccount === 'object' && !Array.isArray(body.integrationAccount)
    ? (body.integrationAccount as Record<string, unknown>)
    : body;
  const input = pick(source, ['name', 'channelId', 'address', 'smtp', 'imap']);
  if (typeof input.channelId === 'number') input.channelId = String(input.channelId);
  for (const key of ['smtp', 'imap']) {
    const server = input[key];
    if (server && typeof server === 'object' && !Array.isArray(server)) input[key] = pick(server as Record<string, unknown>, ['host', 'port', 'secure', 'username', 'password', 'mailbox']);
  }
  return input;
}

const withAccount = (operation: string) => withFragments(operation, IntegrationAccountFields);

export const integrationAccountRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/integrationAccounts',
    document: withAccount(/* GraphQL */ `
      query RestListIntegrationAccounts($channelId: String) {
        integrationAccounts(channelId: $channelId) {
          ...IntegrationAccountFields
        }
      }
    `),
    variables: ({ query }) => ({ channelId: query.get('channelId') || null }),
    shape: (data: RestListIntegrationAccountsQuery) => data.integrationAccounts,
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/integrationAccounts',
    document: withAccount(/* GraphQL */ `
      mutation RestCreateIntegrationAccount($input: IntegrationAccountInput!) {
        createIntegrationAccount(input: $input) {
          ...IntegrationAccountFields
        }
      }
    `),
    variables: ({ body }) => ({ input: accountInput(body) }),
    status: 201,
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/integrationAccounts/{id}',
    document: withAccount(/* GraphQL */ `
      mutation RestUpdateIntegrationAccount($id: ID!, $input: IntegrationAccountInput!) {
        updateIntegrationAccount(id: $id, input: $input) {
          ...IntegrationAccountFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: accountInput(body) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/anytime/integrationAccounts/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteIntegrationAccount($id: ID!) {
        deleteIntegrationAccount(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
