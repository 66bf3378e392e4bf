/**
 * Per-request observation: one access-log line (JSON, at info, when ACCESS_LOG is on) and one
 * observation of the HTTP duration histogram for every HTTP request, when its answer is done (the
 * last byte written, or the client gone): a streamed answer (SSE) is measured to its end.
 *
 * The line: `{"msg":"request","requestId","method","route","status","durationMs","viewerKind",
 * "viewerId","operationType","operationName"}` (plus `aborted: true` when the client left before the
 * end). `route` is the pattern the request matched (`/api/v3/anytime/conversations/:id`, `/graphql`,
 * `unmatched` when none did), never the path itself; the operation fields are there when a GraphQL
 * operation ran (on /graphql, and the stored document a REST route runs). Never a header, the query
 * string or a body: no secret can reach the log this way.
 *
 * `viewerKind`/`viewerId`: the viewer the request was authenticated as (src/auth/viewer.ts
 * partyOf: agent id, contact id, OAuth client id), `unauthenticated` when its credentials were
 * refused; absent when nothing asked (/healthz).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { partyOf, type Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { GatewayMetrics } from './metrics.js';

/** What the layers of one request tell its access-log line. */
interface RequestRecord {
  operationType?: string;
  operationName?: string;
}

const records = new WeakMap<object, RequestRecord>();

/** Called by the GraphQL plugin: the operation an HTTP request (Node's IncomingMessage) ran. */
export function noteOperation(incoming: object | undefined, type: string, name: string | undefined): void {
  const record = incoming && records.get(incoming);
  if (!record || record.operationType) return;
  record.operationType = type;
  record.operationName = name;
}

/** The registered pattern that answered (or would have: a 429 from a middleware keeps the route's pattern). */
export function routePatternOf(c: Context): string {
  const routes = matchedRoutes(c);
  const isRoute = (route: { method: string } | undefined) => route !== undefined && route.method !== 'ALL';
  const answered = routes[c.req.routeIndex];
  if (isRoute(answered)) return answered!.path;
  return routes.find(isRoute)?.path ?? 'unmatched';
}

export interface ObserveOptions {
  logger: Logger;
  metrics: GatewayMetrics;
  accessLog: boolean;
  /** The viewer the request was authenticated as, if any layer asked. */
  viewerOf(incoming: object): Promise<Viewer> | undefined;
}

export function observeRequests({ logger, metrics, accessLog, viewerOf }: ObserveOptions): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
    const incoming = env?.incoming;
    const outgoing = env?.outgoing;
    const record: RequestRecord = {};
    if (incoming) records.set(incoming, record);
    try {
      await next();
    } finally {
      const route = routePatternOf(c);
      const method = c.req.method;
      const requestId = c.get('requestId' as never) as string | undefined;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        const durationMs = performance.now() - started;
        const status = outgoing ? outgoing.statusCode : c.res.status;
        const aborted = outgoing ? !outgoing.writableFinished : false;
        metrics.observeHttp(method, route, status, durationMs / 1000);
        if (!accessLog || !logger.pino.isLevelEnabled('info')) return;
        const write = (viewer: { viewerKind?: string; viewerId?: string | null }) =>
          logger.info('request', {
            requestId,
            method,
            route,
            status,
            durationMs: Math.round(durationMs * 100) / 100,
            ...viewer,
            ...(record.operationType ? { operationType: record.operationType, operationName: record.operationName ?? null } : {}),
            ...(aborted ? { aborted: true } : {}),
          });
        const viewer = incoming ? viewerOf(incoming) : undefined;
        if (!viewer) return write({});
        viewer.then(
          (v) => {
            const party = partyOf(v);
            write({ viewerKind: v.kind, viewerId: party.id });
          },
          () => write({ viewerKind: 'unauthenticated', viewerId: null }),
        );
      };
      if (!outgoing || outgoing.writableFinished || outgoing.destroyed) finish();
      else {
        outgoing.once('finish', finish);
        outgoing.once('close', finish);
      }
    }
  };
}

/**
 * `GET /metrics`: Prometheus text, for `Authorization: Bearer <METRICS_TOKEN>` only (401 otherwise,
 * compared in constant time). Without METRICS_TOKEN the route is not mounted (404).
 */
export function metricsEndpoint(metrics: GatewayMetrics, token: string): (c: Context) => Promise<Response> {
  const expected = createHash('sha256').update(token).digest();
  return async (c) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const given = createHash('sha256').update(presented ?? '').digest();
    if (!presented || !timingSafeEqual(given, expected)) {
      c.header('www-authenticate', 'Bearer realm="metrics"');
      return c.json({ message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' }, 401);
    }
    return c.body(await metrics.text(), 200, { 'content-type': metrics.contentType });
  };
}

/**
 * Per WebSocket (the ws socket object, not the upgrade request: server.ts drops the request after
 * the connect so idle subscribers do not hold it): when it opened and the request id it came with.
 */
const webSocketStarts = new WeakMap<object, { started: number; requestId: string | undefined }>();

/** A WebSocket upgrade was accepted (its access-log line comes when the socket closes). */
export function webSocketOpened(socket: object, request: IncomingMessage): void {
  const header = request.headers['x-request-id'];
  webSocketStarts.set(socket, { started: performance.now(), requestId: typeof header === 'string' && header ? header : undefined });
}

/**
 * The access-log line of a graphql-ws connection, when it closes: route `/graphql`, status 101,
 * `transport: "websocket"`, how long it was open and its close code; the viewer it signed in as
 * (absent when it never did). No connectionParams, no header.
 */
export function webSocketClosed(logger: Logger, accessLog: boolean, socket: object, viewer: Viewer | undefined, closeCode: number): void {
  if (!accessLog || !logger.pino.isLevelEnabled('info')) return;
  const { started, requestId } = webSocketStarts.get(socket) ?? { started: undefined, requestId: undefined };
  logger.info('request', {
    requestId,
    method: 'GET',
    route: '/graphql',
    status: 101,
    transport: 'websocket',
    durationMs: started === undefined ? undefined : Math.round((performance.now() - started) * 100) / 100,
    ...(viewer ? { viewerKind: viewer.kind, viewerId: partyOf(viewer).id } : {}),
    closeCode,
  });
}
