/** The GraphQL-over-HTTP conformance audits of graphql-http, against the real server. */
import { serverAudits } from 'graphql-http';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

describe('graphql-http server audits', () => {
  it('passes every audit', async () => {
    const audits = serverAudits({
      url: () => `${gw.url}/graphql`,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: adminAuth } }),
    });
    const failures: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status === 'error') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(audits.length).toBeGreaterThanOrEqual(61);
    expect(failures).toEqual([]);
  });
});

describe('GraphiQL', () => {
  it('asks a browser to sign in, then serves GraphiQL from the gateway itself (no CDN)', async () => {
    const anonymous = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="Anytime Gateway"/);

    const response = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html', authorization: adminAuth } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('Anytime Gateway');
    expect(html).toMatch(/subscriptionsProtocol[^,]*WS/);
    expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr/);
  });

  it('authenticates a WebSocket by its upgrade request, as a signed-in browser sends it', async () => {
    // What GraphiQL does in a browser: connection_init with no payload; the browser adds the
    // Basic credentials it holds for the origin to the upgrade request.
    class BrowserLikeWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { authorization: adminAuth } });
      }
    }
    const client = createClient({ url: `${gw.url.replace('http', 'ws')}/graphql`, webSocketImpl: BrowserLikeWebSocket, retryAttempts: 0 });
    const result = await new Promise<unknown>((resolve, reject) => {
      client.subscribe({ query: '{ viewerAgent { email } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    expect(result).toEqual({ data: { viewerAgent: { email: 'admin@test.local' } } });
    await client.dispose();
  });
});
