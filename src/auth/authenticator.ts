/**
 * Turns request credentials into a Viewer.
 *  - `Authorization: Basic base64(email:apiKey)`: an agent's API key.
 *  - `Authorization: Bearer <jwt>`: a token from our own /oauth/token endpoint (HS256), or, when
 *    OAUTH_ISSUER/OAUTH_JWKS_URL are set, from that external issuer (its `email` claim names an agent).
 * No header: the anonymous viewer. A header that is present but wrong is never treated as anonymous:
 * it is an UNAUTHENTICATED error, so a caller with a typo learns about it.
 *
 * A header that worked is remembered (by its SHA-256) with the viewer it gave, so a request costs
 * no SQL statement for authentication. The memory is exact: any committed write to API keys,
 * agents, OAuth clients or contact deletions moves the "credentials" generation in every process
 * (src/db/invalidation.ts), so a revoked key stops working at once; a token's viewer is never
 * remembered past the token's expiry.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { cacheOf, type Invalidations } from '../db/invalidation.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Config } from '../config.js';
import { unauthenticated } from '../graphql/errors.js';
import { VerifiedCredentialCache, verifySecret } from './secrets.js';
import { anonymous, type Viewer } from './viewer.js';

export const TOKEN_ISSUER = 'anytime-gateway';

export interface TokenSubject {
  clientId: string;
  scopes: string[];
  /** Set for portal tokens: the contact the token acts as. */
  contactId?: number;
}

export class Authenticator {
  private readonly apiKeyCache = new VerifiedCredentialCache();
  private readonly signingKey: Uint8Array;
  private readonly externalJwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly config: Config,
    jwtSecret: string,
    private readonly invalidations: Invalidations,
  ) {
    this.signingKey = new TextEncoder().encode(jwtSecret);
    if (config.oauthJwksUrl) this.externalJwks = createRemoteJWKSet(new URL(config.oauthJwksUrl));
  }

  /** Viewers of the HTTP requests in flight: an entry lives exactly as long as its request. */
  private readonly viewerByRequest = new WeakMap<object, Promise<Viewer>>();

  /**
   * An HTTP request's viewer, checked once however often it is asked (the rate limiter asks first,
   * then GraphQL's limits or the REST router): a second check would cost a second bcrypt for a
   * wrong key. Keyed by Node's IncomingMessage, the one object every layer sees for the whole
   * request (Hono's Request is replaced when the input guard rewrites a body, Yoga makes its own),
   * rather than kept in AsyncLocalStorage, whose promise hooks cost every promise of every request.
   */
  authenticateHttp(incoming: object | undefined, authorization: string | null | undefined): Promise<Viewer> {
    if (!incoming) return this.verify(authorization);
    let viewer = this.viewerByRequest.get(incoming);
    if (!viewer) {
      viewer = this.verify(authorization);
      this.viewerByRequest.set(incoming, viewer);
    }
    return viewer;
  }

  /** The viewer an HTTP request was (or is being) authenticated as, if any layer asked; checks nothing. For the access log. */
  viewerOfRequest(incoming: object): Promise<Viewer> | undefined {
    return this.viewerByRequest.get(incoming);
  }

  /** Credentials from elsewhere than an HTTP request (a WebSocket's connectionParams). */
  authenticate(authorization: string | null | undefined): Promise<Viewer> {
    return this.verify(authorization);
  }

  private async verify(authorization: string | null | undefined): Promise<Viewer> {
    if (!authorization) return anonymous;
    const cache = cacheOf<{ viewer: Viewer; expires: number }>(this.invalidations, 'viewerByCredentials', 'credentials', {
      ttlMs: 5 * 60_000,
      maxEntries: 10_000,
    });
    const key = createHash('sha256').update(authorization).digest('base64url');
    const found = await cache.get(key, async () => {
      const viewer = await this.resolve(authorization);
      const exp = authorization.trim().toLowerCase().startsWith('bearer') ? decodeJwt(authorization.trim().slice(6).trim()).exp : undefined;
      return { viewer, expires: exp === undefined ? Infinity : exp * 1000 };
    });
    if (found.expires > Date.now()) return found.viewer;
    // Remembered past its token's expiry: verify again (which now says "expired").
    cache.delete(key);
    return this.resolve(authorization);
  }

  private async resolve(authorization: string): Promise<Viewer> {
    const [scheme, ...rest] = authorization.trim().split(/\s+/);
    const credentials = rest.join(' ');
    switch (scheme?.toLowerCase()) {
      case 'basic':
        return this.fromApiKey(credentials);
      case 'bearer':
        return this.fromBearer(credentials);
      default:
        throw unauthenticated(`Unsupported authorization scheme "${scheme}"; use Basic (email:apiKey) or Bearer`);
    }
  }

  private async fromApiKey(encoded: string): Promise<Viewer> {
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw unauthenticated('Malformed Basic credentials: expected base64 of "email:apiKey"');
    const email = decoded.slice(0, colon).toLowerCase();
    const key = decoded.slice(colon + 1);
    const invalid = () => unauthenticated('Invalid email or API key');

    const cachedKeyId = this.apiKeyCache.get(decoded);
    if (cachedKeyId !== undefined) {
      const row = await this.prisma.apiKey.findUnique({ where: { id: cachedKeyId }, include: { agent: true } });
      if (row && !row.revokedTime && row.agent.email === email) {
        return { kind: 'agent', agentId: row.agent.id, role: row.agent.role, email: row.agent.email, apiKeyId: row.id };
      }
      this.apiKeyCache.forget(decoded);
      throw invalid();
    }
    const agent = await this.prisma.agent.findUnique({
      where: { email },
      include: { apiKeys: { where: { revokedTime: null } } },
    });
    if (!agent) throw invalid();
    for (const apiKey of agent.apiKeys) {
      if (await verifySecret(key, apiKey.secretHash)) {
        this.apiKeyCache.set(decoded, apiKey.id);
        return { kind: 'agent', agentId: agent.id, role: agent.role, email: agent.email, apiKeyId: apiKey.id };
      }
    }
    throw invalid();
  }

  private async fromBearer(token: string): Promise<Viewer> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthenticated('Malformed bearer token');
    }
    if (issuer === TOKEN_ISSUER) return this.fromOwnToken(token);
    if (this.externalJwks && issuer === this.config.oauthIssuer) return this.fromExternalToken(token);
    throw unauthenticated('Bearer token from an unknown issuer');
  }

  private async fromOwnToken(token: string): Promise<Viewer> {
    const { payload } = await jwtVerify(token, this.signingKey, { issuer: TOKEN_ISSUER, algorithms: ['HS256'] }).catch(
      (error: unknown) => {
        throw unauthenticated(error instanceof joseErrors.JWTExpired ? 'Bearer token expired' : 'Invalid bearer token');
      },
    );
    const clientId = String(payload.cid ?? '');
    const client = await this.prisma.oAuthClient.findUnique({ where: { clientId } });
    if (!client || client.revokedTime) throw unauthenticated('The OAuth client of this token was revoked');
    const scopes = String(payload.scope ?? '').split(' ').filter(Boolean);
    if (typeof payload.contact_id === 'number') {
      const contact = await this.prisma.contact.findUnique({ where: { id: payload.contact_id }, select: { id: true } });
      if (!contact) throw unauthenticated('The contact of this token no longer exists');
      return { kind: 'contact', contactId: contact.id, clientId };
    }
    return { kind: 'integration', clientId, scopes };
  }

  private async fromExternalToken(token: string): Promise<Viewer> {
    const { payload } = await jwtVerify(token, this.externalJwks!, { issuer: this.config.oauthIssuer }).catch((error: unknown) => {
      throw unauthenticated(error instanceof joseErrors.JWTExpired ? 'Bearer token expired' : 'Invalid bearer token');
    });
    const email = typeof payload.email === 'string' ? payload.email.toLowerCase() : '';
    const agent = email ? await this.prisma.agent.findUnique({ where: { email } }) : null;
    if (!agent) throw unauthenticated('The token does not name a known agent (email claim)');
    return { kind: 'agent', agentId: agent.id, role: agent.role, email: agent.email };
  }

  async issueToken(subject: TokenSubject): Promise<{ token: string; expiresIn: number }> {
    const expiresIn = this.config.tokenTtlSeconds;
    const token = await new SignJWT({
      cid: subject.clientId,
      scope: subject.scopes.join(' '),
      ...(subject.contactId !== undefined ? { contact_id: subject.contactId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(subject.contactId !== undefined ? `contact:${subject.contactId}` : `client:${subject.clientId}`)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.signingKey);
    return { token, expiresIn };
  }
}
