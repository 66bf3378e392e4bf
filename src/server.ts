/**
 * The HTTP server: one port for everything.
 *   /graphql                 Yoga (queries, mutations, SSE subscriptions, GraphiQL) and graphql-ws
 *   /api/...                 the REST compatibility table, executed in process on Yoga's envelop
 *   /oauth/token             OAuth 2.0 token endpoint
 *   /healthz, /readyz        liveness (process up) and readiness (database reachable)
 *   /metrics                 Prometheus, with METRICS_TOKEN only (src/observability)
 */
import { getRequestListener } from '@hono/node-server';
import { execute as graphqlExecute, GraphQLError, subscribe as graphqlSubscribe, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Authenticator } from './auth/authenticator.js';
import { tokenEndpoint } from './auth/token-endpoint.js';
import type { Viewer } from './auth/viewer.js';
import { compiledExecution } from './graphql/compiled-execution.js';
import { createContext, type AppDeps, type GraphQLContext } from './graphql/context.js';
import { AppError } from './graphql/errors.js';
import { graphqlLimitPlugins, limitsOf } from './graphql/limits.js';
import { httpServerOptions } from './http-timeouts.js';
import { attachmentUploadPlugin, mountAttachmentHttp } from './modules/attachments/http.js';
import { mountInboundEmailHttp } from './modules/inbound-email/http.js';
import { maybeRealtimeOf } from './modules/subscriptions/index.js';
import { inputGuard } from './input-guard.js';
import { graphqlMetricsPlugin } from './observability/graphql.js';
import { metricsEndpoint, observeRequests, webSocketClosed, webSocketOpened } from './observability/http.js';
import type { GatewayMetrics } from './observability/metrics.js';
import { isRateLimited, WEBSOCKET_RATE_LIMITED, type RateLimits } from './rate-limit.js';
import type { RestRoute } from './rest/route.js';
import { errorResponse, mountRestRoutes } from './rest/router.js';
import { mountApiDocs } from './rest/docs.js';
import { buildOpenApi, type OpenApiBuild } from './rest/openapi.js';

export interface HttpServer {
  server: Server;
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  webSockets: WebSocketServer;
  /** The OpenAPI description (built on first use) and the mounted /api routes it does not describe. */
  openApi(): OpenApiBuild & { undocumented: string[] };
}

type Variables = { requestId: string };

/**
 * By name rather than `instanceof`: under some loaders (vitest, mixed ESM/CJS) `graphql` can be
 * loaded twice, and an error from one copy is not an instance of the other's class.
 */
const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof Error && error.name === 'GraphQLError';

/** Credentials failing on an HTTP request: a 401 for REST and GraphQL alike. */
function asHttp401(error: unknown): never {
  if (error instanceof AppError) {
    throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
  }
  throw error;
}

export function createHttpServer(
  deps: AppDeps,
  authenticator: Authenticator,
  schema: GraphQLSchema,
  routes: RestRoute[],
  rateLimits: RateLimits,
  metrics: GatewayMetrics,
): HttpServer {
  const { config, logger, prisma } = deps;

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL's HTML, scripts and styles come from this package, not a CDN: the explorer works on
    // air-gapped installs and under a strict Content-Security-Policy.
    renderGraphiQL,
    graphiql: { subscriptionsProtocol: 'WS', title: 'Anytime Gateway' },
    logging: false,
    // Yoga's default CORS reflects any Origin with credentials; the allow-list below (Hono) decides instead.
    cors: false,
    // Limits (depth, aliases, cost, ...), no field suggestions, introspection per INTROSPECTION;
    // then compiled execution (graphql-jit, src/graphql/compiled-execution.ts), after the limits so
    // only documents that passed them get compiled.
    plugins: [
      attachmentUploadPlugin(),
      ...graphqlLimitPlugins(limitsOf(config), (request, context) => authenticator.authenticateHttp(context.incoming, request.headers.get('authorization'))),
      unexpectedErrorsCarryTheRequestId(),
      graphqlMetricsPlugin(metrics),
      ...compiledExecution(),
    ],
    context: async (initial) => {
      // HTTP requests bring Hono's request id; a WebSocket operation gets its own.
      const requestId = (initial.requestId as string | undefined) ?? randomUUID();
      // The viewer is already known: graphql-ws connections authenticate once, on connect, and HTTP
      // requests before validation (the limits plugin, for introspection), whose failure is a 401 here.
      try {
        if (initial.authError) asHttp401(initial.authError);
        if (initial.viewer) return createContext(deps, initial.viewer as Viewer, requestId);
        const request = initial.request as Request;
        const viewer = await authenticator.authenticateHttp(initial.incoming as object | undefined, request.headers.get('authorization')).catch(asHttp401);
        return createContext(deps, viewer, requestId);
      } catch (error) {
        // Failing before execution (the credentials could not be checked): maskError's log line
        // and answer still name this request.
        throw withRequestId(error, requestId);
      }
    },
    maskedErrors: {
      maskError: (error, message) => {
        const original = isGraphQLError(error) ? error.originalError : error;
        // Our AppErrors (and GraphQL's own validation errors) are meant for the caller; anything else is not.
        if (isGraphQLError(error) && (!original || isGraphQLError(original))) return error;
        const requestId = (original as { [REQUEST_ID]?: string } | undefined)?.[REQUEST_ID] ?? randomUUID();
        logger.error('unexpected error', { requestId, error: original instanceof Error ? original.stack : String(original) });
        return new GraphQLError(message, {
          nodes: isGraphQLError(error) ? error.nodes : undefined,
          path: isGraphQLError(error) ? error.path : undefined,
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
        });
      },
    },
  });

  const app = new Hono<{ Variables: Variables }>();
  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id') || randomUUID();
    c.set('requestId', requestId);
    // On Node's response itself: answers Hono did not build (Yoga's, streamed ones) carry it too.
    const outgoing = (c.env as { outgoing?: { setHeader(name: string, value: string): void } } | undefined)?.outgoing;
    if (outgoing) outgoing.setHeader('x-request-id', requestId);
    else c.header('x-request-id', requestId);
    await next();
  });
  // The access-log line and the HTTP histogram, when each answer is done.
  app.use('*', observeRequests({ logger, metrics, accessLog: config.accessLog, viewerOf: (incoming) => authenticator.viewerOfRequest(incoming) }));
  // Before CORS and the rate limits: a scraper's Bearer token is not an API credential.
  if (config.metricsToken) app.get('/metrics', metricsEndpoint(metrics, config.metricsToken));
  // Cross-origin access only for CORS_ORIGINS (none by default): a browser holding Basic credentials
  // for this gateway must not let a page from any other origin read the API.
  const allowedOrigins = new Set(config.corsOrigins);
  const allowListedCors = cors({
    origin: (origin) => (allowedOrigins.has(origin) ? origin : null),
    credentials: true,
    exposeHeaders: ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
    maxAge: 600,
  });
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin && allowedOrigins.has(origin)) return allowListedCors(c, next);
    // No CORS headers at all for any other origin (Hono's middleware would still send
    // Allow-Credentials); Vary tells caches the answer depends on Origin.
    c.header('vary', 'Origin', { append: true });
    return next();
  });
  // Rate limits: after CORS (so a 429 is readable cross-origin), before anything reads a body.
  app.use('*', rateLimits.middleware(authenticator));
  // Multipart uploads (REST and GraphQL) and downloads stream, so they go before the JSON body limit.
  mountAttachmentHttp(app, deps, authenticator, yoga);
  // Raw inbound mail has its own size limit (INBOUND_EMAIL_MAX_BYTES).
  mountInboundEmailHttp(app, deps, authenticator);
  app.use(
    '*',
    bodyLimit({
      maxSize: config.jsonBodyLimitBytes,
      onError: (c) => errorResponse(c, 413, `Request body larger than ${config.jsonBodyLimitBytes} bytes`),
    }),
  );
  // Before any handler: REST, /graphql (variables included) and /oauth/token all pass this one check.
  app.use(
    '*',
    inputGuard(config.jsonMaxDepth, (c, message) =>
      new URL(c.req.url).pathname === '/graphql'
        ? c.json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }, 400)
        : errorResponse(c, 400, message),
    ),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await prisma.$queryRaw`SELECT 1`;
      return c.json({ status: 'ready', database: 'reachable' });
    } catch (error) {
      logger.warn('readiness check failed', { error: (error as Error).message });
      return c.json({ status: 'unavailable', database: 'unreachable', message: 'database unreachable' }, 503);
    }
  });
  app.post('/oauth/token', tokenEndpoint(prisma, authenticator));
  // GraphiQL asks the browser to sign in (HTTP Basic: agent email and API key). The browser then
  // sends those credentials with every request GraphiQL makes, including the WebSocket upgrade,
  // so subscriptions work in the browser as they do for API clients.
  app.get('/graphql', async (c, next) => {
    if (c.req.header('authorization') || !(c.req.header('accept') ?? '').includes('text/html')) return next();
    c.header('www-authenticate', 'Basic realm="Anytime Gateway", charset="UTF-8"');
    return errorResponse(c, 401, 'Sign in with your agent email and API key to use GraphiQL');
  });
  app.on(['GET', 'POST', 'OPTIONS'], '/graphql', (c) =>
    // `incoming` (Node's request) keys the viewer the rate limiter already checked.
    yoga.fetch(c.req.raw, { requestId: c.get('requestId'), incoming: incomingOf(c) }),
  );
  // REST rows run in process on Yoga's envelop (its plugins, error masking and our context).
  const prepared = yoga.getEnveloped({});
  mountRestRoutes(app as unknown as Hono, routes, {
    parse: (source) => prepared.parse(source),
    validate: (document) => prepared.validate(prepared.schema, document),
    async execute(c, operation, variables) {
      const viewer = await authenticator.authenticateHttp(incomingOf(c), c.req.header('authorization'));
      const { execute, contextFactory, schema: envelopedSchema } = yoga.getEnveloped({ request: c.req.raw, requestId: c.get('requestId' as never), viewer, incoming: incomingOf(c) });
      const contextValue = await contextFactory();
      const result = (await execute({ schema: envelopedSchema, document: operation.document, operationName: operation.operationName, variableValues: variables, contextValue })) as ExecutionResult;
      return { result, context: contextValue };
    },
  });
  // OpenAPI 3.1 from the same route table (src/rest/openapi.ts) and the docs UI over it.
  let openApi: (OpenApiBuild & { undocumented: string[] }) | undefined;
  const openApiOf = () => {
    if (openApi) return openApi;
    const built = buildOpenApi(schema, routes);
    const documented = new Set(Object.entries(built.document.paths as Record<string, object>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)));
    const undocumented = app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((route) => !documented.has(route));
    return (openApi = { ...built, undocumented: [...new Set(undocumented)] });
  };
  mountApiDocs(app, () => openApiOf().document, config.introspection, authenticator);
  app.notFound((c) => errorResponse(c, 404, `No route for ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((error, c) => {
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) return errorResponse(c, status, error.message);
    logger.error('unhandled error', { requestId: c.get('requestId'), error: error.stack });
    return errorResponse(c, 500, 'Unexpected error.', { requestId: c.get('requestId') });
  });

  const listener = getRequestListener(app.fetch);
  const server = createServer(httpServerOptions(config), (req, res) => listener(req, res));

  // graphql-ws (graphql-transport-ws protocol) on the same port and path, through Yoga's envelop.
  // maxPayload: an oversize frame closes that socket (1009) and nothing else.
  const webSockets = new WebSocketServer({ server, path: '/graphql', maxPayload: config.webSocketMaxPayloadBytes });
  webSockets.on('connection', (socket, request) => {
    webSocketOpened(socket, request);
    rateLimits.watchMessages(socket);
  });
  useServer<Record<string, unknown>, { viewer?: Viewer; authorization?: string | null; release?: () => void; address?: string; request: IncomingMessage }>(
    {
      execute: (args) => (args.rootValue as { execute: typeof graphqlExecute }).execute(args as ExecutionArgs),
      subscribe: (args) => (args.rootValue as { subscribe: typeof graphqlSubscribe }).subscribe(args as ExecutionArgs),
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        // Any casing. Browsers cannot put headers on a WebSocket, and GraphiQL does not copy its
        // headers editor into connectionParams; but a browser does send the Basic credentials it
        // holds for this origin on the upgrade request (see the GraphiQL login below), so that
        // header is the fallback.
        const authorization =
          Object.entries(params).find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? ctx.extra.request.headers.authorization;
        if (authorization !== undefined && typeof authorization !== 'string') {
          ctx.extra.socket.close(4400, 'connectionParams.authorization must be a string');
          return false;
        }
        ctx.extra.address = rateLimits.addressOf(ctx.extra.request);
        try {
          ctx.extra.viewer = await rateLimits.admitSocket(ctx.extra.address, authorization, () => authenticator.authenticate(authorization));
        } catch (error) {
          ctx.extra.socket.close(isRateLimited(error) ? WEBSOCKET_RATE_LIMITED : 4401, (error as Error).message.slice(0, 120));
          return false;
        }
        // Every subscription needs a signed-in viewer: say so at once rather than per operation.
        if (ctx.extra.viewer.kind === 'anonymous') {
          ctx.extra.socket.close(4401, 'connectionParams.authorization is required (Basic email:apiKey or Bearer token)');
          return false;
        }
        const realtime = maybeRealtimeOf(deps.events);
        if (!realtime) {
          ctx.extra.socket.close(1001, 'server shutting down');
          return false;
        }
        const release = realtime.connections.acquire(ctx.extra.viewer, 'websocket');
        if (!release) {
          ctx.extra.socket.close(4403, `Too many subscription connections for this viewer (max ${config.subscriptionMaxConnectionsPerViewer})`);
          return false;
        }
        ctx.extra.release = release;
        ctx.extra.authorization = authorization as string;
        // The upgrade request (headers, raw headers, its own references) would otherwise live as
        // long as the socket: about 1 KiB of every idle subscriber. Everything needed from it is
        // kept above (address, authorization).
        (ctx.extra as { request?: IncomingMessage }).request = undefined;
        return true;
      },
      onClose: (ctx, code) => {
        ctx.extra.release?.();
        webSocketClosed(logger, config.accessLog, ctx.extra.socket, ctx.extra.viewer, code ?? 1005);
      },
      onSubscribe: async (ctx, _id, payload) => {
        // ctx.subscriptions already holds this operation's id. (Answered as an execution result:
        // graphql-ws checks returned errors with `instanceof`, which fails across graphql copies.)
        const tooMany =
          Object.keys(ctx.subscriptions).length > config.subscriptionMaxPerConnection
            ? new GraphQLError(`Too many subscriptions on this connection (max ${config.subscriptionMaxPerConnection}); complete some first`, {
                extensions: { code: 'TOO_MANY_REQUESTS' },
              })
            : undefined;
        // Every operation counts as a call of its credential, as over HTTP.
        const rateLimited = await rateLimits.chargeOperation(ctx.extra.viewer!, ctx.extra.address!);
        const refuse = (error: GraphQLError) => () => ({ errors: [error] });
        // Only what the context and the limits plugins read: the context lives as long as the
        // subscription, so whatever it references is held by every idle subscriber.
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          params: payload,
          viewer: ctx.extra.viewer,
          authorization: ctx.extra.authorization,
        });
        const subscriptionRefusal = rateLimited ?? tooMany;
        const args = {
          schema: envelopedSchema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: {
            execute: rateLimited ? refuse(rateLimited) : execute,
            subscribe: subscriptionRefusal ? refuse(subscriptionRefusal) : subscribe,
          },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    webSockets,
    config.webSocketKeepAliveMs,
  );

  return { server, yoga, webSockets, openApi: openApiOf };
}

/** Where an unexpected error keeps the id of the request it broke, for maskError's log line. */
const REQUEST_ID = Symbol('requestId');

function withRequestId(error: unknown, requestId: string | undefined): unknown {
  if (requestId && error && typeof error === 'object' && !isGraphQLError(error)) (error as { [REQUEST_ID]?: string })[REQUEST_ID] = requestId;
  return error;
}

/**
 * Yoga's maskError sees only the error. This plugin, listed before Yoga's own masking (envelop runs
 * onExecuteDone hooks in plugin order, Yoga's masking is among its last), writes the operation's
 * request id onto each unexpected original error, so the masked answer and the error log line
 * name the same request id as x-request-id. (Errors of the context factory are marked there.)
 */
function unexpectedErrorsCarryTheRequestId(): import('graphql-yoga').Plugin<Record<string, unknown>> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result }) => {
        const requestId = (args.contextValue as Partial<GraphQLContext>).requestId;
        for (const error of 'errors' in result ? (result.errors ?? []) : []) withRequestId(error.originalError, requestId);
      },
    }),
  };
}

/** Node's IncomingMessage behind a Hono context (@hono/node-server puts it in `env`). */
function incomingOf(c: { env: unknown }): object | undefined {
  return (c.env as { incoming?: object } | undefined)?.incoming;
}
