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
  /** Attachments: where files are stored on local disk; unset means `dataDir/attachments`. */
  attachmentDir: string | undefined;
  /** Largest single uploaded file, in bytes (413 beyond, checked while streaming). */
  attachmentMaxFileBytes: number;
  /** Largest total size of the attachments of one conversation, in bytes (413 beyond). */
  attachmentMaxConversationBytes: number;
  /** Refused uploads (415): detected mimetypes (`application/x-msdownload`) and file extensions (`.exe`). */
  attachmentBlockedTypes: string[];
  /** Uploads never attached to a message (nor kept by a draft) are deleted after this many hours. */
  attachmentUnclaimedTtlHours: number;
  /** Lifetime of the signed download links in attachment `url` / `previewUrl`. */
  attachmentUrlTtlSeconds: number;
  /** Public base URL of the gateway (e.g. https://help.example.com) for absolute links; relative links when unset. */
  publicUrl: string | undefined;
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
  /** Largest message accepted on a WebSocket (the socket is closed with 1009 beyond). */
  webSocketMaxPayloadBytes: number;
  /** WebSocket ping interval; a client that misses a pong for as long is disconnected. 0 disables. */
  webSocketKeepAliveMs: number;
}

/** Executables and scripts: refused by default (by detected mimetype or by file extension). */
export const defaultBlockedAttachmentTypes = [
  'application/x-msdownload', 'application/x-dosexec', 'application/vnd.microsoft.portable-executable', 'application/x-executable',
  'application/x-elf', 'application/x-mach-binary', 'application/x-msi', 'application/x-sh',
  '.exe', '.dll', '.com', '.bat', '.cmd', '.msi', '.scr', '.pif', '.cpl', '.vbs', '.vbe', '.js', '.jse', '.wsf', '.wsh', '.ps1', '.sh', '.jar', '.app', '.elf',
];

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
    attachmentDir: env.ATTACHMENT_DIR ? resolve(env.ATTACHMENT_DIR) : undefined,
    attachmentMaxFileBytes: intFrom('ATTACHMENT_MAX_FILE_BYTES', env.ATTACHMENT_MAX_FILE_BYTES, 20 * 1024 * 1024),
    attachmentMaxConversationBytes: intFrom('ATTACHMENT_MAX_CONVERSATION_BYTES', env.ATTACHMENT_MAX_CONVERSATION_BYTES, 20 * 1024 * 1024),
    attachmentBlockedTypes:
      env.ATTACHMENT_BLOCKED_TYPES !== undefined
        ? env.ATTACHMENT_BLOCKED_TYPES.split(',')
            .map((v) => v.trim().toLowerCase())
            .filter(Boolean)
            // "exe" means the extension ".exe"; entries with a slash are mimetypes.
            .map((v) => (v.includes('/') || v.startsWith('.') ? v : `.${v}`))
        : defaultBlockedAttachmentTypes,
    attachmentUnclaimedTtlHours: intFrom('ATTACHMENT_UNCLAIMED_TTL_HOURS', env.ATTACHMENT_UNCLAIMED_TTL_HOURS, 24),
    attachmentUrlTtlSeconds: intFrom('ATTACHMENT_URL_TTL_SECONDS', env.ATTACHMENT_URL_TTL_SECONDS, 3600),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    redisUrl: env.REDIS_URL || undefined,
    subscriptionCatchUpMaxEvents: intFrom('SUBSCRIPTION_CATCHUP_MAX_EVENTS', env.SUBSCRIPTION_CATCHUP_MAX_EVENTS, 10_000),
    subscriptionCatchUpWindowSeconds: intFrom('SUBSCRIPTION_CATCHUP_WINDOW_SECONDS', env.SUBSCRIPTION_CATCHUP_WINDOW_SECONDS, 24 * 3600),
    subscriptionMaxPerConnection: intFrom('SUBSCRIPTION_MAX_PER_CONNECTION', env.SUBSCRIPTION_MAX_PER_CONNECTION, 100),
    subscriptionMaxConnectionsPerViewer: intFrom('SUBSCRIPTION_MAX_CONNECTIONS_PER_VIEWER', env.SUBSCRIPTION_MAX_CONNECTIONS_PER_VIEWER, 50),
    subscriptionMaxQueuedEvents: intFrom('SUBSCRIPTION_MAX_QUEUED_EVENTS', env.SUBSCRIPTION_MAX_QUEUED_EVENTS, 1000),
    unreadCountsDebounceMs: intFrom('UNREAD_COUNTS_DEBOUNCE_MS', env.UNREAD_COUNTS_DEBOUNCE_MS, 250),
    webSocketMaxPayloadBytes: intFrom('WEBSOCKET_MAX_PAYLOAD_BYTES', env.WEBSOCKET_MAX_PAYLOAD_BYTES, 256 * 1024),
    webSocketKeepAliveMs: intFrom('WEBSOCKET_KEEPALIVE_MS', env.WEBSOCKET_KEEPALIVE_MS, 12_000),
    ...overrides,
  };
}
