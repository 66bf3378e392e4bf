/** Webhooks over REST under /api/v3/anytime/webhooks (outside the Anytime spec; same conventions). The secret is never returned. */
import { pick, queryInt, restRoutes, withFragments } from '../../rest/route.js';

const WebhookFields = /* GraphQL */ `
  fragment WebhookFields on Webhook {
    id
    url
    eventTypes
    enabled
    hasSecret
    createdTime
    updatedTime
  }
`;

const WebhookDeliveryFields = /* GraphQL */ `
  fragment WebhookDeliveryFields on WebhookDelivery {
    id
    webhookId
    eventType
    eventCursor
    conversationId
    status
    attempts
    lastStatusCode
    lastError
    lastDurationMs
    nextAttemptTime
    createdTime
    finishedTime
    attemptLog {
      attempt
      status
      statusCode
      durationMs
      error
      time
    }
  }
`;

/** The webhook, bare or wrapped as `{ webhook: {...} }`. */
function webhookInput(body: Record<string, unknown>) {
  const source = body.webhook && typeof body.webhook === 'object' && !Array.isArray(body.webhook) ? (body.webhook as Record<string, unknown>) : body;
  return pick(source, ['url', 'eventTypes', 'secret', 'enabled']);
}

const withWebhook = (operation: string) => withFragments(operation, WebhookFields);
const withDelivery = (operation: string) => withFragments(operation, WebhookDeliveryFields);

export const webhookRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/webhooks',
    document: withWebhook(/* GraphQL */ `
      query RestListWebhooks {
        webhooks {
          ...WebhookFields
        }
      }
    `),
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/webhooks',
    document: withWebhook(/* GraphQL */ `
      mutation RestCreateWebhook($input: WebhookInput!) {
        createWebhook(input: $input) {
          ...WebhookFields
        }
      }
    `),
    variables: ({ body }) => ({ input: webhookInput(body) }),
    status: 201,
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/webhooks/{id}',
    document: withWebhook(/* GraphQL */ `
      query RestGetWebhook($id: ID!) {
        webhook(id: $id) {
          ...WebhookFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/webhooks/{id}',
    document: withWebhook(/* GraphQL */ `
      mutation RestUpdateWebhook($id: ID!, $input: WebhookInput!) {
        updateWebhook(id: $id, input: $input) {
          ...WebhookFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: webhookInput(body) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/anytime/webhooks/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteWebhook($id: ID!) {
        deleteWebhook(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/webhooks/{id}/deliveries',
    document: withDelivery(/* GraphQL */ `
      query RestListWebhookDeliveries($id: ID!, $status: String, $limit: Int, $offset: Int) {
        webhookDeliveries(webhookId: $id, status: $status, limit: $limit, offset: $offset) {
          ...WebhookDeliveryFields
        }
      }
    `),
    variables: ({ params, query }) => ({ id: params.id, status: query.get('status') || null, limit: queryInt(query, 'limit') ?? null, offset: queryInt(query, 'offset') ?? null }),
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/webhooks/{id}/deadLetters',
    document: withDelivery(/* GraphQL */ `
      query RestListWebhookDeadLetters($id: ID!, $limit: Int, $offset: Int) {
        webhookDeadLetters(webhookId: $id, limit: $limit, offset: $offset) {
          ...WebhookDeliveryFields
        }
      }
    `),
    variables: ({ params, query }) => ({ id: params.id, limit: queryInt(query, 'limit') ?? null, offset: queryInt(query, 'offset') ?? null }),
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/webhooks/{id}/deliveries/{deliveryId}/replay',
    document: withDelivery(/* GraphQL */ `
      mutation RestReplayWebhookDelivery($id: ID!, $deliveryId: ID!) {
        replayWebhookDelivery(id: $deliveryId, webhookId: $id) {
          ...WebhookDeliveryFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id, deliveryId: params.deliveryId }),
  },
]);
