import { GraphQLUpload, type FileUpload } from 'graphql-upload-ts';
import { builder } from '../../graphql/builder.js';
import { badInput } from '../../graphql/errors.js';
import { asClientError, deleteAttachment, findVisibleAttachment, setAttachmentAvailability, uploadAttachment } from './service.js';
import { AttachmentRef } from './types.js';

/**
 * graphql-upload-ts's `Upload` scalar (GraphQL multipart request spec). The builder's scalar table
 * does not list it, hence the name cast; its input is the `Promise<FileUpload>` the library makes.
 */
const UploadScalar = builder.addScalarType('Upload' as 'JSON', GraphQLUpload, {});

const who = { agent: true, integration: true, contact: true } as const;

builder.queryFields((t) => ({
  attachment: t.field({
    type: AttachmentRef,
    description: 'An attachment by guid, if the viewer may see it (contacts: their uploads and their portal conversations).',
    authScopes: who,
    args: { id: t.arg.string({ required: true, description: 'The attachment guid.' }) },
    resolve: (_root, args, ctx) => findVisibleAttachment(ctx, args.id),
  }),
}));

builder.mutationFields((t) => ({
  uploadAttachment: t.field({
    type: AttachmentRef,
    description:
      'Uploads one file (multipart request, header `x-graphql-csrf` or `apollo-require-preflight` required). ' +
      'Reference it by id from a message, portal message or draft.',
    authScopes: who,
    args: { file: t.arg({ type: UploadScalar, required: true }) },
    resolve: async (_root, args, ctx) => {
      const pending = args.file as Promise<FileUpload> | undefined;
      if (!pending || typeof (pending as Promise<unknown>).then !== 'function') {
        throw badInput('file must be an uploaded file (GraphQL multipart request)', [{ field: 'file', message: 'must be a file' }]);
      }
      let stream;
      let fileName: string;
      try {
        const upload = await pending;
        fileName = upload.filename;
        stream = upload.createReadStream(); // throws when the file already broke the size limit
      } catch (error) {
        throw asClientError(error);
      }
      return uploadAttachment(ctx, { fileName, stream });
    },
  }),
  updateAttachment: t.field({
    type: AttachmentRef,
    description: 'Marks an attachment available or unavailable (downloads of an unavailable one answer 410).',
    authScopes: who,
    args: { id: t.arg.string({ required: true }), isAvailable: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => setAttachmentAvailability(ctx, args.id, args.isAvailable),
  }),
  deleteAttachment: t.field({
    type: AttachmentRef,
    description: 'Deletes an attachment and its stored file.',
    authScopes: who,
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => deleteAttachment(ctx, args.id),
  }),
}));
