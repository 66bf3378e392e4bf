/**
 * src/config.ts: every environment value is validated by one zod schema; a bad value is one
 * line naming the variable, what it must be and what it got.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultBlockedAttachmentTypes, loadConfig } from '../../src/config.js';

function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('configuration', () => {
  it('has the documented defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      tokenTtlSeconds: 3600,
      jsonBodyLimitBytes: 1024 * 1024,
      logLevel: 'info',
      shutdownGraceMs: 10_000,
      attachmentBlockedTypes: defaultBlockedAttachmentTypes,
      webSocketKeepAliveMs: 12_000,
      workers: 2,
      workerPollMs: 2000,
      attachmentSweepSchedule: '0 * * * *',
    });
    expect(config.dataDir).toMatch(/\/\.data$/);
  });

  it('reads and converts valid values; blank means unset', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://u:p@db.example:5432/anytime',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PUBLIC_URL: 'https://help.example.com//',
      LOG_LEVEL: 'DEBUG',
      TOKEN_TTL_SECONDS: ' 60 ',
      ATTACHMENT_BLOCKED_TYPES: 'exe, application/x-sh',
      SHUTDOWN_GRACE_MS: '',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://u:p@db.example:5432/anytime',
      redisUrl: 'redis://127.0.0.1:6379',
      publicUrl: 'https://help.example.com',
      logLevel: 'debug',
      tokenTtlSeconds: 60,
      attachmentBlockedTypes: ['.exe', 'application/x-sh'],
      shutdownGraceMs: 10_000,
    });
    expect(loadConfig({ ATTACHMENT_BLOCKED_TYPES: '' }).attachmentBlockedTypes).toEqual([]);
    expect(loadConfig({ WORKERS: '0', WORKER_POLL_MS: '250', ATTACHMENT_SWEEP_SCHEDULE: ' */15 * * * * ' })).toMatchObject({
      workers: 0,
      workerPollMs: 250,
      attachmentSweepSchedule: '*/15 * * * *',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'invalid configuration: PORT must be an integer from 0 to 65535 (got "70000")'],
    [{ PORT: '4.5' }, 'invalid configuration: PORT must be an integer from 0 to 65535 (got "4.5")'],
    [{ SHUTDOWN_GRACE_MS: '-1' }, 'invalid configuration: SHUTDOWN_GRACE_MS must be an integer of at least 0 (got "-1")'],
    [{ TOKEN_TTL_SECONDS: '0' }, 'invalid configuration: TOKEN_TTL_SECONDS must be an integer of at least 1 (got "0")'],
    [{ DATABASE_URL: 'not a url' }, 'invalid configuration: DATABASE_URL must be a postgres or postgresql URL (got "not a url")'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'invalid configuration: DATABASE_URL must be a postgres or postgresql URL (got "mysql://x/y")'],
    [{ REDIS_URL: 'localhost:6379' }, 'invalid configuration: REDIS_URL must be a redis or rediss URL (got "localhost:6379")'],
    [{ PUBLIC_URL: 'ftp://x' }, 'invalid configuration: PUBLIC_URL must be a https or http URL (got "ftp://x")'],
    [{ LOG_LEVEL: 'loud' }, 'invalid configuration: LOG_LEVEL must be one of debug, info, warn, error, silent (got "loud")'],
    [{ ADMIN_EMAIL: 'nobody', ADMIN_API_KEY: 'k' }, 'invalid configuration: ADMIN_EMAIL must be an email address (got "nobody")'],
    [{ ADMIN_EMAIL: 'a@b.example' }, 'invalid configuration: ADMIN_EMAIL and ADMIN_API_KEY go together: set both or neither'],
    [{ OAUTH_ISSUER: 'https://idp.example' }, 'invalid configuration: OAUTH_ISSUER and OAUTH_JWKS_URL go together: set both or neither'],
    // A secret is named, never quoted: the line goes to the log.
    [{ JWT_SECRET: 'short' }, 'invalid configuration: JWT_SECRET must be at least 16 characters'],
    [{ METRICS_TOKEN: 'short-secret' }, 'invalid configuration: METRICS_TOKEN must be at least 16 characters'],
    [{ METRICS_TOKEN: 'a long secret with spaces' }, 'invalid configuration: METRICS_TOKEN must be printable ASCII without spaces (it is sent as a Bearer token)'],
    [{ ACCESS_LOG: 'maybe' }, 'invalid configuration: ACCESS_LOG must be one of on, off (got "maybe")'],
    [{ WORKERS: 'many' }, 'invalid configuration: WORKERS must be an integer from 0 to 64 (got "many")'],
    [{ WORKERS: '-1' }, 'invalid configuration: WORKERS must be an integer from 0 to 64 (got "-1")'],
    [{ WORKERS: '2.5' }, 'invalid configuration: WORKERS must be an integer from 0 to 64 (got "2.5")'],
    [{ WORKERS: '1000' }, 'invalid configuration: WORKERS must be an integer from 0 to 64 (got "1000")'],
    [{ WORKER_POLL_MS: '5' }, 'invalid configuration: WORKER_POLL_MS must be an integer of at least 10 (got "5")'],
    [
      { ATTACHMENT_SWEEP_SCHEDULE: 'hourly' },
      'invalid configuration: ATTACHMENT_SWEEP_SCHEDULE must be a crontab time pattern of five fields, e.g. "0 * * * *" (minute hour day month weekday) (got "hourly")',
    ],
    [
      { ATTACHMENT_SWEEP_SCHEDULE: '61 * * * *' },
      'invalid configuration: ATTACHMENT_SWEEP_SCHEDULE must be a crontab time pattern of five fields, e.g. "0 * * * *" (minute hour day month weekday) (got "61 * * * *")',
    ],
  ])('refuses %o with one clear line', (env, message) => {
    expect(failure(env)).toBe(message);
  });

  it('names every bad variable at once, on one line', () => {
    const message = failure({ PORT: 'abc', WEBSOCKET_KEEPALIVE_MS: '-5', LOG_LEVEL: 'x' });
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('PORT must be');
    expect(message).toContain('WEBSOCKET_KEEPALIVE_MS must be');
    expect(message).toContain('LOG_LEVEL must be');
  });

  it('applies overrides after validation (tests and benchmarks)', () => {
    expect(loadConfig({ PORT: '1234' }, { port: 0 }).port).toBe(0);
  });
});
