/**
 * What a subscriber signed in with, reduced to the rows that must still exist (and not be revoked)
 * for its events to keep flowing. Resolved once when the subscription starts; re-checked for all
 * recipients of a batch of events in ONE statement, so an agent that is deleted or whose API key
 * is revoked stops receiving at the next event, without a query per subscriber.
 */
import { decodeJwt } from 'jose';
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';

export interface Credential {
  /** Stable key of what was presented (a hash, never the secret). */
  key: string;
  /** API keys that must remain unrevoked (the one presented). */
  apiKeyId?: number;
  /** Agent that must still exist (external bearer tokens name an agent, not a key). */
  agentId?: number;
  /** OAuth client that must remain unrevoked (integration and portal tokens). */
  clientId?: string;
  /** Contact that must still exist (portal tokens). */
  contactId?: number;
  /** Token expiry (ms since epoch). */
  expiresAt?: number;
}

/** Verified credentials → row ids, remembered per hub (one database) for its life, bounded. */
const MAX_REMEMBERED = 50_000;

const fingerprint = (authorization: string) => createHash('sha256').update(authorization).digest('base64url');

/**
 * Called only after the Authenticator accepted `authorization` for `viewer`: this records which
 * rows it rests on (the API key row comes with the viewer).
 */
export function credentialOf(
  resolved: Map<string, Credential>,
  viewer: Viewer,
  authorization: string | null | undefined,
): Credential {
  const key = fingerprint(authorization ?? '');
  const known = resolved.get(key);
  if (known) return known;
  const credential: Credential = { key };
  const [scheme, ...rest] = (authorization ?? '').trim().split(/\s+/);
  const presented = rest.join(' ');
  if (viewer.kind === 'agent' && viewer.apiKeyId !== undefined) {
    // The Authenticator already matched the key row: no second bcrypt comparison.
    credential.apiKeyId = viewer.apiKeyId;
  } else if (viewer.kind === 'agent') {
    credential.agentId = viewer.agentId;
  }
  if (viewer.kind === 'contact') {
    credential.contactId = viewer.contactId;
    credential.clientId = viewer.clientId;
  }
  if (viewer.kind === 'integration') credential.clientId = viewer.clientId;
  if (scheme?.toLowerCase() === 'bearer') {
    try {
      const exp = decodeJwt(presented).exp;
      if (typeof exp === 'number') credential.expiresAt = exp * 1000;
    } catch {
      // The Authenticator already accepted it; an undecodable token cannot reach here.
    }
  }
  if (resolved.size >= MAX_REMEMBERED) resolved.delete(resolved.keys().next().value as string);
  resolved.set(key, credential);
  return credential;
}

export interface CredentialCheck {
  isValid(credential: Credential): boolean;
  /** Current role of agents that signed in with a key or token (role changes apply at once). */
  roleOf(agentId: number): 'admin' | 'agent' | undefined;
}

/** One statement for any number of credentials. */
export async function checkCredentials(prisma: PrismaClient, credentials: Iterable<Credential>): Promise<CredentialCheck> {
  const apiKeyIds = new Set<number>();
  const agentIds = new Set<number>();
  const clientIds = new Set<string>();
  const contactIds = new Set<number>();
  for (const credential of credentials) {
    if (credential.apiKeyId !== undefined) apiKeyIds.add(credential.apiKeyId);
    if (credential.agentId !== undefined) agentIds.add(credential.agentId);
    if (credential.clientId !== undefined) clientIds.add(credential.clientId);
    if (credential.contactId !== undefined) contactIds.add(credential.contactId);
  }
  const valid = { apiKey: new Set<number>(), agent: new Set<number>(), client: new Set<string>(), contact: new Set<number>() };
  const roles = new Map<number, 'admin' | 'agent'>();
  if (apiKeyIds.size + agentIds.size + clientIds.size + contactIds.size > 0) {
    const rows = await prisma.$queryRaw<{ kind: string; id: string; agentId: number | null; role: string | null }[]>`
      SELECT 'apiKey' AS kind, k."id"::text AS id, a."id" AS "agentId", a."role"::text AS role
        FROM "ApiKey" k JOIN "Agent" a ON a."id" = k."agentId"
       WHERE k."id" = ANY(${[...apiKeyIds]}::int[]) AND k."revokedTime" IS NULL
      UNION ALL
      SELECT 'agent', a."id"::text, a."id", a."role"::text FROM "Agent" a WHERE a."id" = ANY(${[...agentIds]}::int[])
      UNION ALL
      SELECT 'client', c."clientId", NULL, NULL FROM "OAuthClient" c
       WHERE c."clientId" = ANY(${[...clientIds]}::text[]) AND c."revokedTime" IS NULL
      UNION ALL
      SELECT 'contact', ct."id"::text, NULL, NULL FROM "Contact" ct WHERE ct."id" = ANY(${[...contactIds]}::int[])`;
    for (const row of rows) {
      if (row.kind === 'apiKey') valid.apiKey.add(Number(row.id));
      if (row.kind === 'agent') valid.agent.add(Number(row.id));
      if (row.kind === 'client') valid.client.add(row.id);
      if (row.kind === 'contact') valid.contact.add(Number(row.id));
      if (row.agentId !== null && row.role) roles.set(row.agentId, row.role as 'admin' | 'agent');
    }
  }
  const now = Date.now();
  return {
    isValid: (c) =>
      (c.apiKeyId === undefined || valid.apiKey.has(c.apiKeyId)) &&
      (c.agentId === undefined || valid.agent.has(c.agentId)) &&
      (c.clientId === undefined || valid.client.has(c.clientId)) &&
      (c.contactId === undefined || valid.contact.has(c.contactId)) &&
      (c.expiresAt === undefined || c.expiresAt > now),
    roleOf: (agentId) => roles.get(agentId),
  };
}
