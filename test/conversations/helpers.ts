/** Shared helpers of the conversation tests: create conversations through the real API. */
import { expect } from 'vitest';
import { adminAuth, type TestGateway } from '../helpers/gateway.js';

export const BASE = '/api/v3/anytime';

export interface SubmitOptions {
  subject?: string;
  channel?: string;
  text?: string;
  format?: 'plaintext' | 'html';
  type?: string;
  extra?: Record<string, unknown>;
  message?: Record<string, unknown>;
  auth?: string;
}

/** POST /conversations; returns the created conversation JSON (asserting 200). */
export async function submit(gw: TestGateway, options: SubmitOptions = {}) {
  const response = await gw.rest(
    'POST',
    `${BASE}/conversations`,
    {
      subject: options.subject ?? 'Printer on fire',
      channel: options.channel ?? 'email',
      ...options.extra,
      message: { type: options.type ?? 'email', text: { format: options.format ?? 'plaintext', content: options.text ?? 'Hello there' }, ...options.message },
    },
    options.auth ?? adminAuth,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

export async function createContact(gw: TestGateway, name = 'Carol') {
  const [row] = await gw.sql(`INSERT INTO "Contact"(name) VALUES ($1) RETURNING id`, [name]);
  return row.id as number;
}

/** Database rows that show whether a write left anything behind. */
export async function snapshot(gw: TestGateway) {
  const [row] = await gw.sql(`SELECT
    (SELECT count(*) FROM "Conversation")::int AS conversations,
    (SELECT count(*) FROM "Message")::int AS messages,
    (SELECT count(*) FROM "DomainEvent")::int AS events,
    (SELECT count(*) FROM "Draft")::int AS drafts,
    (SELECT coalesce(string_agg(id || ':' || status || ':' || priority || ':' || coalesce("assignedAgentId"::text, '-') || ':' || coalesce("deletedTime"::text, '-'), ',' ORDER BY id), '') FROM "Conversation") AS state`);
  return row;
}

/**
 * A bearer token of a new OAuth client with `scopes`; with `contactId`, a portal token acting for
 * that contact (the viewer is then the contact).
 */
export async function clientAuth(gw: TestGateway, scopes: string[], contactId?: number): Promise<string> {
  const created = await gw.gql(
    `mutation($name: String!, $scopes: [String!]!) { createOAuthClient(name: $name, scopes: $scopes) { client { clientId } clientSecret } }`,
    { name: `client ${scopes.join('+')} ${Math.random()}`, scopes },
  );
  expect(created.errors).toBeUndefined();
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: created.data.createOAuthClient.client.clientId,
    client_secret: created.data.createOAuthClient.clientSecret,
    ...(contactId !== undefined ? { contact_id: String(contactId) } : { scope: scopes[0]! }),
  });
  const response = await fetch(`${gw.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const json = (await response.json()) as { access_token?: string };
  expect(response.status, JSON.stringify(json)).toBe(200);
  return `Bearer ${json.access_token}`;
}
