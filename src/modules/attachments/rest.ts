/**
 * Attachment REST routes that are JSON (upload and download are Hono handlers in http.ts).
 * The documented availability update lives under the live-chat v2 path; it is also served under
 * the Anytime v3 path beside upload and delete.
 */
import { invalidField } from '../../graphql/errors.js';
import { restRoutes, withFragments, type RestRequest } from '../../rest/route.js';

export const AttachmentFields = /* GraphQL */ `
  fragment AttachmentFields on Attachment {
    id
    messageId
    type
    mimetype
    originalId
    originalLink
    text
    fileName
    url
    previewUrl
    size
    scale
    isAvailable
  }
`;

const updateDocument = withFragments(
  /* GraphQL */ `
    mutation RestUpdateAttachment($id: String!, $isAvailable: Boolean!) {
      updateAttachment(id: $id, isAvailable: $isAvailable) {
        ...AttachmentFields
      }
    }
  `,
  AttachmentFields,
);

const updateVariables = ({ params, body }: RestRequest) => {
  if (typeof body.isAvailable !== 'boolean') throw invalidField('isAvailable', 'is required and must be true or false');
  return { id: params.guid, isAvailable: body.isAvailable };
};

export const attachmentRoutes = restRoutes([
  {
    method: 'GET',
    path: '/api/v3/anytime/attachments/{guid}',
    document: withFragments(
      /* GraphQL */ `
        query RestGetAttachment($id: String!) {
          attachment(id: $id) {
            ...AttachmentFields
          }
        }
      `,
      AttachmentFields,
    ),
    variables: ({ params }) => ({ id: params.guid }),
  },
  { method: 'PUT', path: '/api/v2/livechat/attachments/{guid}', document: updateDocument, variables: updateVariables },
  { method: 'PUT', path: '/api/v3/anytime/attachments/{guid}', document: updateDocument, variables: updateVariables },
  {
    method: 'DELETE',
    path: '/api/v3/anytime/attachments/{guid}',
    document: /* GraphQL */ `
      mutation RestDeleteAttachment($id: String!) {
        deleteAttachment(id: $id) {
          id
        }
      }
    `,
    variables: ({ params }) => ({ id: params.guid }),
    status: 204,
  },
]);
