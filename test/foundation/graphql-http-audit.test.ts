/** The GraphQL-over-HTTP conformance audits of graphql-http, against the real server. */
import { serverAudits } from 'graphql-http';
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
  it('is served to browsers at /graphql, with subscriptions over WebSocket', async () => {
    const response = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('Anytime Gateway');
    expect(html).toMatch(/subscriptionsProtocol[^,]*WS/);
  });
});
