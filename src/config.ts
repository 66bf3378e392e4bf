/**
 * The one place that reads the environment. Everything else receives a `Config`.
 * README.md's configuration tables list each variable; keep them in step.
 *
 * Every variable is declared once in `environmentSchema` (zod): its type, bounds and default.
 * `loadConfig` validates the whole environment at once and throws one `ConfigError` whose
 * message is a single line naming every bad variable, e.g.
 *   `invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")`.
 * To add a variable: a field in `Config`, an entry in `environmentSchema`, a line in `loadConfig`'s
 * mapping, a row in README.md.
 */
import { resolve } from 'node:path';
import { parseCronItem } from 'graphile-worker';
import { z } from 'zod';

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
  /** Deepest nesting accepted in a JSON body or GraphQL variables (400 beyond); the body object is level 1. */
  jsonMaxDepth: number;
  /** Page size of REST lists (the spec's maximum of 50). */
  pageSize: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** One JSON access-log line per HTTP request, at info (src/observability/http.ts). */
  accessLog: boolean;
  /** Bearer token that `GET /metrics` (Prometheus) requires; unset: no /metrics at all (404). */
  metricsToken: string | undefined;
  /** How long SIGTERM waits for in-flight requests before closing sockets. */
  shutdownGraceMs: number;
  /** Attachments: where files are stored on local disk; unset means `dataDir/attachments`. */
  attachmentDir: string | undefined;
  /** Largest single uploaded file, in bytes (413 beyond, checked while streaming). */
  attachmentMaxFileBytes: number;
  /** Largest total size of the attachments of one conversation, in bytes (413 beyond). */
  attachmentMaxConversationBytes: number;
  /** Largest raw message accepted by the inbound email endpoint, in bytes (413 beyond). */
  inboundEmailMaxBytes: number;
  /** Refused uploads (415): detected mimetypes (`application/x-msdownload`) and file extensions (`.exe`). */
  attachmentBlockedTypes: string[];
  /** Uploads never attached to a message (nor kept by a draft) are deleted after this many hours. */
  attachmentUnclaimedTtlHours: number;
  /** Lifetime of the signed download links in attachment `url` / `previewUrl`. */
  attachmentUrlTtlSeconds: number;
  /** Public base URL of the gateway (e.g. https://help.example.com) for absolute links; relative links when unset. */
  publicUrl: string | undefined;
  /** Origins (scheme://host[:port]) whose browser pages may call the API cross-origin, with credentials. Empty: none. */
  corsOrigins: string[];
  /** Redis carrying subscription events between gateway processes; in-process only when unset. */
  redisUrl: string | undefined;
  /** Catch-up (`after: cursor`) replays at most this many events... */
  subscriptionCatchUpMaxEvents: number;
  /** ...from at most this far back; an older cursor is answered with GONE (reload, then subscribe afresh). */
  subscriptionCatchUpWindowSeconds: number;
  /** Active subscriptions one WebSocket connection may hold. */
  subscriptionMaxPerConnection: number;
  /** Open subscription connections (WebSocket and SSE) one viewer may hold in this process. */
  subscriptionMaxConnectionsPerViewer: number;
  /** Events queued for one subscription that has not taken them yet; beyond, the slow consumer is dropped. */
  subscriptionMaxQueuedEvents: number;
  /** unreadCountsChanged recomputes a viewer's counts at most once per this many milliseconds. */
  unreadCountsDebounceMs: number;
  /** Rate limits (src/rate-limit.ts) apply at all; false only where something in front limits instead. */
  rateLimitEnabled: boolean;
  /** Calls one credential (API key, OAuth client, contact, agent of an external token) may make per window... */
  rateLimitCalls: number;
  rateLimitWindowSeconds: number;
  /** ...calls without credentials, per client IP... */
  rateLimitAnonymousCalls: number;
  rateLimitAnonymousWindowSeconds: number;
  /** ...failed sign-ins per client IP; beyond, that IP's credentials are refused unchecked until the window ends. */
  rateLimitSignInFailures: number;
  rateLimitSignInWindowSeconds: number;
  /** Messages one WebSocket connection may send per window (closed with 4429 beyond). */
  rateLimitWebSocketMessages: number;
  rateLimitWebSocketWindowSeconds: number;
  /** Proxies in front of the gateway whose X-Forwarded-For entries are believed (0: the socket's peer is the client). */
  trustProxyHops: number;
  /** Largest message accepted on a WebSocket (the socket is closed with 1009 beyond). */
  webSocketMaxPayloadBytes: number;
  /** WebSocket ping interval; a client that misses a pong for as long is disconnected. 0 disables. */
  webSocketKeepAliveMs: number;
  /** What one GraphQL document may ask (src/graphql/limits.ts); over a limit is a validation error (400). */
  graphqlMaxTokens: number;
  graphqlMaxAliases: number;
  graphqlMaxDepth: number;
  graphqlMaxDirectives: number;
  graphqlMaxCost: number;
  /** Who may ask `__schema`/`__type`: everyone, signed-in viewers, agents, or nobody. */
  introspection: 'all' | 'signed-in' | 'agents' | 'off';
  /** HTTP server timeouts (src/http-timeouts.ts): all request headers within headersTimeoutMs, ... */
  headersTimeoutMs: number;
  /** ...the whole request (headers and body, e.g. an upload) within requestTimeoutMs; ... */
  requestTimeoutMs: number;
  /** ...and an idle keep-alive connection is closed after keepAliveTimeoutMs. */
  keepAliveTimeoutMs: number;
  /** Durable event consumers run in this process (false: another process runs them). */
  consumersEnabled: boolean;
  /** How often a consumer looks for events committed by other processes (or before a restart). */
  consumerPollMs: number;
  /** Most events one consumer batch (one transaction) takes. */
  consumerBatchSize: number;
  /** Jobs this process runs at once (src/engine/jobs); 0: none here (it still enqueues; another process runs them). */
  workers: number;
  /** How often workers look for jobs that became due (run-at, retries); new jobs arrive by NOTIFY at once. */
  workerPollMs: number;
  /** Crontab time pattern (UTC) of the sweep of unclaimed uploads. */
  attachmentSweepSchedule: string;
  /** Triggers: how deep a chain of triggers fired by trigger writes goes (src/modules/triggers). */
  triggerMaxChainDepth: number;
  /** Outgoing email (src/modules/email): the SMTP server (smtp:// or smtps://); unset: outgoing email is off. */
  smtpUrl: string | undefined;
  /** The From of every outgoing email; its domain is the domain of Message-IDs. */
  mailFrom: string;
  /** Delivery attempts of one email (exponential backoff between them) before it is failed. */
  mailMaxAttempts: number;
  /** Trigger emails per conversation per 10 minutes; beyond, a trigger's email is skipped (two help desks mailing each other). */
  triggerMaxEmailsPer10Min: number;
  /** Length of one statusDuration "minute" in ms: 60000, smaller only as a test knob. */
  triggerStatusDurationUnitMs: number;
  /** Webhooks (src/modules/webhooks): delays before each delivery attempt, in ms; its length is the number of attempts. */
  webhookRetryScheduleMs: number[];
  /** Webhook targets may be private, loopback or link-local addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
  /** A webhook attempt fails when the TCP/TLS connection is not up within this, ... */
  webhookConnectTimeoutMs: number;
  /** ...or the whole attempt (connect, request, response) takes longer than this. */
  webhookTimeoutMs: number;
  /** Built-in SMTP listener for inbound mail (src/modules/inbound-email/smtp.ts): its port (0: any free one); unset: off. */
  smtpInboundPort: number | undefined;
  /** Address the SMTP listener binds to. */
  smtpInboundHost: string;
  /** IMAP fetching (src/modules/inbound-email/imap.ts): seconds between two fetches of one account's mailbox. */
  imapPollSeconds: number;
  /** Reports (src/modules/reports): the longest range a report or export covers, in days. */
  reportMaxRangeDays: number;
  /** Reports: `realtimeReportChanged` pushes at most once per this many ms. */
  reportRealtimeDebounceMs: number;
  /** TriggerRun rows older than this many days are deleted by the triggers.pruneRuns schedule. */
  triggerRunRetentionDays: number;
  /** Crontab time pattern (UTC) of that prune. */
  triggerRunPruneSchedule: string;
}

/** Executables and scripts: refused by default (by detected mimetype or by file extension). */
export const defaultBlockedAttachmentTypes = [
  'application/x-msdownload', 'application/x-dosexec', 'application/vnd.microsoft.portable-executable', 'application/x-executable',
  'application/x-elf', 'application/x-mach-binary', 'application/x-msi', 'application/x-sh',
  '.exe', '.dll', '.com', '.bat', '.cmd', '.msi', '.scr', '.pif', '.cpl', '.vbs', '.vbe', '.js', '.jse', '.wsf', '.wsh', '.ps1', '.sh', '.jar', '.app', '.elf',
];

/** A configuration the gateway cannot start with; `message` is one line naming each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

// ---- value kinds (an environment value is a string; an empty string means unset) ----

const unsetIfBlank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A whole number in [min, max]; `fallback` when unset. */
export function integer(fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {}) {
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  return z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .regex(/^[+-]?\d+$/, { error: `must be ${range}` })
      .transform(Number)
      .pipe(z.number().min(min, { error: `must be ${range}` }).max(max, { error: `must be ${range}` }))
      .default(fallback),
  );
}

/** `true`/`false` (also 1/0, yes/no, on/off); `fallback` when unset. */
export function flag(fallback: boolean) {
  return z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), { error: 'must be true or false' })
      .transform((v) => ['true', '1', 'yes', 'on'].includes(v))
      .default(fallback),
  );
}

/** An absolute URL whose scheme is one of `schemes`; undefined when unset. */
export function url(schemes: string[]) {
  const expected = `must be a ${schemes.join(' or ')} URL`;
  return z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .refine(
        (value) => {
          try {
            return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
          } catch {
            return false;
          }
        },
        { error: expected },
      )
      .optional(),
  );
}

/** A non-empty string; undefined when unset. */
const text = () => z.preprocess(unsetIfBlank, z.string().optional());

/** One of `values`; `fallback` when unset. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.preprocess(
    (v) => (typeof unsetIfBlank(v) === 'string' ? (v as string).trim().toLowerCase() : undefined),
    z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(fallback as never),
  );
}

/** A crontab time pattern (five fields: minute hour day-of-month month day-of-week), as graphile-worker reads it. */
function cronPattern(fallback: string) {
  return z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .refine(
        (value) => {
          try {
            parseCronItem({ match: value, task: 'check' });
            return true;
          } catch {
            return false;
          }
        },
        { error: 'must be a crontab time pattern of five fields, e.g. "0 * * * *" (minute hour day month weekday)' },
      )
      .default(fallback),
  );
}

/** `250ms`, `30s`, `10m`, `1h`, `2d`, or a bare number of milliseconds; undefined when it is none of these. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text);
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'ms') as 'ms'];
  return Number(match[1]) * unit;
}

/** Comm100's schedule: now, 1 min, 10 min, 1 h, then 24 h three times (7 attempts over about 3 days). */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = [0, 60_000, 600_000, 3_600_000, 86_400_000, 86_400_000, 86_400_000];

// ---- the environment ----

export const environmentSchema = z
  .object({
    PORT: integer(4000, { max: 65535 }),
    HOST: text(),
    DATABASE_URL: url(['postgres', 'postgresql']),
    DATA_DIR: text(),
    ADMIN_EMAIL: z.preprocess(unsetIfBlank, z.email({ error: 'must be an email address' }).optional()),
    ADMIN_API_KEY: text(),
    JWT_SECRET: z.preprocess(unsetIfBlank, z.string().min(16, { error: 'must be at least 16 characters' }).optional()),
    TOKEN_TTL_SECONDS: integer(3600, { min: 1 }),
    OAUTH_ISSUER: text(),
    OAUTH_JWKS_URL: url(['https', 'http']),
    JSON_BODY_LIMIT_BYTES: integer(1024 * 1024, { min: 1 }),
    JSON_MAX_DEPTH: integer(64, { min: 2, max: 10_000 }),
    LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    ACCESS_LOG: oneOf(['on', 'off'] as const, 'on'),
    METRICS_TOKEN: z.preprocess(
      unsetIfBlank,
      z
        .string()
        .min(16, { error: 'must be at least 16 characters' })
        .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces (it is sent as a Bearer token)' })
        .optional(),
    ),
    SHUTDOWN_GRACE_MS: integer(10_000),
    ATTACHMENT_DIR: text(),
    ATTACHMENT_MAX_FILE_BYTES: integer(20 * 1024 * 1024, { min: 1 }),
    ATTACHMENT_MAX_CONVERSATION_BYTES: integer(20 * 1024 * 1024, { min: 1 }),
    INBOUND_EMAIL_MAX_BYTES: integer(30 * 1024 * 1024, { min: 1 }),
    // Not blank-to-unset: an empty list deliberately blocks nothing.
    ATTACHMENT_BLOCKED_TYPES: z.string().optional(),
    ATTACHMENT_UNCLAIMED_TTL_HOURS: integer(24, { min: 1 }),
    ATTACHMENT_URL_TTL_SECONDS: integer(3600, { min: 1 }),
    PUBLIC_URL: url(['https', 'http']),
    REDIS_URL: url(['redis', 'rediss']),
    CORS_ORIGINS: z.preprocess(
      unsetIfBlank,
      z
        .string()
        .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
        .refine(
          (origins) =>
            origins.every((origin) => {
              try {
                const parsed = new URL(origin);
                return ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === origin.replace(/\/+$/, '');
              } catch {
                return false;
              }
            }),
          { error: 'must be a comma-separated list of origins such as https://app.example.com (scheme, host, optional port; no path)' },
        )
        .optional(),
    ),
    SUBSCRIPTION_CATCHUP_MAX_EVENTS: integer(10_000),
    SUBSCRIPTION_CATCHUP_WINDOW_SECONDS: integer(24 * 3600),
    SUBSCRIPTION_MAX_PER_CONNECTION: integer(100, { min: 1 }),
    SUBSCRIPTION_MAX_CONNECTIONS_PER_VIEWER: integer(50, { min: 1 }),
    SUBSCRIPTION_MAX_QUEUED_EVENTS: integer(1000, { min: 1 }),
    UNREAD_COUNTS_DEBOUNCE_MS: integer(250),
    WEBSOCKET_MAX_PAYLOAD_BYTES: integer(256 * 1024, { min: 1024 }),
    WEBSOCKET_KEEPALIVE_MS: integer(12_000),
    GRAPHQL_MAX_TOKENS: integer(2000, { min: 1 }),
    GRAPHQL_MAX_ALIASES: integer(30, { min: 0 }),
    GRAPHQL_MAX_DEPTH: integer(10, { min: 1 }),
    GRAPHQL_MAX_DIRECTIVES: integer(50, { min: 0 }),
    GRAPHQL_MAX_COST: integer(25_000, { min: 1 }),
    INTROSPECTION: oneOf(['all', 'signed-in', 'agents', 'off'] as const, 'signed-in'),
    HEADERS_TIMEOUT_MS: integer(10_000, { min: 1 }),
    REQUEST_TIMEOUT_MS: integer(300_000, { min: 1 }),
    KEEP_ALIVE_TIMEOUT_MS: integer(5_000, { min: 1 }),
    CONSUMERS: oneOf(['on', 'off'] as const, 'on'),
    RATE_LIMIT: oneOf(['on', 'off'] as const, 'on'),
    RATE_LIMIT_CALLS: integer(300, { min: 1 }),
    RATE_LIMIT_WINDOW_SECONDS: integer(300, { min: 1 }),
    RATE_LIMIT_ANONYMOUS_CALLS: integer(60, { min: 1 }),
    RATE_LIMIT_ANONYMOUS_WINDOW_SECONDS: integer(300, { min: 1 }),
    RATE_LIMIT_SIGNIN_FAILURES: integer(10, { min: 1 }),
    RATE_LIMIT_SIGNIN_WINDOW_SECONDS: integer(300, { min: 1 }),
    RATE_LIMIT_WEBSOCKET_MESSAGES: integer(100, { min: 1 }),
    RATE_LIMIT_WEBSOCKET_WINDOW_SECONDS: integer(10, { min: 1 }),
    TRUST_PROXY_HOPS: integer(0, { max: 10 }),
    CONSUMER_POLL_MS: integer(1000, { min: 10 }),
    CONSUMER_BATCH_SIZE: integer(200, { min: 1 }),
    WORKERS: integer(2, { max: 64 }),
    WORKER_POLL_MS: integer(2000, { min: 10 }),
    ATTACHMENT_SWEEP_SCHEDULE: cronPattern('0 * * * *'),
    TRIGGER_MAX_CHAIN_DEPTH: integer(3, { min: 1, max: 50 }),
    SMTP_URL: url(['smtp', 'smtps']),
    MAIL_FROM: z.preprocess(unsetIfBlank, z.string().trim().regex(/^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, { error: 'must be an address, e.g. "Help desk <help@example.com>"' }).default('Anytime <no-reply@anytime.localhost>')),
    MAIL_MAX_ATTEMPTS: integer(10, { min: 1, max: 25 }),
    TRIGGER_MAX_EMAILS_PER_10_MIN: integer(10, { min: 1, max: 10_000 }),
    TRIGGER_STATUS_DURATION_UNIT_MS: integer(60_000, { min: 1 }),
    WEBHOOK_RETRY_SCHEDULE: z.preprocess(
      unsetIfBlank,
      z
        .string()
        .transform((value, ctx) => {
          const delays = value.split(',').map((part) => parseDuration(part.trim()));
          if (delays.length > 25 || delays.some((delay) => delay === undefined)) {
            ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of at most 25 delays such as "0,1m,10m,1h,24h,24h,24h" (units ms, s, m, h, d)' });
            return z.NEVER;
          }
          return delays as number[];
        })
        .default(DEFAULT_WEBHOOK_RETRY_SCHEDULE),
    ),
    WEBHOOK_ALLOW_PRIVATE: flag(false),
    WEBHOOK_CONNECT_TIMEOUT_MS: integer(5_000, { min: 1 }),
    WEBHOOK_TIMEOUT_MS: integer(15_000, { min: 1 }),
    SMTP_INBOUND_PORT: z.preprocess(unsetIfBlank, integer(0, { max: 65535 }).optional()),
    SMTP_INBOUND_HOST: text(),
    IMAP_POLL_SECONDS: integer(60, { min: 1, max: 86_400 }),
    REPORT_MAX_RANGE_DAYS: integer(800, { min: 1, max: 36_600 }),
    REPORT_REALTIME_DEBOUNCE_MS: integer(1000, { min: 10, max: 600_000 }),
    TRIGGER_RUN_RETENTION_DAYS: integer(30, { min: 1, max: 3650 }),
    TRIGGER_RUN_PRUNE_SCHEDULE: cronPattern('23 3 * * *'),
  })
  .superRefine((env, issues) => {
    if (Boolean(env.OAUTH_ISSUER) !== Boolean(env.OAUTH_JWKS_URL)) {
      issues.addIssue({ code: 'custom', path: ['OAUTH_ISSUER'], message: 'and OAUTH_JWKS_URL go together: set both or neither', params: { pair: true } });
    }
    // Node refuses to start an HTTP server whose headers timeout is longer than its request timeout.
    if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
      issues.addIssue({
        code: 'custom',
        path: ['HEADERS_TIMEOUT_MS'],
        message: `(${env.HEADERS_TIMEOUT_MS}) must not be longer than REQUEST_TIMEOUT_MS (${env.REQUEST_TIMEOUT_MS})`,
        params: { pair: true },
      });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_API_KEY)) {
      issues.addIssue({ code: 'custom', path: ['ADMIN_EMAIL'], message: 'and ADMIN_API_KEY go together: set both or neither', params: { pair: true } });
    }
  });

export type Environment = z.output<typeof environmentSchema>;

/** Variables holding secrets: a bad value is named, never printed. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'ADMIN_API_KEY', 'METRICS_TOKEN']);

/** One line: `invalid configuration: PORT must be ... (got "abc"); REDIS_URL must be ...`. */
function describe(error: z.ZodError, env: NodeJS.ProcessEnv): string {
  const problems = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const raw = env[name];
    // A pair rule (set both or neither) is about two variables: no single value to quote.
    const pair = issue.code === 'custom' && (issue.params as { pair?: boolean } | undefined)?.pair;
    // A secret's value is never quoted: this line goes to the log.
    const got = raw === undefined || pair || SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(raw)})`;
    return `${name} ${issue.message}${got}`;
  });
  return `invalid configuration: ${problems.join('; ')}`;
}

/** Validates `env` (throws `ConfigError`), then applies `overrides` (tests and benchmarks). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(describe(parsed.error, env));
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST ?? '127.0.0.1',
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR ?? '.data'),
    adminEmail: e.ADMIN_EMAIL,
    adminApiKey: e.ADMIN_API_KEY,
    jwtSecret: e.JWT_SECRET,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    oauthIssuer: e.OAUTH_ISSUER,
    oauthJwksUrl: e.OAUTH_JWKS_URL,
    jsonBodyLimitBytes: e.JSON_BODY_LIMIT_BYTES,
    jsonMaxDepth: e.JSON_MAX_DEPTH,
    pageSize: 50,
    logLevel: e.LOG_LEVEL,
    accessLog: e.ACCESS_LOG === 'on',
    metricsToken: e.METRICS_TOKEN,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    attachmentDir: e.ATTACHMENT_DIR ? resolve(e.ATTACHMENT_DIR) : undefined,
    attachmentMaxFileBytes: e.ATTACHMENT_MAX_FILE_BYTES,
    attachmentMaxConversationBytes: e.ATTACHMENT_MAX_CONVERSATION_BYTES,
    inboundEmailMaxBytes: e.INBOUND_EMAIL_MAX_BYTES,
    attachmentBlockedTypes:
      e.ATTACHMENT_BLOCKED_TYPES !== undefined
        ? e.ATTACHMENT_BLOCKED_TYPES.split(',')
            .map((v) => v.trim().toLowerCase())
            .filter(Boolean)
            // "exe" means the extension ".exe"; entries with a slash are mimetypes.
            .map((v) => (v.includes('/') || v.startsWith('.') ? v : `.${v}`))
        : defaultBlockedAttachmentTypes,
    attachmentUnclaimedTtlHours: e.ATTACHMENT_UNCLAIMED_TTL_HOURS,
    attachmentUrlTtlSeconds: e.ATTACHMENT_URL_TTL_SECONDS,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    redisUrl: e.REDIS_URL,
    corsOrigins: (e.CORS_ORIGINS ?? []).map((origin) => origin.replace(/\/+$/, '')),
    subscriptionCatchUpMaxEvents: e.SUBSCRIPTION_CATCHUP_MAX_EVENTS,
    subscriptionCatchUpWindowSeconds: e.SUBSCRIPTION_CATCHUP_WINDOW_SECONDS,
    subscriptionMaxPerConnection: e.SUBSCRIPTION_MAX_PER_CONNECTION,
    subscriptionMaxConnectionsPerViewer: e.SUBSCRIPTION_MAX_CONNECTIONS_PER_VIEWER,
    subscriptionMaxQueuedEvents: e.SUBSCRIPTION_MAX_QUEUED_EVENTS,
    unreadCountsDebounceMs: e.UNREAD_COUNTS_DEBOUNCE_MS,
    webSocketMaxPayloadBytes: e.WEBSOCKET_MAX_PAYLOAD_BYTES,
    webSocketKeepAliveMs: e.WEBSOCKET_KEEPALIVE_MS,
    graphqlMaxTokens: e.GRAPHQL_MAX_TOKENS,
    graphqlMaxAliases: e.GRAPHQL_MAX_ALIASES,
    graphqlMaxDepth: e.GRAPHQL_MAX_DEPTH,
    graphqlMaxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
    graphqlMaxCost: e.GRAPHQL_MAX_COST,
    introspection: e.INTROSPECTION,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
    consumersEnabled: e.CONSUMERS === 'on',
    rateLimitEnabled: e.RATE_LIMIT === 'on',
    rateLimitCalls: e.RATE_LIMIT_CALLS,
    rateLimitWindowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    rateLimitAnonymousCalls: e.RATE_LIMIT_ANONYMOUS_CALLS,
    rateLimitAnonymousWindowSeconds: e.RATE_LIMIT_ANONYMOUS_WINDOW_SECONDS,
    rateLimitSignInFailures: e.RATE_LIMIT_SIGNIN_FAILURES,
    rateLimitSignInWindowSeconds: e.RATE_LIMIT_SIGNIN_WINDOW_SECONDS,
    rateLimitWebSocketMessages: e.RATE_LIMIT_WEBSOCKET_MESSAGES,
    rateLimitWebSocketWindowSeconds: e.RATE_LIMIT_WEBSOCKET_WINDOW_SECONDS,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    consumerPollMs: e.CONSUMER_POLL_MS,
    consumerBatchSize: e.CONSUMER_BATCH_SIZE,
    workers: e.WORKERS,
    workerPollMs: e.WORKER_POLL_MS,
    attachmentSweepSchedule: e.ATTACHMENT_SWEEP_SCHEDULE,
    triggerMaxChainDepth: e.TRIGGER_MAX_CHAIN_DEPTH,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailMaxAttempts: e.MAIL_MAX_ATTEMPTS,
    triggerMaxEmailsPer10Min: e.TRIGGER_MAX_EMAILS_PER_10_MIN,
    triggerStatusDurationUnitMs: e.TRIGGER_STATUS_DURATION_UNIT_MS,
    webhookRetryScheduleMs: e.WEBHOOK_RETRY_SCHEDULE,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    webhookConnectTimeoutMs: e.WEBHOOK_CONNECT_TIMEOUT_MS,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    smtpInboundPort: e.SMTP_INBOUND_PORT,
    smtpInboundHost: e.SMTP_INBOUND_HOST ?? '127.0.0.1',
    imapPollSeconds: e.IMAP_POLL_SECONDS,
    reportMaxRangeDays: e.REPORT_MAX_RANGE_DAYS,
    reportRealtimeDebounceMs: e.REPORT_REALTIME_DEBOUNCE_MS,
    triggerRunRetentionDays: e.TRIGGER_RUN_RETENTION_DAYS,
    triggerRunPruneSchedule: e.TRIGGER_RUN_PRUNE_SCHEDULE,
    ...overrides,
  };
}
