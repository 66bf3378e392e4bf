/**
 * POST /oauth/token: the OAuth 2.0 token endpoint (RFC 6749 §4.4, client_credentials grant).
 * Client credentials come as HTTP Basic (client_id:client_secret) or in the body, which may be
 * application/x-www-form-urlencoded or JSON. A client with the `portal` scope may add
 * `contact_id` to get a token whose viewer is that contact. Errors use the RFC's JSON shape.
 */
import type { Context } from 'hono';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Authenticator } from './authenticator.js';
import { VerifiedCredentialCache, verifySecret } from './secrets.js';

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

const fail = (c: Context, status: 400 | 401 | 415, error: OAuthError, description: string) =>
  c.json({ error, error_description: description, message: description }, status, { 'cache-control': 'no-store' });

export function tokenEndpoint(prisma: PrismaClient, authenticator: Authenticator) {
  const verified = new VerifiedCredentialCache();
  return async (c: Context) => {
    const type = c.req.header('content-type') ?? '';
    let body: Record<string, unknown>;
    if (type.includes('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(await c.req.text()));
    else if (type.includes('application/json')) {
      try {
        body = (await c.req.json()) as Record<string, unknown>;
      } catch {
        return fail(c, 400, 'invalid_request', 'Malformed JSON body');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(c, 400, 'invalid_request', 'The body must be a JSON object');
    } else return fail(c, 415, 'invalid_request', 'Use application/x-www-form-urlencoded or application/json');

    if (body.grant_type !== 'client_credentials') {
      return fail(c, 400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    }
    let clientId = typeof body.client_id === 'string' ? body.client_id : '';
    let clientSecret = typeof body.client_secret === 'string' ? body.client_secret : '';
    const basic = c.req.header('authorization')?.match(/^Basic\s+(.+)$/i);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (!clientId || !clientSecret) return fail(c, 401, 'invalid_client', 'client_id and client_secret are required');

    const client = await prisma.oAuthClient.findUnique({ where: { clientId } });
    const presented = `${clientId}:${clientSecret}`;
    const ok =
      client &&
      !client.revokedTime &&
      (verified.get(presented) === client.id || (await verifySecret(clientSecret, client.secretHash)));
    if (!client || !ok) return fail(c, 401, 'invalid_client', 'Unknown client or wrong secret');
    verified.set(presented, client.id);

    const requested = typeof body.scope === 'string' && body.scope.trim() ? body.scope.trim().split(/\s+/) : client.scopes;
    const notAllowed = requested.filter((scope) => !client.scopes.includes(scope));
    if (notAllowed.length) return fail(c, 400, 'invalid_scope', `Scope not granted to this client: ${notAllowed.join(', ')}`);

    let contactId: number | undefined;
    if (body.contact_id !== undefined && body.contact_id !== '') {
      if (!requested.includes('portal')) return fail(c, 400, 'invalid_scope', 'contact_id needs the portal scope');
      contactId = Number(body.contact_id);
      if (!Number.isSafeInteger(contactId) || contactId <= 0) return fail(c, 400, 'invalid_request', 'contact_id must be a contact id');
      const contact = await prisma.contact.findUnique({ where: { id: contactId }, select: { id: true } });
      if (!contact) return fail(c, 400, 'invalid_request', `contact ${contactId} not found`);
    }
    const { token, expiresIn } = await authenticator.issueToken({ clientId, scopes: requested, contactId });
    return c.json(
      { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: requested.join(' ') },
      200,
      { 'cache-control': 'no-store' },
    );
  };
}
