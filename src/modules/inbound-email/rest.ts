/** IMAP "fetch now" over REST (an extension beside the spec's integration accounts). */
import { restRoutes } from '../../rest/route.js';

export const inboundEmailRoutes = restRoutes([
  {
    method: 'POST',
    path: '/api/v3/anytime/integrationAccounts/{id}/fetch',
    document: /* GraphQL */ `
      mutation RestFetchIntegrationAccountMail($id: ID!) {
        fetchIntegrationAccountMail(id: $id) {
          lastFetchTime
          lastSuccessTime
          lastError
          lastErrorTime
          fetchedCount
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
  },
]);
