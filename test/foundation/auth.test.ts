/**
 * Credentials → viewer: API keys (Basic), our own OAuth tokens (client_credentials, portal
 * contact tokens), an external issuer via JWKS, and the 401/403 split for REST and GraphQL.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let jwks: Server;
let externalKey: CryptoKey;
const EXTERNAL_ISSUER = 'https://issuer.test.local/';

beforeAll(async () => {
  // A real JWKS endpoint on loopback, playing the external identity provider.
  const pair = await generateKeyPair('RS256');
  externalKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const port = (jwks.address() as AddressInfo).port;
  gw = await startTestGateway({ oauthIssuer: EXTERNAL_ISSUER, oauthJwksUrl: `http://127.0.0.1:${port}/jwks.json` });
});
afterAll(async () => {
  await gw?.stop();
  jwks?.close();
});

const bearer = (token: string) => `Bearer ${token}`;

async function registerClient(scopes: string[]) {
  const created = await gw.gql(
    `mutation($name: String!, $scopes: [String!]!) { createOAuthClient(name: $name, scopes: $scopes) { client { clientId scopes } clientSecret } }`,
    { name: `client ${scopes.join('+')}`, scopes },
  );
  expect(created.errors).toBeUndefined();
  return { clientId: created.data.createOAuthClient.client.clientId as string, secret: created.data.createOAuthClient.clientSecret as string };
}

async function token(body: Record<string, string>, contentType = 'application/x-www-form-urlencoded') {
  const response = await fetch(`${gw.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: contentType.includes('json') ? JSON.stringify(body) : new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('API keys (HTTP Basic email:apiKey)', () => {
  it('accepts a valid key, rejects a wrong one, and stops accepting a revoked one at once', async () => {
    const agent = await gw.createAgent();
    const me = await gw.gql(`{ viewerAgent { databaseId email role } }`, {}, agent.auth);
    expect(me.data.viewerAgent).toEqual({ databaseId: agent.id, email: agent.email, role: 'agent' });

    const wrong = await gw.rest('GET', '/api/v3/agents', undefined, basicAuth(agent.email, 'atk_wrong'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Invalid email or API key');

    const keys = await gw.gql(`query($id: ID!) { agent(id: $id) { apiKeys { id } } }`, { id: String(agent.id) });
    const keyId = keys.data.agent.apiKeys[0].id;
    const revoked = await gw.gql(`mutation($id: Int!) { revokeApiKey(id: $id) { revokedTime } }`, { id: keyId });
    expect(revoked.data.revokeApiKey.revokedTime).toEqual(expect.any(String));
    const after = await gw.rest('GET', '/api/v3/agents', undefined, agent.auth);
    expect(after.status).toBe(401);
  });

  it('answers malformed Basic headers and unknown schemes with 401 and a message', async () => {
    for (const header of ['Basic !!!notbase64', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Digest abc', 'Basic']) {
      const response = await gw.rest('GET', '/api/v3/agents', undefined, header);
      expect(response.status, header).toBe(401);
      expect(response.body.message, header).toMatch(/Basic|scheme|credentials/i);
    }
    const graphql = await gw.gql(`{ viewerAgent { email } }`, {}, 'Basic !!!');
    expect(graphql.status).toBe(401);
    expect(graphql.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows a new key once and stores only a hash', async () => {
    const agent = await gw.createAgent();
    const rows = await gw.sql(`SELECT "secretHash", prefix FROM "ApiKey" WHERE "agentId" = $1`, [agent.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].secretHash).toMatch(/^\$2[aby]\$/);
    const secret = Buffer.from(agent.auth.slice(6), 'base64').toString().split(':')[1]!;
    expect(rows[0].secretHash).not.toContain(secret);
    expect(secret.startsWith(rows[0].prefix)).toBe(true);
  });

  it('lets an agent manage its own keys but not another agent’s', async () => {
    const alice = await gw.createAgent();
    const bob = await gw.createAgent();
    const own = await gw.gql(`mutation($id: ID!) { createApiKey(agentId: $id, name: "laptop") { apiKey { name } secret } }`, { id: String(alice.id) }, alice.auth);
    expect(own.data.createApiKey.apiKey.name).toBe('laptop');
    const other = await gw.gql(`mutation($id: ID!) { createApiKey(agentId: $id) { secret } }`, { id: String(bob.id) }, alice.auth);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('401 versus 403', () => {
  it('answers anonymous callers 401 and signed-in callers without the scope 403, over REST and GraphQL', async () => {
    const agent = await gw.createAgent();
    expect((await gw.rest('POST', '/api/v3/departments', { name: 'Sales' }, null)).status).toBe(401);
    const forbidden = await gw.rest('POST', '/api/v3/departments', { name: 'Sales' }, agent.auth);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toMatch(/not allowed/);
    expect(await gw.sql(`SELECT * FROM "Department"`)).toEqual([]);

    const anonymous = await gw.gql(`mutation { createTag(input: { name: "x" }) { name } }`, {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const agentCall = await gw.gql(`mutation { createTag(input: { name: "x" }) { name } }`, {}, agent.auth);
    expect(agentCall.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await gw.sql(`SELECT * FROM "Tag"`)).toEqual([]);
  });
});

describe('OAuth 2.0 tokens from /oauth/token', () => {
  it('issues a client_credentials token whose viewer is the integration', async () => {
    const client = await registerClient(['api']);
    const issued = await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'api' });
    // Integrations may manage contacts but not agents.
    const contacts = await gw.rest('GET', '/api/v3/contacts', undefined, bearer(issued.body.access_token));
    expect(contacts.status).toBe(200);
    const agents = await gw.rest('GET', '/api/v3/agents', undefined, bearer(issued.body.access_token));
    expect(agents.status).toBe(403);
  });

  it('accepts client credentials as HTTP Basic and JSON bodies', async () => {
    const client = await registerClient(['api']);
    const response = await fetch(`${gw.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.clientId, client.secret) },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    const json = await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret }, 'application/json');
    expect(json.status).toBe(200);
  });

  it('issues a portal token for one contact, whose viewer is that contact', async () => {
    const client = await registerClient(['portal']);
    const contact = await gw.rest('POST', '/api/v3/contacts', { name: 'Carol' });
    const other = await gw.rest('POST', '/api/v3/contacts', { name: 'Dave' });
    const issued = await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret, contact_id: String(contact.body.id) });
    expect(issued.status).toBe(200);
    const auth = bearer(issued.body.access_token);
    const self = await gw.gql(`query($id: ID!) { contact(id: $id) { name } }`, { id: String(contact.body.id) }, auth);
    expect(self.data.contact.name).toBe('Carol');
    const foreign = await gw.gql(`query($id: ID!) { contact(id: $id) { name } }`, { id: String(other.body.id) }, auth);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await gw.rest('GET', '/api/v3/contacts', undefined, auth)).status).toBe(403);
  });

  it('refuses bad token requests with RFC 6749 errors', async () => {
    const api = await registerClient(['api']);
    const cases: [Record<string, string>, number, string][] = [
      [{ grant_type: 'password', client_id: api.clientId, client_secret: api.secret }, 400, 'unsupported_grant_type'],
      [{ grant_type: 'client_credentials', client_id: api.clientId, client_secret: 'wrong' }, 401, 'invalid_client'],
      [{ grant_type: 'client_credentials', client_id: 'nope', client_secret: 'x' }, 401, 'invalid_client'],
      [{ grant_type: 'client_credentials' }, 401, 'invalid_client'],
      [{ grant_type: 'client_credentials', client_id: api.clientId, client_secret: api.secret, scope: 'portal' }, 400, 'invalid_scope'],
      [{ grant_type: 'client_credentials', client_id: api.clientId, client_secret: api.secret, contact_id: '1' }, 400, 'invalid_scope'],
    ];
    for (const [body, status, error] of cases) {
      const response = await token(body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.body.error).toBe(error);
      expect(response.body.error_description).toEqual(expect.any(String));
    }
    const portal = await registerClient(['portal']);
    const missingContact = await token({ grant_type: 'client_credentials', client_id: portal.clientId, client_secret: portal.secret, contact_id: '999999' });
    expect(missingContact).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const badType = await fetch(`${gw.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(badType.status).toBe(415);
  });

  it('rejects forged, expired and revoked-client tokens with 401', async () => {
    const client = await registerClient(['api']);
    const issued = await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret });
    const good = issued.body.access_token as string;
    const [header, payload] = good.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), scope: 'portal' })).toString('base64url');
    const forged = `${header}.${forgedPayload}.${good.split('.')[2]}`;
    const forgedResponse = await gw.rest('GET', '/api/v3/contacts', undefined, bearer(forged));
    expect(forgedResponse).toMatchObject({ status: 401, body: { message: 'Invalid bearer token' } });

    const expired = await new SignJWT({ cid: client.clientId, scope: 'api' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('anytime-gateway')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode('test-secret-for-signing-tokens-0123456789'));
    expect(await gw.rest('GET', '/api/v3/contacts', undefined, bearer(expired))).toMatchObject({ status: 401, body: { message: 'Bearer token expired' } });

    expect((await gw.rest('GET', '/api/v3/contacts', undefined, bearer('not-a-jwt'))).status).toBe(401);

    await gw.gql(`mutation($id: String!) { revokeOAuthClient(clientId: $id) { revokedTime } }`, { id: client.clientId });
    expect((await gw.rest('GET', '/api/v3/contacts', undefined, bearer(good))).status).toBe(401);
  });
});

describe('external OAuth issuer (JWKS)', () => {
  const sign = (claims: Record<string, unknown>, issuer = EXTERNAL_ISSUER) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setIssuedAt().setExpirationTime('5m').sign(externalKey);

  it('accepts a token whose email claim names an agent', async () => {
    const agent = await gw.createAgent();
    const response = await gw.gql(`{ viewerAgent { databaseId } }`, {}, bearer(await sign({ email: agent.email.toUpperCase() })));
    expect(response.data.viewerAgent.databaseId).toBe(agent.id);
  });

  it('rejects unknown emails and unknown issuers', async () => {
    expect((await gw.rest('GET', '/api/v3/agents', undefined, bearer(await sign({ email: 'nobody@x.y' })))).status).toBe(401);
    expect((await gw.rest('GET', '/api/v3/agents', undefined, bearer(await sign({ email: 'a@b.c' }, 'https://evil.example/')))).status).toBe(401);
  });
});
