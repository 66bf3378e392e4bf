/**
 * The one place that reads the environment. Everything else receives a `Config`.
 * README.md's configuration table lists each variable; keep the two in step.
 */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** When unset, an embedded PostgreSQL is started with its data under `dataDir/postgres`. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminEmail: string | undefined;
  adminApiKey: string | undefined;
  /** HS256 secret for the bearer tokens the gateway issues; generated into dataDir when unset. */
  jwtSecret: string | undefined;
  tokenTtlSeconds: number;
  oauthIssuer: string | undefined;
  oauthJwksUrl: string | undefined;
  /** Largest JSON request body accepted, in bytes (413 beyond). */
  jsonBodyLimitBytes: number;
  /** Page size of REST lists (the spec's maximum of 50). */
  pageSize: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** How long SIGTERM waits for in-flight requests before closing sockets. */
  shutdownGraceMs: number;
}

function intFrom(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of debug, info, warn, error, silent; got "${logLevel}"`);
  }
  if (Boolean(env.OAUTH_ISSUER) !== Boolean(env.OAUTH_JWKS_URL)) {
    throw new Error('OAUTH_ISSUER and OAUTH_JWKS_URL go together: set both or neither');
  }
  return {
    port: intFrom('PORT', env.PORT, 4000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR || '.data'),
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminApiKey: env.ADMIN_API_KEY || undefined,
    jwtSecret: env.JWT_SECRET || undefined,
    tokenTtlSeconds: intFrom('TOKEN_TTL_SECONDS', env.TOKEN_TTL_SECONDS, 3600),
    oauthIssuer: env.OAUTH_ISSUER || undefined,
    oauthJwksUrl: env.OAUTH_JWKS_URL || undefined,
    jsonBodyLimitBytes: intFrom('JSON_BODY_LIMIT_BYTES', env.JSON_BODY_LIMIT_BYTES, 1024 * 1024),
    pageSize: 50,
    logLevel,
    shutdownGraceMs: intFrom('SHUTDOWN_GRACE_MS', env.SHUTDOWN_GRACE_MS, 10_000),
    ...overrides,
  };
}
