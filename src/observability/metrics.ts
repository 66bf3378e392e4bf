/**
 * Prometheus metrics (prom-client), one registry per gateway (tests run several in one process),
 * served at `GET /metrics` with `Authorization: Bearer <METRICS_TOKEN>` (src/observability/http.ts).
 *
 *   anytime_http_request_duration_seconds{method,route,status_class}  histogram, every HTTP request
 *       (route: the registered pattern, e.g. /api/v3/anytime/conversations/:id, /graphql; `unmatched` for 404s)
 *   anytime_graphql_operations_total{operation_type,operation_name,result}  counter, every executed
 *       operation over HTTP, WebSocket and REST (a REST route runs its stored document), result ok|error
 *   anytime_graphql_operation_duration_seconds{operation_type,operation_name}  histogram (queries, mutations)
 *   anytime_db_pool_connections{state}  gauge: idle / in_use connections of the pg pool; and
 *       anytime_db_pool_waiting_requests, anytime_db_pool_max_connections
 *   anytime_subscription_connections{transport}  gauge: open graphql-ws connections, open SSE subscriptions
 *   anytime_subscriptions_active  gauge: live subscriptions (either transport)
 *   anytime_event_log_last_id  gauge: highest DomainEvent id
 *   anytime_event_consumer_lag_events{consumer}  gauge: that minus each consumer's stored position
 *   anytime_webhook_deliveries{status}  gauge: webhook deliveries pending (waiting or retrying) and dead (dead letters)
 *   process_* and nodejs_*  prom-client's default process metrics
 * Gauges are read when scraped; nothing polls in between.
 *
 * Label values are bounded: methods outside the usual ones are `other`, and operation names (which
 * clients choose) are kept for the first MAX_OPERATION_NAMES distinct names, `other` after that.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const MAX_OPERATION_NAMES = 500;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricSources {
  pool?: { readonly total: number; readonly idle: number; readonly waiting: number; readonly max: number };
  subscriptionConnections?: () => { websocket: number; sse: number };
  activeSubscriptions?: () => number;
  /** The highest event id and each consumer's position (a database read, at scrape time). */
  consumerPositions?: () => Promise<{ lastEventId: bigint; consumers: { name: string; position: bigint }[] }>;
  /** Webhook deliveries not yet succeeded, by status (a database read, at scrape time). */
  webhookDeliveries?: () => Promise<{ pending: number; dead: number }>;
  /** Where a failed scrape-time read is reported. */
  onCollectError?: (what: string, error: unknown) => void;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly sources: MetricSources = {};
  private readonly operationNames = new Set<string>();
  /** The event log read of the scrape in progress. */
  private positions: Awaited<ReturnType<NonNullable<MetricSources['consumerPositions']>>> | undefined;
  /** The webhook read of the scrape in progress. */
  private webhooks: { pending: number; dead: number } | undefined;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_class'>;
  private readonly operations: Counter<'operation_type' | 'operation_name' | 'result'>;
  private readonly operationDuration: Histogram<'operation_type' | 'operation_name'>;

  constructor() {
    const registers = [this.registry];
    const sources = this.sources;
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'anytime_http_request_duration_seconds',
      help: 'HTTP requests: time from arrival to the last byte of the answer, by method, route pattern and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.operations = new Counter({
      name: 'anytime_graphql_operations_total',
      help: 'GraphQL operations executed (over HTTP, WebSocket, and the REST routes stored documents), by type, name and result',
      labelNames: ['operation_type', 'operation_name', 'result'],
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'anytime_graphql_operation_duration_seconds',
      help: 'GraphQL query and mutation execution time, by type and name',
      labelNames: ['operation_type', 'operation_name'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    new Gauge({
      name: 'anytime_db_pool_connections',
      help: 'Connections of the PostgreSQL pool, by state (idle, in_use)',
      labelNames: ['state'],
      registers,
      collect() {
        if (!sources.pool) return;
        this.set({ state: 'idle' }, sources.pool.idle);
        this.set({ state: 'in_use' }, sources.pool.total - sources.pool.idle);
      },
    });
    new Gauge({
      name: 'anytime_db_pool_waiting_requests',
      help: 'Queries waiting for a free pool connection',
      registers,
      collect() {
        if (sources.pool) this.set(sources.pool.waiting);
      },
    });
    new Gauge({
      name: 'anytime_db_pool_max_connections',
      help: 'The most connections the pool opens',
      registers,
      collect() {
        if (sources.pool) this.set(sources.pool.max);
      },
    });
    new Gauge({
      name: 'anytime_subscription_connections',
      help: 'Open subscription connections in this process, by transport (websocket: graphql-ws connections; sse: SSE subscriptions)',
      labelNames: ['transport'],
      registers,
      collect() {
        const open = sources.subscriptionConnections?.() ?? { websocket: 0, sse: 0 };
        this.set({ transport: 'websocket' }, open.websocket);
        this.set({ transport: 'sse' }, open.sse);
      },
    });
    new Gauge({
      name: 'anytime_subscriptions_active',
      help: 'Live subscriptions in this process (either transport)',
      registers,
      collect() {
        this.set(sources.activeSubscriptions?.() ?? 0);
      },
    });
    // Both read the one database read text() makes per scrape.
    const positions = () => this.positions;
    new Gauge({
      name: 'anytime_event_log_last_id',
      help: 'Highest DomainEvent id (the head of the event log)',
      registers,
      collect() {
        this.reset();
        const read = positions();
        if (read) this.set(Number(read.lastEventId));
      },
    });
    new Gauge({
      name: 'anytime_event_consumer_lag_events',
      help: 'Events in the log after each durable consumer stored position (head id minus position)',
      labelNames: ['consumer'],
      registers,
      collect() {
        this.reset();
        const read = positions();
        if (!read) return;
        const head = read.lastEventId;
        for (const { name, position } of read.consumers) this.set({ consumer: name }, Number(head > position ? head - position : 0n));
      },
    });
    const webhooks = () => this.webhooks;
    new Gauge({
      name: 'anytime_webhook_deliveries',
      help: 'Webhook deliveries by status: pending (waiting or retrying) and dead (retry schedule exhausted; replay them)',
      labelNames: ['status'],
      registers,
      collect() {
        this.reset();
        const read = webhooks();
        if (!read) return;
        this.set({ status: 'pending' }, read.pending);
        this.set({ status: 'dead' }, read.dead);
      },
    });
  }

  /** Where the scrape-time gauges read from (set once the gateway has started them). */
  watch(sources: MetricSources): void {
    Object.assign(this.sources, sources);
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method: METHODS.has(method) ? method : 'other', route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  /** An operation that ran; `seconds` is left out for subscriptions (they last as long as their client). */
  observeOperation(type: string, name: string | undefined, ok: boolean, seconds?: number): void {
    const labels = { operation_type: type, operation_name: this.nameLabel(name) };
    this.operations.inc({ ...labels, result: ok ? 'ok' : 'error' });
    if (seconds !== undefined) this.operationDuration.observe(labels, seconds);
  }

  private nameLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** One scrape: reads the event log's positions once, then every metric. */
  async text(): Promise<string> {
    this.positions = undefined;
    if (this.sources.consumerPositions) {
      try {
        this.positions = await this.sources.consumerPositions();
      } catch (error) {
        // The database is away: the scrape still answers, without the lag gauges' samples.
        this.sources.onCollectError?.('event-log lag', error);
      }
    }
    this.webhooks = undefined;
    if (this.sources.webhookDeliveries) {
      try {
        this.webhooks = await this.sources.webhookDeliveries();
      } catch (error) {
        this.sources.onCollectError?.('webhook deliveries', error);
      }
    }
    return this.registry.metrics();
  }
}

/**
 * The event log's head and every consumer's position, for the lag gauge: each ConsumerCursor row,
 * and position 0 for a consumer this process defines that has no row yet (it has handled nothing).
 */
export async function consumerPositions(
  prisma: { $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T> },
  defined: readonly string[] = [],
): Promise<{ lastEventId: bigint; consumers: { name: string; position: bigint }[] }> {
  const [head] = await prisma.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM "DomainEvent"`;
  const rows = await prisma.$queryRaw<{ name: string; position: bigint }[]>`SELECT name, position FROM "ConsumerCursor" ORDER BY name`;
  const consumers = rows.map((row) => ({ name: row.name, position: BigInt(row.position) }));
  for (const name of defined) if (!consumers.some((c) => c.name === name)) consumers.push({ name, position: 0n });
  return { lastEventId: BigInt(head?.id ?? 0), consumers };
}
