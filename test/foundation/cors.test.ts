/**
 * CORS (src/server.ts): only origins in CORS_ORIGINS may read the API from a browser. Any other
 * Origin gets no Access-Control-Allow-Origin (so the browser hides the response from that page),
 * on /graphql and REST alike, for preflights too. Yoga's own reflecting CORS is off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const LISTED = 'https://app.example.com';
const HOSTILE = 'https://evil.example.net';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ corsOrigins: [LISTED, 'http://localhost:5173'] });
});
afterAll(() => gw?.stop());

const graphqlPost = (origin: string) =>
  fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', authorization: adminAuth },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
const restGet = (origin: string) => fetch(`${gw.url}/api/v3/contacts`, { headers: { origin, authorization: adminAuth } });
const preflight = (path: string, origin: string) =>
  fetch(`${gw.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

describe('an origin not in CORS_ORIGINS', () => {
  it('gets no Access-Control-Allow-Origin on /graphql (the request itself still runs for same-origin-less clients)', async () => {
    const response = await graphqlPost(HOSTILE);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gets no Access-Control-Allow-Origin on a REST URL', async () => {
    const response = await restGet(HOSTILE);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gets no Access-Control-Allow-Origin on a preflight of /graphql or REST', async () => {
    for (const path of ['/graphql', '/api/v3/contacts']) {
      const response = await preflight(path, HOSTILE);
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(response.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
  });

  it('a near miss (other scheme, port or subdomain) is not listed either', async () => {
    for (const origin of ['http://app.example.com', 'https://app.example.com:8443', 'https://x.app.example.com', 'null']) {
      const response = await graphqlPost(origin);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });
});

describe('an origin in CORS_ORIGINS', () => {
  it('gets its origin echoed with credentials on /graphql and REST', async () => {
    for (const response of [await graphqlPost(LISTED), await restGet(LISTED)]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/i);
      expect(response.headers.get('vary')).toMatch(/origin/i);
    }
  });

  it('gets a preflight allowing the method and the Authorization header', async () => {
    for (const path of ['/graphql', '/api/v3/contacts']) {
      const response = await preflight(path, 'http://localhost:5173');
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin'), path).toBe('http://localhost:5173');
      expect(response.headers.get('access-control-allow-credentials'), path).toBe('true');
      expect(response.headers.get('access-control-allow-methods'), path).toMatch(/POST/);
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase(), path).toContain('authorization');
    }
  });
});

describe('CORS_ORIGINS configuration', () => {
  it('is empty by default: no origin is allowed', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });

  it('reads a comma-separated list, trailing slashes and blanks ignored', () => {
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example.com/ , http://localhost:3000,' }).corsOrigins).toEqual([
      'https://a.example.com',
      'http://localhost:3000',
    ]);
  });

  it.each(['*', 'app.example.com', 'https://app.example.com/path', 'ftp://app.example.com', 'https://a.example.com,nonsense'])(
    'refuses %j with a message naming CORS_ORIGINS',
    (value) => {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS must be a comma-separated list of origins/);
    },
  );
});
