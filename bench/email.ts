/**
 * `npm run bench:email`: one gateway process on an embedded PostgreSQL with its SMTP listener on
 * (SMTP_INBOUND_PORT), one email integration account, then BENCH_EMAIL_MESSAGES (default 1,000)
 * raw messages posted to `POST /api/v3/anytime/integrationAccounts/{id}/inbound` and as many sent
 * over SMTP (nodemailer, pooled connections) to the listener, BENCH_EMAIL_CONCURRENCY (default 8)
 * at a time. Each phase's messages come from 100 senders; every fifth one is a reply (In-Reply-To)
 * to an earlier mail of the phase, so threading is part of the work. Records messages per second
 * per way in and checks that every message was taken in once.
 */
import nodemailer from 'nodemailer';
import { loadavg } from 'node:os';
import pg from 'pg';
import { freePort } from '../src/db/embedded.js';
import { adminAuth, machine, runBench, spawnGateway, startBenchDatabase } from './harness.js';

const total = Number(process.env.BENCH_EMAIL_MESSAGES ?? 1_000);
const concurrency = Number(process.env.BENCH_EMAIL_CONCURRENCY ?? 8);
const started = performance.now();

/** A plain mail of about 1.5 KB (headers and a few paragraphs), a reply for every fifth. */
function rawMail(phase: string, i: number): string {
  const sender = `customer${i % 100}@bench.example`;
  const replyTo = i % 5 === 4 ? `\r\nIn-Reply-To: <${phase}-${i - 1}@bench.example>\r\nReferences: <${phase}-${i - 1}@bench.example>` : '';
  const paragraph = 'My order has not arrived yet, and the tracking page shows no update since Monday. Could you look into it? ';
  return [
    `From: Customer ${i % 100} <${sender}>`,
    'To: support@bench.example',
    `Subject: ${i % 5 === 4 ? 'Re: ' : ''}Order ${phase}-${i}`,
    `Date: ${new Date(Date.UTC(2026, 11, 4, 10, 0, i % 60)).toUTCString()}`,
    `Message-ID: <${phase}-${i}@bench.example>${replyTo}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...Array.from({ length: 10 }, () => paragraph),
    '',
  ].join('\r\n');
}

/** Runs `work(i)` for i in [0, n) with `concurrency` at a time; resolves with the elapsed ms. */
async function pool(n: number, work: (i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        await work(i);
      }
    }),
  );
  return performance.now() - t0;
}

await runBench(async () => {
  const database = await startBenchDatabase();
  const smtpPort = await freePort();
  const gateway = await spawnGateway(database.url, { SMTP_INBOUND_PORT: String(smtpPort), ACCESS_LOG: 'off' });
  const db = new pg.Pool({ connectionString: database.url, max: 2 });

  const created = await fetch(`${gateway.url}/api/v3/anytime/integrationAccounts`, {
    method: 'POST',
    headers: { authorization: adminAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench support', channelId: 'email', address: 'support@bench.example' }),
  });
  if (created.status !== 201) throw new Error(`account: ${created.status} ${await created.text()}`);
  const accountId = ((await created.json()) as { id: string }).id;

  // Warm-up (not measured): a few mails each way, so the first requests' JIT and pools are not counted.
  const post = async (raw: string) => {
    const response = await fetch(`${gateway.url}/api/v3/anytime/integrationAccounts/${accountId}/inbound`, {
      method: 'POST',
      headers: { authorization: adminAuth, 'content-type': 'message/rfc822' },
      body: raw,
    });
    if (response.status !== 201) throw new Error(`inbound: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: concurrency, maxMessages: Infinity });
  const send = async (raw: string, i: number, phase: string) => {
    const info = await transport.sendMail({ envelope: { from: `customer${i % 100}@bench.example`, to: 'support@bench.example' }, raw });
    if (!/^250 /.test(info.response)) throw new Error(`smtp ${phase}-${i}: ${info.response}`);
  };
  await pool(20, (i) => post(rawMail('warm-http', i)));
  await pool(20, (i) => send(rawMail('warm-smtp', i), i, 'warm-smtp'));

  // Replies name the mail before them: that one must be in before the reply is sent, so each
  // worker's reply waits for its parent (same worker order: i - 1 was claimed earlier).
  const done = new Map<string, Promise<void>>();
  const runPhase = (phase: string, deliver: (raw: string, i: number) => Promise<void>) => {
    done.clear();
    return pool(total, async (i) => {
      const parent = i % 5 === 4 ? done.get(`${phase}-${i - 1}`) : undefined;
      if (parent) await parent;
      const p = deliver(rawMail(phase, i), i);
      done.set(`${phase}-${i}`, p);
      await p;
    });
  };
  const httpMs = await runPhase('http', (raw) => post(raw));
  const smtpMs = await runPhase('smtp', (raw, i) => send(raw, i, 'smtp'));
  transport.close();
  const load = loadavg()[0]!.toFixed(1);

  const { rows } = await db.query(
    `SELECT split_part(d."emailMessageId", '-', 1) AS phase, count(*)::int AS mails, count(*) FILTER (WHERE d."createdNew")::int AS conversations
     FROM "InboundDelivery" d WHERE d."emailMessageId" LIKE 'http-%' OR d."emailMessageId" LIKE 'smtp-%' GROUP BY 1 ORDER BY 1`,
  );
  await db.end();
  for (const row of rows) if (row.mails !== total) throw new Error(`${row.phase}: ${row.mails} of ${total} mails taken in`);

  console.log(`\n## Inbound email (\`npm run bench:email\`), ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(`Machine: ${machine()}; one gateway process (${gateway.entry}, 2 workers) on embedded PostgreSQL; load average ${load} at the end of the measured phases.`);
  console.log(`${total} messages per way in, ${concurrency} at a time, from 100 senders; every fifth a reply threaded by In-Reply-To. Every message taken in once (${rows.map((r) => `${r.phase}: ${r.mails} mails, ${r.conversations} new conversations`).join('; ')}).\n`);
  console.log('| way in | messages | seconds | messages / s |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| POST …/integrationAccounts/{id}/inbound (HTTP, message/rfc822) | ${total} | ${(httpMs / 1000).toFixed(1)} | ${Math.round(total / (httpMs / 1000))} |`);
  console.log(`| SMTP listener (nodemailer, ${concurrency} pooled connections) | ${total} | ${(smtpMs / 1000).toFixed(1)} | ${Math.round(total / (smtpMs / 1000))} |`);
  console.log(`\nWhole run ${((performance.now() - started) / 1000).toFixed(1)} s.`);
});
