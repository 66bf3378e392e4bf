/** Portal conversations over REST, as documented under "PortalConversations". */
import type { RestListPortalMessagesQuery } from '../../generated/rest-operations.js';
import { pick, queryList, refuseMisnamed, queryString, restRoutes, withFragments, type RestRequest } from '../../rest/route.js';
import { attachmentIdsFrom } from '../attachments/service.js';
import { AttachmentFields } from '../attachments/rest.js';
import { ContactFields } from '../contacts/rest.js';

const PortalMessageFields = /* GraphQL */ `
  fragment PortalMessageFields on PortalMessage {
    id: databaseId
    text {
      id
      format
      content
    }
    senderId
    senderType
    time
    attachments {
      ...AttachmentFields
    }
  }
`;

const PortalConversationFields = /* GraphQL */ `
  fragment PortalConversationFields on PortalConversation {
    id: databaseId
    subject
    contactId
    isClosed
    isReadByContact
    customFields {
      id
      name
      value
    }
    createdTime
    closedTime
  }
`;

const conversationFragments = [PortalConversationFields] as const;

/** `contactId` from the JSON body (PUT/POST) or the query string (GET, and tolerated everywhere). */
const contactIdOf = ({ body, query }: RestRequest) => {
  const value = body.contactId ?? queryString(query, 'contactId');
  return value === undefined || value === null ? undefined : String(value);
};

/** The documented message input: `text` {format, content} and `attachments` (objects with an id, or ids). */
const messageInput = (body: Record<string, unknown>, field: string) => {
  refuseMisnamed(body, { attachmentIds: 'attachments' }, field);
  return { ...pick(body, ['text']), attachmentIds: attachmentIdsFrom(body.attachments, `${field}attachments`) };
};

const closeDocument = withFragments(
  /* GraphQL */ `
    mutation RestClosePortalConversation($id: ID!, $contactId: ID) {
      closePortalConversation(id: $id, contactId: $contactId) {
        ...PortalConversationFields
      }
    }
  `,
  ...conversationFragments,
);

const reopenDocument = withFragments(
  /* GraphQL */ `
    mutation RestReopenPortalConversation($id: ID!, $contactId: ID) {
      reopenPortalConversation(id: $id, contactId: $contactId) {
        ...PortalConversationFields
      }
    }
  `,
  ...conversationFragments,
);

/** The documented custom field values; numbers and booleans are accepted as their text. */
function customFieldsInput(value: unknown) {
  if (!Array.isArray(value)) return value;
  return value.map((item) => {
    if (!item || typeof item !== 'object') return item;
    const { id, name, value: raw } = item as Record<string, unknown>;
    return { id, name, value: typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw };
  });
}

const statusRoute = (action: 'close' | 'reopen', document: string) => ({
  method: 'PUT' as const,
  path: `/api/v3/anytime/portalConversations/{id}/${action}`,
  document,
  variables: (request: RestRequest) => ({ id: request.params.id, contactId: contactIdOf(request) }),
});

export const portalRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/portalConversations/{id}',
    includes: ['contact', 'messages'],
    document: withFragments(
      /* GraphQL */ `
        query RestGetPortalConversation($id: ID!, $contactId: ID, $withContact: Boolean! = false, $withMessages: Boolean! = false) {
          portalConversation(id: $id, contactId: $contactId) {
            ...PortalConversationFields
            contact @include(if: $withContact) {
              ...ContactFields
            }
            messages @include(if: $withMessages) {
              ...PortalMessageFields
            }
          }
        }
      `,
      ...conversationFragments,
      ContactFields,
      PortalMessageFields,
      AttachmentFields,
    ),
    variables: (request) => ({ id: request.params.id, contactId: contactIdOf(request) }),
  },
  {
    method: 'GET',
    path: '/api/v3/anytime/portalConversations',
    includes: ['contact'],
    document: withFragments(
      /* GraphQL */ `
        query RestListPortalConversations($contactIds: [ID!], $withContact: Boolean! = false) {
          portalConversations(contactIds: $contactIds) {
            ...PortalConversationFields
            contact @include(if: $withContact) {
              ...ContactFields
            }
          }
        }
      `,
      ...conversationFragments,
      ContactFields,
    ),
    variables: ({ query }) => ({ contactIds: queryList(query, 'contactIds') }),
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/portalConversations',
    document: withFragments(
      /* GraphQL */ `
        mutation RestSubmitPortalConversation($input: SubmitPortalConversationInput!) {
          submitPortalConversation(input: $input) {
            ...PortalConversationFields
          }
        }
      `,
      ...conversationFragments,
    ),
    variables: ({ body }) => {
      const message = body.message && typeof body.message === 'object' && !Array.isArray(body.message) ? (body.message as Record<string, unknown>) : undefined;
      return {
        input: {
          ...pick(body, ['subject']),
          ...(body.customFields !== undefined ? { customFields: customFieldsInput(body.customFields) } : {}),
          ...(body.contactId !== undefined && body.contactId !== null ? { contactId: String(body.contactId) } : {}),
          ...(message ? { message: messageInput(message, 'message.') } : body.message !== undefined ? { message: body.message } : {}),
        },
      };
    },
  },
  statusRoute('close', closeDocument),
  statusRoute('reopen', reopenDocument),
  {
    method: 'GET',
    path: '/api/v3/anytime/portalConversations/{id}/messages',
    includes: ['sender'],
    document: withFragments(
      /* GraphQL */ `
        query RestListPortalMessages($id: ID!, $contactId: ID, $withSender: Boolean! = false) {
          portalConversation(id: $id, contactId: $contactId) {
            messages {
              ...PortalMessageFields
              sender @include(if: $withSender) {
                ... on PortalAgent {
                  id: databaseId
                  name
                }
                ... on Contact {
                  ...ContactFields
                }
              }
            }
          }
        }
      `,
      PortalMessageFields,
      AttachmentFields,
      ContactFields,
    ),
    variables: (request) => ({ id: request.params.id, contactId: contactIdOf(request) }),
    shape: (data: RestListPortalMessagesQuery) => data.portalConversation.messages,
  },
  {
    method: 'POST',
    path: '/api/v3/anytime/portalConversations/{id}/messages',
    document: withFragments(
      /* GraphQL */ `
        mutation RestReplyPortalConversation($id: ID!, $input: PortalReplyInput!) {
          replyPortalConversation(id: $id, input: $input) {
            ...PortalMessageFields
          }
        }
      `,
      PortalMessageFields,
      AttachmentFields,
    ),
    variables: (request) => ({
      id: request.params.id,
      input: { ...messageInput(request.body, ''), ...(contactIdOf(request) !== undefined ? { contactId: contactIdOf(request) } : {}) },
    }),
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/portalConversations/{id}/read',
    document: /* GraphQL */ `
      mutation RestReadPortalConversation($id: ID!, $contactId: ID) {
        markPortalConversationRead(id: $id, contactId: $contactId) {
          databaseId
        }
      }
    `,
    variables: (request) => ({ id: request.params.id, contactId: contactIdOf(request) }),
    status: 204,
  },
  {
    method: 'PUT',
    path: '/api/v3/anytime/portalConversations/{id}/unread',
    document: /* GraphQL */ `
      mutation RestUnreadPortalConversation($id: ID!, $contactId: ID) {
        markPortalConversationUnread(id: $id, contactId: $contactId) {
          databaseId
        }
      }
    `,
    variables: (request) => ({ id: request.params.id, contactId: contactIdOf(request) }),
    status: 204,
  },
]);
