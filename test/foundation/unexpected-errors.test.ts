/**
 * When something unexpected fails (here: the database goes away), callers get a generic error with
 * a request id, the log gets the details under the same id, and readiness turns 503.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
const logged: string[] = [];
beforeAll(async () => {
  gw = await startTestGateway({ logLevel: 'error' });
});
afterAll(() => gw?.stop());

async function cutDatabase(allow: boolean) {
  const name = new URL(gw.databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: gw.databaseUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allow}`);
  if (!allow) await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
  await admin.end();
}

describe('unexpected errors', () => {
  it('are masked for callers and logged with the request id', async () => {
    // Authenticate once while the database is up (the key is then cached), then cut the database.
    expect((await gw.rest('GET', '/api/v3/tags')).status).toBe(200);
    await cutDatabase(false);
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      // The masked error names the request's own id (x-request-id), so a caller's report finds the log line.
      const response = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: adminAuth, 'x-request-id': 'req-unexpected-1' },
        body: JSON.stringify({ query: `{ tags { name } }` }),
      });
      const graphql = (await response.json()) as { errors?: { message: string; extensions?: { requestId?: string } }[] };
      expect(graphql.errors?.[0]?.message).toBe('Unexpected error.');
      const requestId = graphql.errors?.[0]?.extensions?.requestId as string;
      expect(requestId).toBe('req-unexpected-1');
      expect(response.headers.get('x-request-id')).toBe('req-unexpected-1');
      expect(JSON.stringify(graphql)).not.toMatch(/prisma|ECONN|terminat|postgres/i);
      expect(logged.some((line) => line.includes(requestId) && line.includes('"level":"error"'))).toBe(true);

      const rest = await gw.rest('GET', '/api/v3/tags');
      expect(rest.status).toBe(500);
      expect(rest.body.message).toBe('Unexpected error.');

      const ready = await fetch(`${gw.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable' });
    } finally {
      process.stderr.write = write;
      await cutDatabase(true);
    }
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
  });
});
