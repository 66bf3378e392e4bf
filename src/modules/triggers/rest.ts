/**
 * Triggers over REST, as documented under "# Triggers". `PUT triggers/{id}` is both "Update a
 * trigger" and "Enable/Disable a trigger": updates are partial, so a body with only `enable`
 * enables or disables it (and answers with the trigger, like any update).
 */
import { pick, restRoutes, withFragments } from '../../rest/route.js';
import type { RestListTriggersQuery } from '../../generated/rest-operations.js';

const TriggerFields = /* GraphQL */ `
  fragment TriggerFields on Trigger {
    id
    description
    enable
    event
    statusDuration
    conditions {
      id
      type
      fieldId
      matchType
      value
    }
    when
    logicExpression
    setValue
    autoUpdate {
      id
      triggerId
      fieldId
      value
    }
    sendEmail
    sendToContacts
    sendToAgents
    toAgents
    subject
    htmlText
    plainText
    attachment {
      id
      messageId
      type
      mimetype
      fileName
      url
      size
    }
    showInConversationCorrespondences
    orderIndex
  }
`;

/** JSON callers write ids and values as numbers or booleans; the inputs take strings. */
const asText = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);

const conditionItem = (item: unknown) =>
  item && typeof item === 'object' && !Array.isArray(item)
    ? { ...pick(item as Record<string, unknown>, ['id', 'type', 'fieldId', 'matchType']), value: asText((item as Record<string, unknown>).value) ?? '' }
    : item;

/** Both shapes of `conditions`: the spec's array (with top-level when / logicExpression) or `{ when, logicExpression, list }`. */
function conditionsInput(body: Record<string, unknown>) {
  const conditions = body.conditions;
  if (Array.isArray(conditions)) {
    return { ...pick(body, ['when', 'logicExpression', 'logicalExpression']), list: conditions.map(conditionItem) };
  }
  if (conditions && typeof conditions === 'object') {
    const object = conditions as Record<string, unknown>;
    const set = { ...pick(body, ['when', 'logicExpression', 'logicalExpression']), ...pick(object, ['when', 'logicExpression', 'logicalExpression', 'list']) };
    if (Array.isArray(set.list)) set.list = set.list.map(conditionItem);
    return set;
  }
  return conditions;
}

export function triggerInput(body: Record<string, unknown>) {
  const source = body.trigger && typeof body.trigger === 'object' && !Array.isArray(body.trigger) ? (body.trigger as Record<string, unknown>) : body;
  const input = pick(source, [
    'description', 'enable', 'event', 'statusDuration', 'setValue', 'autoUpdate', 'sendEmail', 'sendToContacts', 'sendToAgents', 'toAgents',
    'subject', 'htmlText', 'plainText', 'showInConversationCorrespondences', 'attachmentId',
  ]);
  if (source.conditions !== undefined || source.when !== undefined || source.logicExpression !== undefined || source.logicalExpression !== undefined) {
    input.conditions = source.conditions === undefined ? pick(source, ['when', 'logicExpression', 'logicalExpression']) : conditionsInput(source);
  }
  if (Array.isArray(input.toAgents)) input.toAgents = input.toAgents.map(asText);
  if (Array.isArray(input.autoUpdate)) {
    input.autoUpdate = input.autoUpdate.map((item) =>
      item && typeof item === 'object' && !Array.isArray(item)
        ? { ...pick(item as Record<string, unknown>, ['id', 'triggerId', 'fieldId']), value: asText((item as Record<string, unknown>).value) }
        : item,
    );
  }
  if (source.attachment !== undefined) {
    const attachment = source.attachment;
    input.attachmentId = attachment && typeof attachment === 'object' && !Array.isArray(attachment) ? asText((attachment as Record<string, unknown>).id) ?? null : attachment;
  }
  return input;
}

const withTrigger = (operation: string) => withFragments(operation, TriggerFields);

export const triggerRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/triggers',
    document: withTrigger(/* GraphQL */ `
      query RestListTriggers {
        triggers {
          ...TriggerFields
        }
      }
    `),
    shape: (data: RestListTriggersQuery) => ({ triggers: data.triggers }),
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/triggers/{id}',
    document: withTrigger(/* GraphQL */ `
      query RestGetTrigger($id: ID!) {
        trigger(id: $id) {
          ...TriggerFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/triggers',
    document: withTrigger(/* GraphQL */ `
      mutation RestCreateTrigger($input: TriggerInput!) {
        createTrigger(input: $input) {
          ...TriggerFields
        }
      }
    `),
    variables: ({ body }) => ({ input: triggerInput(body) }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/triggers/{id}/sort',
    document: /* GraphQL */ `
      mutation RestSortTrigger($id: ID!, $type: String!) {
        sortTrigger(id: $id, type: $type) {
          id
        }
      }
    `,
    variables: ({ params, body, query }) => ({ id: params.id, type: body.type ?? query.get('type') }),
    status: 204,
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/triggers/{id}',
    document: withTrigger(/* GraphQL */ `
      mutation RestUpdateTrigger($id: ID!, $input: TriggerInput!) {
        updateTrigger(id: $id, input: $input) {
          ...TriggerFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: triggerInput(body) }),
  },
  {
    method: 'DELETE',
    path: '/api/v3/anytime/triggers/{id}',
    document: /* GraphQL */ `
      mutation RestDeleteTrigger($id: ID!) {
        deleteTrigger(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
]);
