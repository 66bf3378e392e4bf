/**
 * Starts the real gateway for one test file on its own fresh database (cloned from the migrated
 * template), listening on a random port, and offers small HTTP helpers. No mocks anywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { createLogger, type LogDestination } from '../../src/logger.js';

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_API_KEY = 'atk_test_admin_key_0123456789';
export const adminAuth = basicAuth(ADMIN_EMAIL, ADMIN_API_KEY);

export function basicAuth(email: string, key: string): string {
  return `Basic ${Buffer.from(`${email}:${key}`).toString('base64')}`;
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
}

export interface RestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestGateway {
  url: string;
  gateway: Gateway;
  databaseUrl: string;
  /** POST /graphql. `auth` is an Authorization header value; the admin by default, null for none. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, auth?: string | null): Promise<GraphQLResponse<T>>;
  /** A REST call; a body object is sent as JSON, a string as-is. */
  rest<T = any>(method: string, path: string, body?: unknown, auth?: string | null, headers?: Record<string, string>): Promise<RestResponse<T>>;
  /** SQL statements sent by the gateway while `fn` runs. */
  countSql(fn: () => Promise<unknown>): Promise<number>;
  /** Creates an agent with an API key; returns its id and Authorization header. */
  createAgent(input?: { name?: string; email?: string; role?: 'admin' | 'agent' }): Promise<{ id: number; auth: string; email: string }>;
  /** A direct connection to this file's database, for assertions on what was (not) written. */
  sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export async function createTestDatabase(): Promise<string> {
  const maintenanceUrl = inject('postgresMaintenanceUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE anytime_template`);
  } finally {
    await client.end();
  }
  return maintenanceUrl.replace(/\/postgres$/, `/${name}`);
}

export interface TestGatewayOptions {
  /** Where the gateway's log lines go (all levels), e.g. an array collector; LOG_LEVEL is `overrides.logLevel` or info. */
  logTo?: LogDestination;
}

/** A log destination that keeps every line, parsed. */
export function logCollector(): LogDestination & { lines: Record<string, any>[]; text(): string } {
  const raw: string[] = [];
  return {
    lines: [] as Record<string, any>[],
    write(line: string) {
      raw.push(line);
      this.lines.push(JSON.parse(line));
    },
    text: () => raw.join(''),
  };
}

export async function startTestGateway(overrides: Partial<Config> = {}, options: TestGatewayOptions = {}): Promise<TestGateway> {
  // A given database (a restart, a second process on the same data) is used as is, also by `sql`.
  const databaseUrl = overrides.databaseUrl ?? (await createTestDatabase());
  // The data dir this harness makes (unless the test names one) is removed by stop(): a test file
  // must leave its temp directory empty (test/setup/file-temp-dir.ts).
  const ownDataDir = overrides.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'anytime-test-data-')) : undefined;
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      databaseUrl,
      dataDir: ownDataDir,
      adminEmail: ADMIN_EMAIL,
      adminApiKey: ADMIN_API_KEY,
      jwtSecret: 'test-secret-for-signing-tokens-0123456789',
      logLevel: (process.env.TEST_LOG_LEVEL as Config['logLevel']) ?? (options.logTo ? 'info' : 'silent'),
      shutdownGraceMs: 2000,
      // All test requests come from 127.0.0.1: limits far above what any test makes, so only the
      // tests of the limits themselves (test/foundation/rate-limit.test.ts, with small ones) meet them.
      rateLimitCalls: 1_000_000,
      rateLimitAnonymousCalls: 1_000_000,
      rateLimitSignInFailures: 1_000_000,
      rateLimitWebSocketMessages: 1_000_000,
      ...overrides,
    },
  );
  let gateway: Gateway;
  try {
    gateway = await startGateway(config, createLogger(config.logLevel, options.logTo));
  } catch (error) {
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    throw error;
  }
  const sqlClient = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // Some tests cut the database on purpose; an idle harness connection dying then is expected.
  sqlClient.on('error', () => undefined);
  let agentCounter = 0;

  const self: TestGateway = {
    url: gateway.url,
    gateway,
    databaseUrl,
    async gql(query, variables, auth = adminAuth) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await response.json()) as GraphQLResponse;
      return { ...json, status: response.status };
    },
    async rest(method, path, body, auth = adminAuth, headers = {}) {
      const init: RequestInit = { method, headers: { ...(auth ? { authorization: auth } : {}), ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${gateway.url}${path}`, init);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed as any, headers: response.headers };
    },
    async countSql(fn) {
      const before = gateway.db.sqlStatements;
      await fn();
      return gateway.db.sqlStatements - before;
    },
    async createAgent(input = {}) {
      agentCounter += 1;
      const email = input.email ?? `agent${agentCounter}-${randomBytes(3).toString('hex')}@test.local`;
      const created = await self.gql(
        `mutation($input: AgentInput!) { createAgent(input: $input) { databaseId } }`,
        { input: { name: input.name ?? `Agent ${agentCounter}`, email, role: input.role ?? 'agent' } },
      );
      if (created.errors) throw new Error(JSON.stringify(created.errors));
      const id = created.data.createAgent.databaseId as number;
      const key = await self.gql(`mutation($id: ID!) { createApiKey(agentId: $id) { secret } }`, { id: String(id) });
      if (key.errors) throw new Error(JSON.stringify(key.errors));
      return { id, email, auth: basicAuth(email, key.data.createApiKey.secret) };
    },
    async sql(text, params) {
      const rows = (await sqlClient.query(text, params as unknown[])).rows;
      // The gateway's exact caches hear of this write by notification; wait until they have, so the
      // next request sees it (src/db/invalidation.ts).
      await gateway.deps.invalidations.barrier();
      return rows;
    },
    async stop() {
      try {
        await gateway.stop();
        await sqlClient.end();
      } finally {
        if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
      }
    },
  };
  return self;
}
