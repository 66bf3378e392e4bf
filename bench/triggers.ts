/**
 * `npm run bench:triggers`: one gateway process on an embedded PostgreSQL, an SMTP server in this
 * process (npm smtp-server) as SMTP_URL, BENCH_TRIGGERS (default 100) enabled conversationCreated
 * triggers and BENCH_CONVERSATIONS (default 1,000) conversations whose conversation.created events
 * land in the log at once (one seeding transaction, as the write path logs them: under the
 * event-log lock), so the trigger consumer works through a backlog of conversations × triggers runs.
 *
 * The triggers: 90% setValue (priority high when the subject contains `[k<i>]`), 10% sendEmail to
 * the contact (when the subject contains `[m<j>]`); conversation n's subject names one of each, so
 * every conversation is evaluated by every trigger (one transaction per run: claim, lock, evaluate),
 * gets one setValue and queues one email. Records: time until every run committed, runs and events
 * per second, emails queued per second (outbox rows, inside the runs) and delivered per second (the
 * email.send job to the SMTP server), and per event the lag from the seeding commit to its last run
 * (p50/p99: with a backlog this is mostly queueing). Stops waiting after BENCH_TIMEOUT_S (default
 * 50 s) and reports what was done by then.
 */
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { adminAuth, machine, runBench, spawnGateway, startBenchDatabase } from './harness.js';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';

const total = Number(process.env.BENCH_CONVERSATIONS ?? 1_000);
const triggerCount = Number(process.env.BENCH_TRIGGERS ?? 100);
const timeoutS = Number(process.env.BENCH_TIMEOUT_S ?? 50);
const started = performance.now();
const EVENT_LOG_LOCK_KEY = 0x616e7974; // src/engine/events.ts

await runBench(async () => {
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', () => resolve()));

  try {
    const database = await startBenchDatabase();
    const gateway = await spawnGateway(database.url, {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Bench <bench@desk.example>',
      CONSUMER_POLL_MS: '100',
      WORKER_POLL_MS: '200',
      TRIGGER_MAX_EMAILS_PER_10_MIN: '10000',
      ACCESS_LOG: 'off',
    });
    const db = new pg.Pool({ connectionString: database.url, max: 2 });
    db.on('error', () => undefined);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${gateway.url}${path}`, {
        method,
        headers: { authorization: adminAuth, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : null;
    };

    const mailers = Math.max(1, Math.round(triggerCount / 10));
    const setters = triggerCount - mailers;
    for (let i = 0; i < setters; i++) {
      await call('POST', '/api/v3/anytime/triggers', {
        description: `set ${i}`, enable: true, event: 'conversationCreated',
        conditions: [{ fieldId: 'subject', matchType: 'contains', value: `[k${i}]` }],
        setValue: true, autoUpdate: [{ fieldId: 'priority', value: 'high' }],
      });
    }
    for (let j = 0; j < mailers; j++) {
      await call('POST', '/api/v3/anytime/triggers', {
        description: `mail ${j}`, enable: true, event: 'conversationCreated',
        conditions: [{ fieldId: 'subject', matchType: 'contains', value: `[m${j}]` }],
        sendEmail: true, sendToContacts: true, subject: 'We got {{conversation.subject}}', plainText: 'Dear {{contact.name}}, thanks.',
      });
    }

    // The backlog: contacts with email identities, conversations, first messages and their
    // conversation.created events, committed at once.
    const client = await db.connect();
    let commitAt: number;
    try {
      await client.query('BEGIN');
      await client.query(`
        WITH c AS (INSERT INTO "Contact"(name) SELECT 'Bench contact ' || g FROM generate_series(1, $1::int) g RETURNING id, name)
        INSERT INTO "ContactIdentity"("contactId", type, value) SELECT id, 'email'::"ContactIdentityType", 'contact-' || id || '@customers.example' FROM c`, [total]);
      await client.query(`
        INSERT INTO "Conversation" (guid, subject, channel, status, "createdByType", "contactId", "relatedType", "relatedId", "createdTime", "lastActivityTime", "lastStatusChangeTime", "lastRepliedTime")
        SELECT gen_random_uuid(), 'Bench ' || n || ' [k' || (n % $1::int) || '] [m' || (n % $2::int) || ']', 'email', 'new'::"ConversationStatus", 'contact', ct.id, 'contact', ct.id::text, now(), now(), now(), now()
        FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM "Contact" WHERE name LIKE 'Bench contact %') ct`, [setters, mailers]);
      await client.query(`
        INSERT INTO "Message" (id, "conversationId", type, "directType", "senderType", "senderId", "plainText", texts, time)
        SELECT gen_random_uuid(), c.id, 'email'::"MessageType", 'receive', 'contact', c."contactId"::text, 'hello', '[{"format":"plaintext","content":"hello"}]'::jsonb, c."createdTime"
        FROM "Conversation" c WHERE c.subject LIKE 'Bench %'`);
      await client.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [EVENT_LOG_LOCK_KEY]);
      await client.query(`
        INSERT INTO "DomainEvent" (type, "conversationId", "actorType", "actorId", payload)
        SELECT 'conversation.created', c.id, 'contact', c."contactId"::text,
          jsonb_build_object('channel', c.channel, 'status', c.status, 'priority', c.priority, 'assignedAgentId', null, 'assignedDepartmentId', null,
            'contactId', c."contactId", 'createdByType', 'contact', 'createdById', c."contactId"::text)
        FROM "Conversation" c WHERE c.subject LIKE 'Bench %' ORDER BY c.id`);
      await client.query('COMMIT');
      commitAt = performance.now();
    } finally {
      client.release();
    }
    const loadAtStart = loadavg()[0]!.toFixed(1);
    const expectedRuns = total * triggerCount;

    const count = async () => (await db.query(`SELECT (SELECT count(*)::int FROM "TriggerRun") runs, (SELECT count(*)::int FROM "OutboundEmail") queued, (SELECT count(*)::int FROM "OutboundEmail" WHERE status = 'sent') sent`)).rows[0] as { runs: number; queued: number; sent: number };
    let state = await count();
    let runsDoneAt: number | null = null;
    let sentDoneAt: number | null = null;
    while ((performance.now() - commitAt) / 1000 < timeoutS) {
      state = await count();
      if (runsDoneAt === null && state.runs >= expectedRuns) runsDoneAt = performance.now();
      if (runsDoneAt !== null && state.sent >= state.queued) {
        sentDoneAt = performance.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const loadAtEnd = loadavg()[0]!.toFixed(1);

    // Per event: seeding commit → its last trigger run (the run's transaction start, DB clock).
    const { rows: [clock] } = await db.query(`SELECT min(time) AS first FROM "DomainEvent" WHERE type = 'conversation.created'`);
    const lags = (await db.query(`
      SELECT extract(epoch FROM max(r.time) - $1::timestamptz) * 1000 AS ms FROM "TriggerRun" r GROUP BY r."eventId" HAVING count(*) = $2::int`,
      [clock.first, triggerCount])).rows.map((r) => Number(r.ms));
    const emailsSpan = (await db.query(`SELECT extract(epoch FROM max("createdTime") - min("createdTime")) AS queued, extract(epoch FROM max("sentTime") - min("createdTime")) AS sent FROM "OutboundEmail"`)).rows[0];
    await db.end();

    const percentile = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
    };
    const runsSeconds = ((runsDoneAt ?? performance.now()) - commitAt) / 1000;
    const done = runsDoneAt !== null;
    console.log(`\n## Triggers (\`npm run bench:triggers\`), ${new Date().toISOString().slice(0, 10)}\n`);
    console.log(`Machine: ${machine()}; one gateway process (${gateway.entry}) on an embedded PostgreSQL, SMTP server in the bench process; load average ${loadAtStart} at the start, ${loadAtEnd} at the end.`);
    console.log(`${triggerCount} enabled conversationCreated triggers (${setters} setValue, ${mailers} sendEmail), ${total} conversations' events committed at once.\n`);
    console.log('| conversations × triggers | runs done | seconds | runs per s | events per s | emails queued | queued per s | delivered | delivered per s | lag p50 ms | lag p99 ms |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| ${total} × ${triggerCount} | ${state.runs}${done ? '' : ` of ${expectedRuns} (stopped at ${timeoutS} s)`} | ${runsSeconds.toFixed(1)} | ${Math.round(state.runs / runsSeconds)} | ${(state.runs / triggerCount / runsSeconds).toFixed(1)} | ${state.queued} | ${(state.queued / Math.max(Number(emailsSpan.queued), 0.001)).toFixed(1)} | ${state.sent} | ${(state.sent / Math.max(Number(emailsSpan.sent), 0.001)).toFixed(1)} | ${percentile(lags, 50).toFixed(0)} | ${percentile(lags, 99).toFixed(0)} |`);
    console.log(`\nSMTP server received ${received} emails. ${sentDoneAt === null ? 'Not every queued email was delivered by the end. ' : ''}Whole run ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});
