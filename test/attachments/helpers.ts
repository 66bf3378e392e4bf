/** Upload helpers shared by the attachment and portal tests: real multipart clients (fetch + FormData). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { adminAuth, type TestGateway } from '../helpers/gateway.js';

const blobPart = (content: Buffer | string): BlobPart => (typeof content === 'string' ? content : new Uint8Array(content));

/** A 1x1 PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/** POST /api/v3/anytime/attachments with a `file` part (the client's declared type is deliberately wrong). */
export async function uploadRest(gw: TestGateway, content: Buffer | string, fileName: string, auth: string | null = adminAuth, declaredType = 'text/plain') {
  const form = new FormData();
  form.append('file', new Blob([blobPart(content)], { type: declaredType }), fileName);
  const response = await fetch(`${gw.url}/api/v3/anytime/attachments`, {
    method: 'POST',
    headers: auth ? { authorization: auth } : {},
    body: form,
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body };
}

/** The uploadAttachment mutation as a GraphQL multipart request (graphql-multipart-request-spec). */
export async function uploadGraphQL(
  gw: TestGateway,
  content: Buffer | string,
  fileName: string,
  auth: string | null,
  options: { csrf?: boolean; query?: string } = {},
) {
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({
      query: options.query ?? 'mutation($file: Upload!) { uploadAttachment(file: $file) { id fileName mimetype size type url previewUrl isAvailable messageId } }',
      variables: { file: null },
    }),
  );
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([blobPart(content)], { type: 'application/octet-stream' }), fileName);
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = auth;
  if (options.csrf !== false) headers['x-graphql-csrf'] = '1';
  const response = await fetch(`${gw.url}/graphql`, { method: 'POST', headers, body: form });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body };
}

/** Every stored file (and leftover .part file) under the gateway's attachment directory. */
export function storedFiles(gw: TestGateway): string[] {
  const root = join(gw.gateway.deps.config.dataDir, 'attachments');
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk(root);
  return out;
}

/** A portal-scope OAuth client and a bearer token acting as `contactId`. */
export async function contactToken(gw: TestGateway, contactId: number, client?: { clientId: string; secret: string }) {
  const registered = client ?? (await registerClient(gw, ['portal']));
  const response = await fetch(`${gw.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: registered.clientId,
      client_secret: registered.secret,
      contact_id: String(contactId),
    }).toString(),
  });
  const body = (await response.json()) as { access_token: string };
  if (!body.access_token) throw new Error(JSON.stringify(body));
  return `Bearer ${body.access_token}`;
}

export async function registerClient(gw: TestGateway, scopes: string[]) {
  const created = await gw.gql(
    `mutation($name: String!, $scopes: [String!]!) { createOAuthClient(name: $name, scopes: $scopes) { client { clientId } clientSecret } }`,
    { name: `client ${scopes.join('+')} ${Math.random()}`, scopes },
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  return { clientId: created.data.createOAuthClient.client.clientId as string, secret: created.data.createOAuthClient.clientSecret as string };
}

/** A bearer token of an integration (no contact) with these scopes. */
export async function integrationToken(gw: TestGateway, scopes: string[]) {
  const client = await registerClient(gw, scopes);
  const response = await fetch(`${gw.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret }).toString(),
  });
  const body = (await response.json()) as { access_token: string };
  return `Bearer ${body.access_token}`;
}

export async function createContact(gw: TestGateway, name = 'Customer') {
  const created = await gw.gql(`mutation($input: ContactInput!) { createContact(input: $input) { databaseId } }`, { input: { name } });
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  return created.data.createContact.databaseId as number;
}
