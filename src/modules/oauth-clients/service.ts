/** OAuth 2.0 clients an admin registers; they obtain bearer tokens at POST /oauth/token. */
import { randomBytes } from 'node:crypto';
import { generateSecret, hashSecret } from '../../auth/secrets.js';
import { inTransaction, type ServiceContext } from '../../engine/write.js';
import { invalidField, notFound } from '../../graphql/errors.js';

/** `api`: act as an integration; `portal`: additionally act for contacts on the customer portal. */
export const OAUTH_SCOPES = ['api', 'portal'] as const;

export async function createOAuthClient(ctx: ServiceContext, input: { name: string; scopes: string[] }) {
  const name = input.name.trim();
  if (!name) throw invalidField('name', 'is required');
  const unknown = input.scopes.filter((scope) => !(OAUTH_SCOPES as readonly string[]).includes(scope));
  if (unknown.length) throw invalidField('scopes', `unknown scope(s): ${unknown.join(', ')}; known: ${OAUTH_SCOPES.join(', ')}`);
  if (input.scopes.length === 0) throw invalidField('scopes', 'must name at least one scope');
  const clientId = `client_${randomBytes(9).toString('base64url')}`;
  const clientSecret = generateSecret('cs');
  const secretHash = await hashSecret(clientSecret);
  const client = await inTransaction(ctx, (tx) =>
    tx.oAuthClient.create({ data: { clientId, name, scopes: [...new Set(input.scopes)], secretHash } }),
  );
  return { client, clientSecret };
}

export async function revokeOAuthClient(ctx: ServiceContext, clientId: string) {
  return inTransaction(ctx, async (tx) => {
    const client = await tx.oAuthClient.findUnique({ where: { clientId } });
    if (!client) throw notFound('OAuth client', clientId);
    if (client.revokedTime) return client;
    return tx.oAuthClient.update({ where: { clientId }, data: { revokedTime: new Date() } });
  });
}
