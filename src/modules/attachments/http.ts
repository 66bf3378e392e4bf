/**
 * The attachment routes that are not JSON, so they cannot be rows of the REST table:
 *   POST /api/v3/anytime/attachments                 multipart/form-data upload (part `file`)
 *   GET  /api/v3/anytime/attachments/{guid}/download the file (signed link, or a viewer who may see it)
 *   GET  /api/v3/anytime/attachments/{guid}/preview  the same, inline, for images
 *   POST /graphql with multipart/form-data           GraphQL multipart request spec (graphql-upload-ts)
 * They are mounted before the JSON body limit: uploads are streamed (never buffered whole) and
 * checked against the per-file limit while streaming. The upload calls the same service as the
 * `uploadAttachment` mutation.
 */
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { processRequest } from 'graphql-upload-ts';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { Context, Hono } from 'hono';
import type { Authenticator } from '../../auth/authenticator.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppDeps } from '../../graphql/context.js';
import { httpStatusOf } from '../../graphql/errors.js';
import { errorResponse } from '../../rest/router.js';
import type { Attachment } from '../../generated/prisma/client.js';
import { attachmentLinks, isPreviewable, verifyAttachmentLink } from './links.js';
import { mayView, uploadAttachment } from './service.js';
import { storageFor } from './storage.js';

/** busboy (graphql-upload-ts's multipart parser) has no bundled types; this is the part we use. */
interface BusboyFileInfo {
  filename: string | undefined;
  encoding: string;
  mimeType: string;
}
interface Busboy extends NodeJS.WritableStream {
  on(event: 'file', listener: (name: string, stream: Readable, info: BusboyFileInfo) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'close' | 'filesLimit' | 'partsLimit' | 'fieldsLimit', listener: () => void): this;
  on(event: string, listener: (...args: any[]) => void): this;
}
type BusboyFactory = (config: {
  headers: IncomingMessage['headers'];
  preservePath?: boolean;
  defParamCharset?: string;
  limits?: { files?: number; fileSize?: number; fields?: number; parts?: number; fieldSize?: number };
}) => Busboy;
const busboy = createRequire(import.meta.url)('busboy') as BusboyFactory;

/** Node request and response, as @hono/node-server hands them to handlers. */
type NodeEnv = { incoming?: IncomingMessage; outgoing?: ServerResponse };

/** The documented attachment JSON: the same fields, in the same form, as the GraphQL `Attachment`. */
export function attachmentJson(deps: Pick<AppDeps, 'config'>, row: Attachment) {
  const links = attachmentLinks(deps.config, row);
  return {
    id: row.id,
    messageId: row.messageId,
    type: row.type,
    mimetype: row.mimetype,
    originalId: row.originalId,
    originalLink: row.originalLink,
    text: row.text,
    fileName: row.fileName,
    url: links.url,
    previewUrl: links.previewUrl,
    size: row.size,
    scale: row.scale,
    isAvailable: row.isAvailable,
  };
}

const statusOf = (error: unknown): number => {
  const status =
    (error as { status?: number }).status ?? (error as { statusCode?: number }).statusCode ?? httpStatusOf(error as { extensions?: Record<string, unknown> });
  return status === 499 ? 400 : status;
};

/** Multipart overhead allowed on top of the file itself before Content-Length alone refuses a request. */
const MULTIPART_OVERHEAD = 64 * 1024;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function mountAttachmentHttp(app: Hono<any>, deps: AppDeps, authenticator: Authenticator, yoga: { fetch(request: Request, context: Record<string | symbol, unknown>): Response | Promise<Response> }): void {
  const { config, logger } = deps;

  /** The viewer, or the 401/403 response to send instead. */
  async function viewerOf(c: Context): Promise<Viewer | Response> {
    try {
      const viewer = await authenticator.authenticateHttp((c.env as { incoming?: object } | undefined)?.incoming, c.req.header('authorization'));
      if (viewer.kind === 'anonymous') return errorResponse(c, 401, 'Authentication required');
      return viewer;
    } catch (error) {
      return errorResponse(c, 401, (error as Error).message);
    }
  }

  /** 413 at once when Content-Length alone shows the file cannot fit (no byte is read). */
  function tooLargeByLength(c: Context, maxFiles = 1): Response | null {
    const length = Number(c.req.header('content-length'));
    if (Number.isFinite(length) && length > config.attachmentMaxFileBytes * maxFiles + MULTIPART_OVERHEAD) {
      c.header('connection', 'close');
      return errorResponse(c, 413, `file is larger than the ${config.attachmentMaxFileBytes} byte limit`, { code: 'PAYLOAD_TOO_LARGE' });
    }
    return null;
  }

  // ─── REST upload ─────────────────────────────────────────────────────────
  app.post('/api/v3/anytime/attachments', async (c) => {
    const viewer = await viewerOf(c);
    if (viewer instanceof Response) return viewer;
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      return errorResponse(c, 415, 'Upload with Content-Type: multipart/form-data and the file in a part named "file"', {
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    }
    const early = tooLargeByLength(c);
    if (early) return early;
    const incoming = (c.env as NodeEnv).incoming;
    if (!incoming) throw new Error('attachment upload needs @hono/node-server');

    let parser: Busboy;
    try {
      parser = busboy({
        headers: incoming.headers,
        preservePath: true, // we refuse names with paths rather than silently cutting them
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: config.attachmentMaxFileBytes + 1, fields: 20, parts: 25, fieldSize: 64 * 1024 },
      });
    } catch (error) {
      return errorResponse(c, 400, `Malformed multipart request: ${(error as Error).message}`);
    }
    const ctx = { prisma: deps.prisma, events: deps.events, config, viewer, invalidations: deps.invalidations };

    return new Promise<Response>((resolve) => {
      let upload: Promise<Attachment> | undefined;
      let done = false;
      const finish = (response: Response) => {
        if (done) return;
        done = true;
        incoming.unpipe(parser);
        resolve(response);
      };
      const fail = (error: unknown) => {
        const status = statusOf(error);
        if (status >= 500) logger.error('attachment upload failed', { error: (error as Error).stack });
        const extensions = (error as { extensions?: { code?: string; errors?: unknown } }).extensions;
        finish(
          errorResponse(c, status >= 500 ? 500 : status, status >= 500 ? 'Internal server error' : (error as Error).message, {
            ...(extensions?.code ? { code: extensions.code } : {}),
            ...(extensions?.errors ? { errors: extensions.errors } : {}),
          }),
        );
      };
      parser.on('file', (name, stream, info) => {
        if (name !== 'file' || upload) {
          stream.resume(); // extra parts are ignored
          return;
        }
        upload = uploadAttachment(ctx, { fileName: info.filename, stream });
        // A refused file (413/415) answers at once, without waiting for the rest of the request.
        upload.catch(fail);
      });
      parser.on('error', (error) => fail(Object.assign(new Error(`Malformed multipart request: ${error.message}`), { status: 400 })));
      parser.on('close', () => {
        if (!upload) {
          fail(Object.assign(new Error('file is required: send it in a multipart part named "file"'), { status: 400 }));
          return;
        }
        upload.then((row) => finish(c.json(attachmentJson(deps, row), 200)), fail);
      });
      incoming.once('error', fail);
      incoming.pipe(parser);
    });
  });

  // ─── Downloads ───────────────────────────────────────────────────────────
  const download = (inline: boolean) => async (c: Context) => {
    const guid = c.req.param('guid') ?? '';
    const row = uuidPattern.test(guid) ? await deps.prisma.attachment.findUnique({ where: { id: guid.toLowerCase() } }) : null;
    const signature = c.req.query('signature');
    if (signature !== undefined) {
      // A signed link stands on its own: valid and unexpired, or refused (no hint whether the guid exists).
      if (!verifyAttachmentLink(config, guid.toLowerCase(), c.req.query('expires') ?? null, signature)) {
        return errorResponse(c, 403, 'This download link is invalid or has expired');
      }
      if (!row) return errorResponse(c, 404, `attachment ${guid} not found`);
    } else {
      const viewer = await viewerOf(c);
      if (viewer instanceof Response) return viewer;
      if (!row || !(await mayView({ prisma: deps.prisma, viewer }, row))) return errorResponse(c, 404, `attachment ${guid} not found`);
    }
    if (!row.isAvailable) return errorResponse(c, 410, `attachment ${row.id} is no longer available`, { code: 'GONE' });
    if (inline && !isPreviewable(row.mimetype)) return errorResponse(c, 404, `attachment ${row.id} has no preview (not an image)`);
    let stream: Readable;
    try {
      if (!row.storageKey) throw Object.assign(new Error('no stored file'), { code: 'ENOENT' });
      stream = await storageFor(config).get(row.storageKey);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return errorResponse(c, 410, `the file of attachment ${row.id} is no longer stored`, { code: 'GONE' });
      throw error;
    }
    const encoded = encodeURIComponent(row.fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
    const asciiName = row.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: {
        'content-type': row.mimetype,
        'content-length': String(row.size),
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${encoded}`,
        // Uploaded content is never run as a page of ours.
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
        'cache-control': 'private, max-age=300',
        'x-request-id': String(c.get('requestId') ?? ''),
      },
    });
  };
  app.get('/api/v3/anytime/attachments/:guid/download', download(false));
  app.get('/api/v3/anytime/attachments/:guid/preview', download(true));

  // ─── GraphQL multipart requests ──────────────────────────────────────────
  app.post('/graphql', async (c, next) => {
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) return next();
    // Yoga's CSRF protection does not see these requests: a browser form can post multipart
    // cross-site without a preflight, so require a header only scripts (after CORS) can set.
    if (!c.req.header('x-graphql-csrf') && !c.req.header('apollo-require-preflight')) {
      return errorResponse(c, 400, 'Multipart GraphQL requests need a non-empty "x-graphql-csrf" or "apollo-require-preflight" header (CSRF protection)', {
        code: 'BAD_REQUEST',
      });
    }
    const viewer = await viewerOf(c);
    if (viewer instanceof Response) return viewer;
    const early = tooLargeByLength(c, MAX_GRAPHQL_FILES);
    if (early) return early;
    const { incoming, outgoing } = c.env as NodeEnv;
    if (!incoming || !outgoing) throw new Error('GraphQL uploads need @hono/node-server');
    let operations: unknown;
    try {
      operations = await processRequest(incoming, outgoing, {
        maxFileSize: config.attachmentMaxFileBytes + 1,
        maxFiles: MAX_GRAPHQL_FILES,
        maxFieldSize: config.jsonBodyLimitBytes,
      });
    } catch (error) {
      const status = statusOf(error);
      return errorResponse(c, status >= 500 ? 400 : status, (error as Error).message);
    }
    // Hand the parsed operations (whose Upload values are live streams) to Yoga as if JSON had been posted.
    const headers = new Headers({ 'content-type': 'application/json', accept: c.req.header('accept') ?? 'application/graphql-response+json' });
    const authorization = c.req.header('authorization');
    if (authorization) headers.set('authorization', authorization);
    const request = new Request(new URL('/graphql', c.req.url), { method: 'POST', headers, body: '{}' });
    return yoga.fetch(request, { requestId: c.get('requestId'), [uploadOperations]: operations });
  });
}

/** Where the multipart handler leaves the parsed operations for Yoga (in the server context). */
const uploadOperations = Symbol('uploadOperations');

/**
 * A Yoga plugin: for a multipart request already parsed by graphql-upload-ts (above), Yoga takes
 * the parsed operations, whose `Upload` values are live file streams, instead of reading the body.
 */
export function attachmentUploadPlugin(): Plugin<Record<string, unknown>> {
  return {
    onRequestParse({ serverContext, setRequestParser }) {
      const operations = (serverContext as Record<symbol, unknown>)[uploadOperations];
      if (operations) setRequestParser(() => operations as GraphQLParams);
    },
  };
}

/** Files one GraphQL multipart request may carry. */
const MAX_GRAPHQL_FILES = 10;
