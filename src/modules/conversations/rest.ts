/**
 * The documented agent-console URLs (spec "# Conversations"), each a stored GraphQL document.
 * `include=` names become `$with<Name>` variables read by `@include(if:)`.
 * Paths with a trailing slash in the spec are served with and without it.
 */
import { pageLinks, pick, queryFloat, queryInt, queryList, queryString, refuseMisnamed, restRoutes, withFragments, type RestRequest, type RestRoute } from '../../rest/route.js';
import { badInput } from '../../graphql/errors.js';
import { AgentFields } from '../agents/rest.js';
import { AttachmentFields } from '../attachments/rest.js';
import { ContactFields } from '../contacts/rest.js';
import { DepartmentFields } from '../departments/rest.js';

const BASE = '/api/v3/anytime';
const LIST_PAGE_SIZE = 50;

export const ConversationFields = /* GraphQL */ `
  fragment ConversationFields on Conversation {
    id: databaseId
    guid
    relatedType
    relatedId
    subject
    assignedAgentId
    assignedDepartmentId
    channel
    receivedBy
    originalId
    originalLink
    priority
    status
    hasDraft
    isDeleted
    isRead
    isReadByContact
    isEditable
    isActive
    lastMessage
    tagIds
    mentionedAgents {
      agentId
      isRead
      messageId
    }
    customFields {
      id
      name
      value
    }
    createdById
    createdByType
    createdTime
    lastActivityTime
    lastStatusChangeTime
    lastRepliedTime
    lastRepliedById
    lastRepliedByType
    slaPolicyId
    firstRespondBreachAt
    nextRespondBreachAt
    resolveBreachAt
    contactId
    mergedIntoId
  }
`;

/** The list/get includes; every operation spreading it declares the five $with variables. */
export const ConversationIncludes = /* GraphQL */ `
  fragment ConversationIncludes on Conversation {
    assignedAgent @include(if: $withAssignedAgent) {
      ...AgentFields
    }
    assignedDepartment @include(if: $withAssignedDepartment) {
      ...DepartmentFields
    }
    contact @include(if: $withContact) {
      ...ContactFields
    }
    createdBy @include(if: $withCreatedBy) {
      ... on Agent {
        ...AgentFields
      }
      ... on Contact {
        ...ContactFields
      }
    }
    lastRepliedBy @include(if: $withLastRepliedBy) {
      ... on Agent {
        ...AgentFields
      }
      ... on Contact {
        ...ContactFields
      }
    }
  }
`;

export const MessageFields = /* GraphQL */ `
  fragment MessageFields on Message {
    id: databaseId
    conversationId
    type
    directType
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
    quote
    subject
    from
    cc
    attachments {
      ...AttachmentFields
    }
    mentionedAgentIds
    isRead
    sendStatus
    sendertId: senderId
    senderId
    senderType
    time
  }
`;

export const DraftFields = /* GraphQL */ `
  fragment DraftFields on ConversationDraft {
    id
    conversationId
    type
    accountId
    contactIdentityId
    parentId
    quoteTweetId
    texts {
      id
      format
      content
    }
    quote
    subject
    cc
    attachments {
      ...AttachmentFields
    }
    mentionedAgentIds
    sendertId: senderId
    senderId
    time
  }
`;

/** A list or get document: conversation fields, the include fragment, and (get) the messages include. */
const conversationDoc = (operation: string, withMessages = false) =>
  withFragments(operation, ConversationFields, ConversationIncludes, AgentFields, DepartmentFields, ContactFields, ...(withMessages ? [MessageFields, AttachmentFields] : []));
const plainConversationDoc = (operation: string) => withFragments(operation, ConversationFields);
const messageDoc = (operation: string, withSender = false) =>
  withFragments(operation, MessageFields, AttachmentFields, ...(withSender ? [AgentFields, ContactFields] : []));
const draftDoc = (operation: string) => withFragments(operation, DraftFields, AttachmentFields);

const conversationIncludes = ['assignedAgent', 'assignedDepartment', 'contact', 'createdBy', 'lastRepliedBy'] as const;

// ─── Body and query mapping ────────────────────────────────────────────────

const asString = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);

/** The documented attachment objects (or bare ids) → `{ id }` inputs; anything else is left for GraphQL to refuse. */
function attachmentsInput(value: unknown) {
  if (!Array.isArray(value)) return value;
  return value.map((item) => (typeof item === 'string' ? { id: item } : item && typeof item === 'object' && 'id' in item ? { id: asString((item as { id: unknown }).id) } : item));
}

function customFieldsInput(value: unknown) {
  if (!Array.isArray(value)) return value;
  return value.map((item) =>
    item && typeof item === 'object'
      ? { ...pick(item as Record<string, unknown>, ['id', 'name']), ...('value' in item ? { value: asString((item as { value: unknown }).value) } : {}) }
      : item,
  );
}

const messageNames = ['type', 'text', 'texts', 'subject', 'from', 'cc', 'quote', 'accountId', 'contactIdentityId', 'parentId', 'quoteTweetId', 'attachments', 'mentionedAgentIds'] as const;

function messageInput(body: unknown, extra: readonly string[] = [], field = '') {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  refuseMisnamed(body as Record<string, unknown>, { attachmentIds: 'attachments' }, field);
  const input = pick(body as Record<string, unknown>, [...messageNames, ...extra]);
  if ('attachments' in input) input.attachments = attachmentsInput(input.attachments);
  for (const name of ['accountId', 'contactIdentityId', 'parentId', 'quoteTweetId'] as const) if (name in input) input[name] = asString(input[name]);
  return input;
}

const conversationNames = [
  'subject', 'relatedType', 'relatedId', 'assignedAgentId', 'assignedDepartmentId', 'priority', 'status', 'receivedBy', 'originalId', 'originalLink', 'customFields', 'tagIds', 'isActive',
] as const;

function conversationInput(body: Record<string, unknown>, extra: readonly string[]) {
  const input = pick(body, [...conversationNames, ...extra]);
  for (const name of ['relatedId', 'receivedBy', 'originalId'] as const) if (name in input) input[name] = asString(input[name]);
  if ('customFields' in input) input.customFields = customFieldsInput(input.customFields);
  // As on a reply, an integration may name the message's party (a connector delivering a customer's first mail).
  if ('message' in input) input.message = messageInput(input.message, ['sendByType', 'sendById'], 'message.');
  return input;
}

/** `conditions[0][field]=subject&conditions[0][matchType]=is&conditions[0][value]=hi` → condition inputs in index order. */
export function conditionsFromQuery(query: URLSearchParams) {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of query) {
    if (!key.startsWith('conditions')) continue;
    const match = /^conditions\[(\d+)\]\[(field|matchType|value)\]$/.exec(key);
    if (!match) throw badInput(`Unknown parameter ${key}; use conditions[i][field], conditions[i][matchType], conditions[i][value]`, [{ field: key, message: 'unknown parameter' }]);
    const index = Number(match[1]);
    if (index > 100) throw badInput('At most 100 conditions', [{ field: 'conditions', message: 'too many' }]);
    const entry = byIndex.get(index) ?? {};
    entry[match[2]!] = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, entry]) => {
      for (const name of ['field', 'matchType'] as const) {
        if (!entry[name]) throw badInput(`conditions[${index}][${name}] is required`, [{ field: `conditions[${index}][${name}]`, message: 'is required' }]);
      }
      return { field: entry.field, matchType: entry.matchType, value: entry.value ?? '' };
    });
}

function listVariables({ query }: RestRequest) {
  const conditions = conditionsFromQuery(query);
  return {
    filter: {
      filterId: queryString(query, 'filterId'),
      tagId: queryString(query, 'tagId'),
      keywords: queryString(query, 'keywords'),
      timeFrom: queryString(query, 'timeFrom'),
      timeTo: queryString(query, 'timeTo'),
      timeZoneOffset: queryFloat(query, 'timeZoneOffset'),
      ...(conditions.length ? { conditions } : {}),
    },
    sortBy: queryString(query, 'sortBy'),
    sortOrder: queryString(query, 'sortOrder'),
    page: queryInt(query, 'pageIndex', { min: 1 }) ?? 1,
  };
}

/** Batch ids from the JSON body (`ids`) or the query string (`?ids=1&ids=2`). */
function batchIdsOf({ body, query }: RestRequest) {
  const ids = body.ids ?? (queryList(query, 'ids').length ? queryList(query, 'ids') : undefined);
  if (ids === undefined) throw badInput('ids is required', [{ field: 'ids', message: 'is required' }]);
  if (!Array.isArray(ids)) throw badInput('ids must be an array of conversation ids', [{ field: 'ids', message: 'must be an array' }]);
  return ids.map(asString);
}

const listShape = (key: string) => (data: any, { url, query }: RestRequest) => {
  const connection = Object.values(data)[0] as { totalCount: number; nodes: unknown[] };
  return {
    [key]: connection.nodes,
    total: connection.totalCount,
    ...pageLinks(url, Number(query.get('pageIndex') || 1), LIST_PAGE_SIZE, connection.totalCount),
  };
};


const routes: RestRoute[] = [
  {
    method: 'GET',
    path: `${BASE}/conversations`,
    includes: conversationIncludes,
    document: conversationDoc(/* GraphQL */ `
      query RestListConversations(
        $filter: ConversationFilterInput
        $sortBy: ConversationSortBy
        $sortOrder: ConversationSortOrder
        $page: Int
        $withAssignedAgent: Boolean! = false
        $withAssignedDepartment: Boolean! = false
        $withContact: Boolean! = false
        $withCreatedBy: Boolean! = false
        $withLastRepliedBy: Boolean! = false
      ) {
        conversations(filter: $filter, sortBy: $sortBy, sortOrder: $sortOrder, page: $page) {
          totalCount
          nodes {
            ...ConversationFields
            ...ConversationIncludes
          }
        }
      }
    `),
    variables: listVariables,
    shape: listShape('conversations'),
  },
  {
    method: 'GET',
    path: `${BASE}/conversations/unreadCount`,
    document: /* GraphQL */ `
      query RestConversationUnreadCount($filterIds: [ID!]!) {
        conversationUnreadCounts(filterIds: $filterIds) {
          allCount
          filters {
            filterId
            unreadCount
            unreadMentionedCount
          }
        }
      }
    `,
    variables: ({ query }) => ({ filterIds: queryList(query, 'filterIds') }),
  },
  {
    method: 'GET',
    path: `${BASE}/conversations/{id}`,
    includes: [...conversationIncludes, 'messages'],
    document: conversationDoc(/* GraphQL */ `
      query RestGetConversation(
        $id: ID!
        $withAssignedAgent: Boolean! = false
        $withAssignedDepartment: Boolean! = false
        $withContact: Boolean! = false
        $withCreatedBy: Boolean! = false
        $withLastRepliedBy: Boolean! = false
        $withMessages: Boolean! = false
      ) {
        conversation(id: $id) {
          ...ConversationFields
          ...ConversationIncludes
          messages @include(if: $withMessages) {
            ...MessageFields
          }
        }
      }
    `, true),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: `${BASE}/conversations`,
    document: plainConversationDoc(/* GraphQL */ `
      mutation RestCreateConversation($input: CreateConversationInput!) {
        createConversation(input: $input) {
          ...ConversationFields
        }
      }
    `),
    variables: ({ body }) => ({ input: conversationInput(body, ['channel', 'message']) }),
  },
  {
    method: 'GET',
    path: `${BASE}/conversations/{id}/messages`,
    includes: ['sender'],
    document: messageDoc(/* GraphQL */ `
      query RestListConversationMessages($id: ID!, $withSender: Boolean! = false) {
        conversation(id: $id) {
          messages {
            ...MessageFields
            sender @include(if: $withSender) {
              ... on Agent {
                ...AgentFields
              }
              ... on Contact {
                ...ContactFields
              }
            }
          }
        }
      }
    `, true),
    variables: ({ params }) => ({ id: params.id }),
    shape: (data) => data.conversation.messages,
  },
  {
    method: 'PUT',
    path: `${BASE}/conversations/{id}`,
    document: plainConversationDoc(/* GraphQL */ `
      mutation RestUpdateConversation($id: ID!, $input: UpdateConversationInput!) {
        updateConversation(id: $id, input: $input) {
          ...ConversationFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: conversationInput(body, ['isRead']) }),
  },
  ...[`${BASE}/conversations`, `${BASE}/conversations/`].map(
    (path): RestRoute => ({
      method: 'PUT',
      path,
      document: plainConversationDoc(/* GraphQL */ `
        mutation RestBatchUpdateConversations($ids: [ID!]!, $input: BatchUpdateConversationsInput!) {
          updateConversations(ids: $ids, input: $input) {
            ...ConversationFields
          }
        }
      `),
      variables: (request) => ({
        ids: batchIdsOf(request),
        input: pick(request.body, ['status', 'priority', 'assignedAgentId', 'assignedDepartmentId', 'isRead']),
      }),
    }),
  ),
  {
    method: 'POST',
    path: `${BASE}/conversations/{id}/messages`,
    document: messageDoc(/* GraphQL */ `
      mutation RestReplyConversation($id: ID!, $input: ConversationMessageInput!) {
        replyConversation(id: $id, input: $input) {
          ...MessageFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: messageInput(body, ['sendByType', 'sendById']) }),
  },
  ...(['read', 'unread'] as const).flatMap((state): RestRoute[] => [
    {
      method: 'PUT',
      path: `${BASE}/conversations/{id}/${state}`,
      document:
        state === 'read'
          ? /* GraphQL */ `
              mutation RestMarkConversationRead($id: ID!) {
                markConversationRead(id: $id) {
                  databaseId
                }
              }
            `
          : /* GraphQL */ `
              mutation RestMarkConversationUnread($id: ID!) {
                markConversationUnread(id: $id) {
                  databaseId
                }
              }
            `,
      variables: ({ params }) => ({ id: params.id }),
      status: 204,
    },
    {
      method: 'PUT',
      path: `${BASE}/conversations/messages/{id}/${state}`,
      document:
        state === 'read'
          ? /* GraphQL */ `
              mutation RestMarkMessageRead($id: ID!) {
                markMessageRead(id: $id) {
                  databaseId
                }
              }
            `
          : /* GraphQL */ `
              mutation RestMarkMessageUnread($id: ID!) {
                markMessageUnread(id: $id) {
                  databaseId
                }
              }
            `,
      variables: ({ params }) => ({ id: params.id }),
      status: 204,
    },
  ]),
  {
    method: 'DELETE',
    path: `${BASE}/conversations/{id}`,
    document: /* GraphQL */ `
      mutation RestDeleteConversation($id: ID!) {
        deleteConversation(id: $id) {
          databaseId
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
  ...[`${BASE}/conversations`, `${BASE}/conversations/`].map(
    (path): RestRoute => ({
      method: 'DELETE',
      path,
      document: /* GraphQL */ `
        mutation RestBatchDeleteConversations($ids: [ID!]!) {
          deleteConversations(ids: $ids) {
            databaseId
          }
        }
      `,
      variables: (request) => ({ ids: batchIdsOf(request) }),
      status: 204,
    }),
  ),
  ...[`${BASE}/deletedConversations`, `${BASE}/deletedConversations/`].map(
    (path): RestRoute => ({
      method: 'GET',
      path,
      includes: conversationIncludes,
      document: conversationDoc(/* GraphQL */ `
        query RestListDeletedConversations(
          $keywords: String
          $timeFrom: String
          $timeTo: String
          $timeZoneOffset: Float
          $page: Int
          $withAssignedAgent: Boolean! = false
          $withAssignedDepartment: Boolean! = false
          $withContact: Boolean! = false
          $withCreatedBy: Boolean! = false
          $withLastRepliedBy: Boolean! = false
        ) {
          deletedConversations(keywords: $keywords, timeFrom: $timeFrom, timeTo: $timeTo, timeZoneOffset: $timeZoneOffset, page: $page) {
            totalCount
            nodes {
              ...ConversationFields
              ...ConversationIncludes
            }
          }
        }
      `),
      variables: ({ query }) => ({
        keywords: queryString(query, 'keywords'),
        timeFrom: queryString(query, 'timeFrom'),
        timeTo: queryString(query, 'timeTo'),
        timeZoneOffset: queryFloat(query, 'timeZoneOffset'),
        page: queryInt(query, 'pageIndex', { min: 1 }) ?? 1,
      }),
      shape: listShape('deletedConversations'),
    }),
  ),
  {
    method: 'GET',
    path: `${BASE}/deletedConversations/{id}`,
    includes: [...conversationIncludes, 'messages'],
    document: conversationDoc(/* GraphQL */ `
      query RestGetDeletedConversation(
        $id: ID!
        $withAssignedAgent: Boolean! = false
        $withAssignedDepartment: Boolean! = false
        $withContact: Boolean! = false
        $withCreatedBy: Boolean! = false
        $withLastRepliedBy: Boolean! = false
        $withMessages: Boolean! = false
      ) {
        deletedConversation(id: $id) {
          ...ConversationFields
          ...ConversationIncludes
          messages @include(if: $withMessages) {
            ...MessageFields
          }
        }
      }
    `, true),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'GET',
    path: `${BASE}/deletedConversations/{id}/messages`,
    includes: ['sender'],
    document: messageDoc(/* GraphQL */ `
      query RestListDeletedConversationMessages($id: ID!, $withSender: Boolean! = false) {
        deletedConversation(id: $id) {
          messages {
            ...MessageFields
            sender @include(if: $withSender) {
              ... on Agent {
                ...AgentFields
              }
              ... on Contact {
                ...ContactFields
              }
            }
          }
        }
      }
    `, true),
    variables: ({ params }) => ({ id: params.id }),
    shape: (data) => data.deletedConversation.messages,
  },
  {
    method: 'POST',
    path: `${BASE}/deletedConversations/{id}/restore`,
    document: plainConversationDoc(/* GraphQL */ `
      mutation RestRestoreConversation($id: ID!) {
        restoreConversation(id: $id) {
          ...ConversationFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'DELETE',
    path: `${BASE}/deletedConversations/{id}`,
    document: /* GraphQL */ `
      mutation RestDeleteConversationPermanently($id: ID!) {
        deleteConversationPermanently(id: $id)
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
  {
    method: 'GET',
    path: `${BASE}/conversations/{id}/draft`,
    document: draftDoc(/* GraphQL */ `
      query RestGetConversationDraft($id: ID!) {
        conversationDraft(conversationId: $id) {
          ...DraftFields
        }
      }
    `),
    variables: ({ params }) => ({ id: params.id }),
  },
  {
    method: 'POST',
    path: `${BASE}/conversations/{id}/draft`,
    document: draftDoc(/* GraphQL */ `
      mutation RestCreateConversationDraft($id: ID!, $input: ConversationDraftInput!) {
        createConversationDraft(conversationId: $id, input: $input) {
          ...DraftFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: messageInput(body) }),
  },
  {
    method: 'PUT',
    path: `${BASE}/conversations/{id}/draft`,
    document: draftDoc(/* GraphQL */ `
      mutation RestUpdateConversationDraft($id: ID!, $input: ConversationDraftInput!) {
        updateConversationDraft(conversationId: $id, input: $input) {
          ...DraftFields
        }
      }
    `),
    variables: ({ params, body }) => ({ id: params.id, input: messageInput(body) }),
  },
  {
    method: 'DELETE',
    path: `${BASE}/conversations/{id}/draft`,
    document: /* GraphQL */ `
      mutation RestDeleteConversationDraft($id: ID!) {
        deleteConversationDraft(conversationId: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.id }),
    status: 204,
  },
  {
    method: 'POST',
    path: `${BASE}/conversations/{id}/merge`,
    document: plainConversationDoc(/* GraphQL */ `
      mutation RestMergeConversation($id: ID!, $sourceId: ID!) {
        mergeConversation(id: $id, sourceId: $sourceId) {
          ...ConversationFields
        }
      }
    `),
    variables: ({ params, body }) => {
      if (body.sourceId === undefined || body.sourceId === null) throw badInput('sourceId is required', [{ field: 'sourceId', message: 'is required' }]);
      return { id: params.id, sourceId: asString(body.sourceId) };
    },
  },
];

export const conversationRoutes = restRoutes(routes);
