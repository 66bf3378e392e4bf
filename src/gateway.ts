/**
 * Start order: config → database (embedded or DATABASE_URL, migrated, job schema installed) →
 * Prisma → bootstrap admin → consumers and job workers → HTTP server. `stop()` drains: it stops
 * accepting, lets in-flight requests finish (up to SHUTDOWN_GRACE_MS), closes sockets, lets
 * running jobs finish (up to SHUTDOWN_GRACE_MS again), then closes the database.
 */
import type { AddressInfo } from 'node:net';
import { Authenticator } from './auth/authenticator.js';
import { bootstrapAdmin, resolveJwtSecret } from './auth/bootstrap.js';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './db/client.js';
import { assertDataDirUsable } from './db/data-dir-lock.js';
import { openDatabase } from './db/database.js';
import { listenForInvalidations } from './db/invalidation.js';
import { registeredConsumers, startConsumers, type ConsumerRunner } from './engine/consumers/index.js';
import { EventBus } from './engine/events.js';
import { startJobs, type JobRunner } from './engine/jobs/index.js';
import type { AppDeps } from './graphql/context.js';
import { restRouteTable, schema } from './graphql/schema.js';
import { startRealtime } from './modules/subscriptions/index.js';
import { assertSmtpPortFree, startSmtpListener, type SmtpListener } from './modules/inbound-email/smtp.js';
import type { Logger } from './logger.js';
import { consumerPositions, GatewayMetrics } from './observability/metrics.js';
import { RateLimits } from './rate-limit.js';
import { webhookDeliveryCounts } from './modules/webhooks/index.js';
import { createHttpServer, type HttpServer } from './server.js';
import { assertPortFree, listenError } from './startup.js';

export interface Gateway {
  /** e.g. http://127.0.0.1:4000 */
  url: string;
  deps: AppDeps;
  db: DatabaseHandle;
  http: HttpServer;
  /** The durable event consumers of this process (undefined when CONSUMERS=off). */
  consumers: ConsumerRunner | undefined;
  /** The job workers of this process (undefined when WORKERS=0). */
  jobs: JobRunner | undefined;
  /** This gateway's Prometheus registry (served at /metrics when METRICS_TOKEN is set). */
  metrics: GatewayMetrics;
  /** The built-in SMTP listener for inbound mail (undefined unless SMTP_INBOUND_PORT is set). */
  smtp: SmtpListener | undefined;
  stop(): Promise<void>;
}

export async function startGateway(config: Config, logger: Logger): Promise<Gateway> {
  // Checks that create nothing come first: a failed start must not leave a database or an admin behind.
  if (!config.databaseUrl) assertDataDirUsable(config.dataDir);
  await assertPortFree(config.host, config.port);
  await assertSmtpPortFree(config);
  const location = await openDatabase(config, logger);
  const db = connectDatabase(location.url, {
    onPoolError: (error) => logger.warn('database connection lost', { error: error.message }),
  });
  const invalidations = await listenForInvalidations(location.url, (message) => logger.warn(message));
  const deps: AppDeps = { prisma: db.prisma, reader: db.reader, invalidations, events: new EventBus(), config, logger };
  await bootstrapAdmin(db.prisma, config, logger);
  const authenticator = new Authenticator(db.prisma, config, resolveJwtSecret(config), invalidations);
  // Subscriptions: event feed (Redis when REDIS_URL is set) and hub, ready before the first socket.
  const realtime = await startRealtime(deps);
  // Durable consumers: from their stored positions, so events committed before a crash are handled now.
  // They have a small pool of their own: a burst of requests cannot starve them (allocation's queue
  // drain must run within seconds), and their polling is not counted in the requests' SQL
  // statements (db.sqlStatements, which tests assert on).
  const consumerDb = config.consumersEnabled
    ? connectDatabase(location.url, { poolSize: 4, onPoolError: (error) => logger.warn('database connection lost', { error: error.message }) })
    : undefined;
  const consumers = consumerDb
    ? await startConsumers({ prisma: consumerDb.prisma, events: deps.events, logger, pollMs: config.consumerPollMs, batchSize: config.consumerBatchSize, config, invalidations })
    : undefined;
  // Job workers (WORKERS of them; none with WORKERS=0): jobs enqueued before a restart run now.
  const jobs = await startJobs({ connectionString: location.url, prisma: db.prisma, events: deps.events, config, logger, invalidations });
  const rateLimits = await RateLimits.start(config, logger);
  const metrics = new GatewayMetrics();
  const http = createHttpServer(deps, authenticator, schema, restRouteTable, rateLimits, metrics);
  metrics.watch({
    pool: db.pool,
    subscriptionConnections: () => ({ websocket: realtime.connections.openCount('websocket'), sse: realtime.connections.openCount('sse') }),
    activeSubscriptions: () => realtime.hub.size + realtime.unread.size,
    consumerPositions: () => consumerPositions(db.prisma, registeredConsumers().map((consumer) => consumer.name)),
    webhookDeliveries: () => webhookDeliveryCounts(db.prisma),
    onCollectError: (what, error) => logger.warn('metrics: could not read ' + what, { error: (error as Error).message }),
  });

  await new Promise<void>((resolve, reject) => {
    http.server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, config.host, config.port)));
    http.server.listen(config.port, config.host, () => resolve());
  });
  const address = http.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let smtp: SmtpListener | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Mail being taken in finishes (the sender gets its answer) before the database closes.
      await smtp?.stop();
      // Ending every subscription first lets SSE responses finish instead of waiting out the grace.
      await realtime.stop();
      const closed = new Promise<void>((resolve) => http.server.close(() => resolve()));
      http.server.closeIdleConnections();
      for (const socket of http.webSockets.clients) socket.close(1001, 'server shutting down');
      const grace = setTimeout(() => http.server.closeAllConnections(), config.shutdownGraceMs);
      await closed;
      clearTimeout(grace);
      await new Promise<void>((resolve) => http.webSockets.close(() => resolve()));
      // After HTTP: a request finishing during the grace may still enqueue. Jobs before consumers,
      // neither before the database they write to.
      await jobs?.stop();
      await consumers?.stop();
      await consumerDb?.close();
      await invalidations.close();
      await rateLimits.stop();
      await db.close();
      await location.stop();
    })());

  try {
    smtp = await startSmtpListener(deps, logger);
  } catch (error) {
    await stop();
    throw error;
  }

  return { url: `http://${host}:${address.port}`, deps, db, http, consumers, jobs, metrics, smtp, stop };
}
