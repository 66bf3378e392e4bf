/**
 * Rate limits, counted by rate-limiter-flexible: in Redis when REDIS_URL is set (every process
 * counts on the same keys, atomically, through its Lua script), in process memory otherwise.
 *
 *  - Per credential: RATE_LIMIT_CALLS per RATE_LIMIT_WINDOW_SECONDS for each API key, OAuth
 *    client (integration token), contact (portal token) or agent (external identity provider's
 *    token). Every HTTP request counts, and over WebSocket the connect and each operation.
 *  - Per client IP without credentials: RATE_LIMIT_ANONYMOUS_CALLS per its window.
 *  - Per client IP, failed sign-ins (wrong Basic credentials, bad or expired bearer tokens, any
 *    refused /oauth/token request): RATE_LIMIT_SIGNIN_FAILURES per its window. Once they are used
 *    up, every request from that IP that presents credentials is refused BEFORE they are checked,
 *    so guessing keys is slow and cannot make the gateway spend bcrypt time.
 *  - Per WebSocket connection: RATE_LIMIT_WEBSOCKET_MESSAGES messages per its window; beyond, the
 *    socket is closed with 4429.
 * Not limited: /healthz and /readyz (probes must never be refused), and neither counted nor
 * charged: attachment downloads/previews (signed links, fetched by browsers as a page renders) and
 * GraphiQL's page (its scripts and styles are inline). Credentials presented there are still
 * checked against the failed sign-in limit.
 *
 * A counted HTTP response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
 * (seconds until the window restarts; draft-ietf-httpapi-ratelimit-headers); a refusal is a 429
 * with `Retry-After` too, its body in the shape of the endpoint (GraphQL `errors` on /graphql, the
 * REST error JSON elsewhere), code RATE_LIMITED.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { GraphQLError } from 'graphql';
import type { Context, MiddlewareHandler } from 'hono';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { WebSocket } from 'ws';
import type { Viewer } from './auth/viewer.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { errorResponse } from './rest/router.js';

/** What a response says about the limit it was counted against. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window restarts. */
  resetSeconds: number;
}

/** A refusal: the socket close code and the caller's message come from here. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly state: RateLimitState,
  ) {
    super(message);
  }
}

export const isRateLimited = (error: unknown): error is RateLimitedError => error instanceof RateLimitedError;

/** The WebSocket close code for a rate limit (graphql-ws clients treat 4429 as final: no reconnect storm). */
export const WEBSOCKET_RATE_LIMITED = 4429;

const REDIS_START_TIMEOUT_MS = 5000;

const isUnauthenticated = (error: unknown) => (error as { extensions?: { code?: unknown } }).extensions?.code === 'UNAUTHENTICATED';

/** The bucket a signed-in viewer's calls count in, and how a message names it. */
function credentialOf(viewer: Exclude<Viewer, { kind: 'anonymous' }>): { key: string; label: string } {
  switch (viewer.kind) {
    case 'agent':
      return viewer.apiKeyId !== undefined
        ? { key: `key:${viewer.apiKeyId}`, label: 'this API key' }
        : { key: `agent:${viewer.agentId}`, label: 'this agent' };
    case 'integration':
      return { key: `client:${viewer.clientId}`, label: 'this OAuth client' };
    case 'contact':
      return { key: `contact:${viewer.contactId}`, label: 'this contact' };
    case 'automation':
      return { key: `automation:${viewer.ruleType}:${viewer.ruleId}`, label: 'this automation rule' };
  }
}

/**
 * The client's address as a bucket key. Behind `hops` trusted proxies it is the X-Forwarded-For
 * entry the outermost trusted proxy added (entries further left are the client's to invent).
 * IPv6 addresses count by their /64: one host usually holds a whole /64, so counting single
 * addresses would let it rotate through 2^64 of them.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  let address = peer ?? 'unknown';
  if (hops > 0 && forwardedFor) {
    const chain = [...[forwardedFor].flat().flatMap((value) => value.split(',')).map((value) => value.trim()), address];
    const candidate = chain[Math.max(0, chain.length - 1 - hops)]!;
    if (isIP(normalize(candidate))) address = candidate;
  }
  return bucketOf(normalize(address));
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; `[::1]` → `::1`. */
function normalize(address: string): string {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1]! : bare;
}

function bucketOf(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

interface Outcome {
  state: RateLimitState;
  limited: boolean;
}

const stateOf = (limiter: RateLimiterAbstract, res: RateLimiterRes): RateLimitState => ({
  limit: limiter.points,
  remaining: Math.max(0, res.remainingPoints),
  resetSeconds: Math.max(0, Math.ceil(res.msBeforeNext / 1000)),
});

/** One point from `key`'s bucket; over the limit is an outcome, not an error. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<Outcome> {
  try {
    return { state: stateOf(limiter, await limiter.consume(key)), limited: false };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { state: stateOf(limiter, error), limited: true };
    throw error;
  }
}

function setHeaders(c: Context, state: RateLimitState) {
  c.header('RateLimit-Limit', String(state.limit));
  c.header('RateLimit-Remaining', String(state.remaining));
  c.header('RateLimit-Reset', String(state.resetSeconds));
}

/**
 * The same headers, set BEFORE the handler answers, on Node's response (its writeHead merges them).
 * Setting them on Hono's context afterwards re-wraps the handler's Response, which breaks streamed
 * answers (SSE: "ReadableStream is already closed" in the client).
 */
function presetHeaders(c: Context, state: RateLimitState) {
  const outgoing = (c.env as { outgoing?: { setHeader(name: string, value: string): void } }).outgoing;
  if (!outgoing) return setHeaders(c, state);
  outgoing.setHeader('RateLimit-Limit', String(state.limit));
  outgoing.setHeader('RateLimit-Remaining', String(state.remaining));
  outgoing.setHeader('RateLimit-Reset', String(state.resetSeconds));
}

const retryIn = (state: RateLimitState) => Math.max(1, state.resetSeconds);

/** Counted, but not charged to anyone: pages a browser fetches on its own. */
function isFreeOfCharge(c: Context): boolean {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (/^\/api\/v3\/anytime\/attachments\/[^/]+\/(download|preview)$/.test(c.req.path)) return true;
  return c.req.path === '/graphql' && (c.req.header('accept') ?? '').includes('text/html');
}

export class RateLimits {
  private constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly limiters: { calls: RateLimiterAbstract; anonymous: RateLimiterAbstract; signIn: RateLimiterAbstract; messages: RateLimiterAbstract } | undefined,
    private readonly redis: Redis | undefined,
  ) {}

  /** Connects to Redis when REDIS_URL is set (the start fails if it does not answer, as the event feed's does). */
  static async start(config: Config, logger: Logger): Promise<RateLimits> {
    if (!config.rateLimitEnabled) return new RateLimits(config, logger, undefined, undefined);
    let redis: Redis | undefined;
    if (config.redisUrl) {
      // No offline queue: while Redis is unreachable a count fails at once and the in-process
      // insurance limiter below counts instead, rather than requests waiting for a reconnect.
      redis = new Redis(config.redisUrl, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1 });
      redis.on('error', (error: Error) => logger.warn('redis connection error; rate limits count per process until it is back', { connection: 'rate-limit', error: error.message }));
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          redis.connect(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`Redis at REDIS_URL did not answer within ${REDIS_START_TIMEOUT_MS} ms`)), REDIS_START_TIMEOUT_MS);
          }),
        ]);
      } catch (error) {
        redis.disconnect();
        throw error;
      } finally {
        clearTimeout(timer);
      }
    }
    const limiter = (name: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix: `anytime-rl-${name}`, points, duration });
      if (!redis) return memory;
      return new RateLimiterRedis({ storeClient: redis, keyPrefix: `anytime-rl-${name}`, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory });
    };
    const limiters = {
      calls: limiter('calls', config.rateLimitCalls, config.rateLimitWindowSeconds),
      anonymous: limiter('anonymous', config.rateLimitAnonymousCalls, config.rateLimitAnonymousWindowSeconds),
      signIn: limiter('signin-failures', config.rateLimitSignInFailures, config.rateLimitSignInWindowSeconds),
      // A connection lives in one process: its message rate never needs Redis.
      messages: new RateLimiterMemory({ keyPrefix: 'anytime-rl-ws', points: config.rateLimitWebSocketMessages, duration: config.rateLimitWebSocketWindowSeconds }),
    };
    logger.info('rate limits ready', {
      store: redis ? 'redis' : 'in-process',
      perCredential: `${config.rateLimitCalls}/${config.rateLimitWindowSeconds}s`,
      anonymousPerIp: `${config.rateLimitAnonymousCalls}/${config.rateLimitAnonymousWindowSeconds}s`,
      signInFailuresPerIp: `${config.rateLimitSignInFailures}/${config.rateLimitSignInWindowSeconds}s`,
      webSocketMessages: `${config.rateLimitWebSocketMessages}/${config.rateLimitWebSocketWindowSeconds}s`,
    });
    return new RateLimits(config, logger, limiters, redis);
  }

  async stop(): Promise<void> {
    if (!this.redis) return;
    // QUIT needs a connection (there is no offline queue); without one there is nothing to flush.
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }

  /** The client's address (X-Forwarded-For honoured for TRUST_PROXY_HOPS). */
  addressOf(request: IncomingMessage): string {
    return clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], this.config.trustProxyHops);
  }

  /** A refusal when `address` has used up its failed sign-ins (read only: nothing is counted). */
  private async signInRefusal(address: string): Promise<RateLimitedError | undefined> {
    const limiter = this.limiters!.signIn;
    const res = await limiter.get(address);
    if (!res || res.consumedPoints < limiter.points) return undefined;
    const state = stateOf(limiter, res);
    return new RateLimitedError(
      `Too many failed sign-ins from this address (${limiter.points} per ${this.config.rateLimitSignInWindowSeconds} s); retry in ${retryIn(state)} s`,
      state,
    );
  }

  private async countFailure(address: string): Promise<RateLimitState> {
    return (await consume(this.limiters!.signIn, address)).state;
  }

  /** One call for `viewer` (its credential's bucket, or its address's when anonymous). */
  private async charge(viewer: Viewer, address: string): Promise<{ state: RateLimitState; refusal?: RateLimitedError }> {
    const { calls, anonymous } = this.limiters!;
    if (viewer.kind === 'anonymous') {
      const { state, limited } = await consume(anonymous, address);
      const window = this.config.rateLimitAnonymousWindowSeconds;
      const message = `Too many requests without credentials from this address (${anonymous.points} per ${window} s); retry in ${retryIn(state)} s`;
      return { state, refusal: limited ? new RateLimitedError(message, state) : undefined };
    }
    const credential = credentialOf(viewer);
    const { state, limited } = await consume(calls, credential.key);
    const message = `Too many requests for ${credential.label} (${calls.points} per ${this.config.rateLimitWindowSeconds} s); retry in ${retryIn(state)} s`;
    return { state, refusal: limited ? new RateLimitedError(message, state) : undefined };
  }

  /** 429 in the shape of the endpoint. */
  private refuse(c: Context, refusal: RateLimitedError): Response {
    setHeaders(c, refusal.state);
    c.header('Retry-After', String(retryIn(refusal.state)));
    if (c.req.path === '/graphql') {
      return c.json({ errors: [{ message: refusal.message, extensions: { code: 'RATE_LIMITED' } }] }, 429);
    }
    return errorResponse(c, 429, refusal.message, { code: 'RATE_LIMITED' });
  }

  /**
   * The HTTP hook, after CORS (a refusal is readable cross-origin) and before any handler reads a
   * body. It authenticates the request itself; the handler's own `authenticate` call then reuses
   * that result (Authenticator.authenticateHttp is once per request).
   */
  middleware(authenticator: { authenticateHttp(incoming: object | undefined, authorization: string | null | undefined): Promise<Viewer> }): MiddlewareHandler {
    return async (c, next) => {
      if (!this.limiters || c.req.path === '/healthz' || c.req.path === '/readyz') return next();
      const incoming = (c.env as { incoming?: IncomingMessage }).incoming;
      if (!incoming) throw new Error('rate limits need @hono/node-server (the client address comes from its socket)');
      const address = this.addressOf(incoming);
      const authorization = c.req.header('authorization');
      const signingIn = c.req.path === '/oauth/token';

      if (signingIn || authorization) {
        const refusal = await this.signInRefusal(address);
        if (refusal) return this.refuse(c, refusal);
      }
      if (signingIn) {
        // Client credentials are checked by the token endpoint; any refused token request counts.
        await next();
        if (c.res.status >= 400) setHeaders(c, await this.countFailure(address));
        return;
      }
      let viewer: Viewer;
      try {
        viewer = await authenticator.authenticateHttp(incoming, authorization);
      } catch (error) {
        // Not about the credentials (e.g. the database is unreachable): the handler meets the same
        // error (shared per request) and answers it as it always has; nothing to count.
        if (!isUnauthenticated(error)) return next();
        presetHeaders(c, await this.countFailure(address));
        return next(); // the handler answers its usual 401
      }
      if (isFreeOfCharge(c)) return next();
      const { state, refusal } = await this.charge(viewer, address);
      if (refusal) return this.refuse(c, refusal);
      presetHeaders(c, state);
      return next();
    };
  }

  /**
   * The WebSocket connect: the same checks as an HTTP request (the upgrade does not pass through
   * the HTTP middleware). Throws RateLimitedError (close with 4429) or the authentication error.
   */
  async admitSocket(address: string, authorization: string | undefined, authenticate: () => Promise<Viewer>): Promise<Viewer> {
    if (!this.limiters) return authenticate();
    if (authorization) {
      const refusal = await this.signInRefusal(address);
      if (refusal) throw refusal;
    }
    let viewer: Viewer;
    try {
      viewer = await authenticate();
    } catch (error) {
      if (isUnauthenticated(error)) await this.countFailure(address);
      throw error;
    }
    const { refusal } = await this.charge(viewer, address);
    if (refusal) throw refusal;
    return viewer;
  }

  /** One operation (subscribe message) on an open WebSocket: a GraphQL error to answer it with when over the limit. */
  async chargeOperation(viewer: Viewer, address: string): Promise<GraphQLError | undefined> {
    if (!this.limiters) return undefined;
    const { refusal } = await this.charge(viewer, address);
    return refusal && new GraphQLError(refusal.message, { extensions: { code: 'RATE_LIMITED' } });
  }

  /** Counts every message the client sends on `socket`; beyond the rate, closes it with 4429. */
  watchMessages(socket: WebSocket): void {
    if (!this.limiters) return;
    const { messages } = this.limiters;
    const key = randomUUID();
    socket.on('message', () => {
      consume(messages, key).then(
        ({ limited }) => {
          if (limited) {
            socket.close(
              WEBSOCKET_RATE_LIMITED,
              `Too many messages: at most ${messages.points} per ${this.config.rateLimitWebSocketWindowSeconds} s on one connection`,
            );
          }
        },
        (error: Error) => this.logger.error('websocket message rate check failed', { error: error.stack }),
      );
    });
  }
}
