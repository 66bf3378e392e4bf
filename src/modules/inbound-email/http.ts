/**
 * POST /api/v3/anytime/integrationAccounts/{id}/inbound — a raw RFC 822 message
 * (`Content-Type: message/rfc822`) for a relay (Postfix pipe, a provider's webhook). Not a row of
 * the REST table (the body is not JSON), so it is mounted before the JSON body limit with its own
 * (INBOUND_EMAIL_MAX_BYTES, 413 beyond). Who may post: admins and integrations with the `api` scope.
 * 201 with what the mail created; 200 with the same for a mail taken in before; 422 with the
 * reason for a mail that cannot be parsed (recorded as a failed delivery). Blocked senders
 * (src/modules/blocked-senders): 403 SENDER_REJECTED for a rejected sender (nothing stored), 202
 * `{ junk: true, junkId, ... }` for a mail kept as junk (200 when that junk was taken in before).
 */
import type { IncomingMessage } from 'node:http';
import type { Context, Hono } from 'hono';
import type { Authenticator } from '../../auth/authenticator.js';
import type { AppDeps } from '../../graphql/context.js';
import { httpStatusOf } from '../../graphql/errors.js';
import { errorResponse } from '../../rest/router.js';
import { receiveEmail } from './service.js';

class TooLarge extends Error {}

function readLimited(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    incoming.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        incoming.resume();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    incoming.once('end', () => !failed && resolve(Buffer.concat(chunks)));
    incoming.once('error', (error) => !failed && reject(error));
  });
}

export function mountInboundEmailHttp(app: Hono<any>, deps: AppDeps, authenticator: Authenticator): void {
  const { config, logger } = deps;
  app.post('/api/v3/anytime/integrationAccounts/:id/inbound', async (c: Context) => {
    let viewer;
    try {
      viewer = await authenticator.authenticateHttp((c.env as { incoming?: object } | undefined)?.incoming, c.req.header('authorization'));
    } catch (error) {
      return errorResponse(c, 401, (error as Error).message);
    }
    if (viewer.kind === 'anonymous') return errorResponse(c, 401, 'Authentication required');
    const allowed = (viewer.kind === 'agent' && viewer.role === 'admin') || (viewer.kind === 'integration' && viewer.scopes.includes('api'));
    if (!allowed) return errorResponse(c, 403, 'Only admins and integrations with the api scope may deliver mail');
    if (!/^message\/rfc822\b/i.test(c.req.header('content-type') ?? '')) {
      return errorResponse(c, 415, 'Post the raw message with Content-Type: message/rfc822', { code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const limit = config.inboundEmailMaxBytes;
    const length = Number(c.req.header('content-length'));
    if (Number.isFinite(length) && length > limit) {
      c.header('connection', 'close');
      return errorResponse(c, 413, `The message is larger than the ${limit} byte limit`, { code: 'PAYLOAD_TOO_LARGE' });
    }
    const incoming = (c.env as { incoming?: IncomingMessage }).incoming;
    if (!incoming) throw new Error('inbound email needs @hono/node-server');
    let raw: Buffer;
    try {
      raw = await readLimited(incoming, limit);
    } catch (error) {
      if (error instanceof TooLarge) {
        c.header('connection', 'close');
        return errorResponse(c, 413, `The message is larger than the ${limit} byte limit`, { code: 'PAYLOAD_TOO_LARGE' });
      }
      return errorResponse(c, 400, `The request body could not be read: ${(error as Error).message}`);
    }
    try {
      const result = await receiveEmail(deps, c.req.param('id') ?? '', raw);
      // A mail kept as junk (blocked sender): 202 with { junk: true, junkId, ... }.
      if ('junk' in result) return c.json(result, result.duplicate ? 200 : 202);
      return c.json(result, result.duplicate ? 200 : 201);
    } catch (error) {
      const status = httpStatusOf(error as { extensions?: Record<string, unknown> });
      if (status >= 500) {
        logger.error('inbound email failed', { error: (error as Error).stack });
        return errorResponse(c, 500, 'Internal server error');
      }
      const extensions = (error as { extensions?: { code?: string; errors?: unknown } }).extensions;
      return errorResponse(c, status, (error as Error).message, {
        ...(extensions?.code ? { code: extensions.code } : {}),
        ...(extensions?.errors ? { errors: extensions.errors } : {}),
      });
    }
  });
}
