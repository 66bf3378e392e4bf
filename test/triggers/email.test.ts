/**
 * Outgoing email and the timed trigger, with a real SMTP server in process (npm smtp-server) and
 * what it receives parsed by mailparser: trigger emails to the contact and to agents (placeholders,
 * HTML escaping, the trigger's attachment, Message-ID / In-Reply-To / References, Auto-Submitted),
 * showInConversationCorrespondences, an agent's email reply delivered after commit, an SMTP outage
 * recorded and retried until delivered exactly once, no SMTP_URL recorded as a failure, and
 * conversationStatusLastForCertainTime firing after its duration and replaced by a status change.
 */
import { createServer, type Server } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE as API, createContact, submit } from '../conversations/helpers.js';
import { uploadRest } from '../attachments/helpers.js';

const BASE = `${API}/triggers`;
const UNIT_MS = 100; // TRIGGER_STATUS_DURATION_UNIT_MS: a statusDuration "minute" is 100 ms here

const received: ParsedMail[] = [];
let smtp: SMTPServer | undefined;
let smtpPort: number;

async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startSmtp(port: number) {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp!.once('error', reject);
    smtp!.listen(port, '127.0.0.1', () => resolve());
  });
}
const stopSmtp = () => new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));

async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let gw: TestGateway;
let agent: { id: number; auth: string; email: string };

beforeAll(async () => {
  smtpPort = await freePort();
  await startSmtp(smtpPort);
  gw = await startTestGateway({
    consumerPollMs: 50,
    workers: 2,
    workerPollMs: 100,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailFrom: 'Help desk <help@desk.example>',
    mailMaxAttempts: 5,
    triggerStatusDurationUnitMs: UNIT_MS,
    triggerMaxEmailsPer10Min: 3,
    publicUrl: 'https://desk.example',
  });
  agent = await gw.createAgent({ name: 'Alice Agent', email: 'alice@agents.example' });
});
afterAll(async () => {
  await gw?.stop();
  await stopSmtp();
});
beforeEach(async () => {
  await gw.sql(`DELETE FROM "Trigger"`);
  received.length = 0;
});

const createTrigger = async (body: Record<string, unknown>) => {
  const res = await gw.rest('POST', BASE, { enable: true, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string };
};
const drain = () => gw.gateway.consumers!.drain();
const contactWithEmail = async (name: string, email: string) => {
  const id = await createContact(gw, name);
  await gw.sql(`INSERT INTO "ContactIdentity"("contactId", type, value) VALUES ($1, 'email', $2)`, [id, email]);
  return id;
};
// As if the contact wrote in (a portal reply): an agent's first email message would itself be emailed to the contact.
const newConversation = (contactId: number, subject: string, text = 'Hello there') =>
  submit(gw, { subject, text, type: 'reply', channel: 'portal', extra: { relatedType: 'contact', relatedId: contactId } });
const mailTo = (address: string) => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));
const outbox = (conversationId: number) =>
  gw.sql(`SELECT "to", "recipientType", status, attempts, "lastError", "messageIdHeader", "messageId" FROM "OutboundEmail" WHERE "conversationId" = $1 ORDER BY "createdTime", id`, [conversationId]);

describe('trigger emails', () => {
  it('to the contact and to agents: placeholders (escaped in HTML), attachment, threading and Auto-Submitted headers, shown in the conversation as the system', async () => {
    const upload = await uploadRest(gw, 'the terms', 'terms.txt');
    expect(upload.status, JSON.stringify(upload.body)).toBeLessThan(300);
    const other = await gw.createAgent({ name: 'Bob Agent', email: 'bob@agents.example' });
    await createTrigger({
      event: 'conversationCreated',
      sendEmail: true,
      sendToContacts: true,
      sendToAgents: true,
      toAgents: [agent.id, other.id],
      subject: 'Re: {{conversation.subject}} (#{{ conversation.id }})',
      htmlText: '<p>Dear {{contact.name}}, we got: {{message.text}}</p><p>{{conversation.link}}</p>',
      plainText: 'Dear {{contact.name}}, we got: {{message.text}}',
      attachment: { id: upload.body.id },
      showInConversationCorrespondences: true,
    });
    const contactId = await contactWithEmail('Carol <b>Bold</b>', 'carol@customers.example');
    const c = await newConversation(contactId, 'Printer on fire', 'smoke & flames');
    await drain();
    await waitFor(() => received.length === 3, 'three emails');

    const [toContact] = mailTo('carol@customers.example');
    // Mail to the contact carries the reply token; agents' mail does not.
    expect(toContact!.subject).toBe(`Re: Printer on fire (#${c.id}) [#${c.id}]`);
    expect(toContact!.text!.trim()).toBe('Dear Carol <b>Bold</b>, we got: smoke & flames');
    expect(toContact!.html).toContain('Dear Carol &lt;b&gt;Bold&lt;/b&gt;, we got: smoke &amp; flames');
    expect(toContact!.html).toContain(`https://desk.example/conversations/${c.id}`);
    expect(toContact!.from!.value[0]!.address).toBe('help@desk.example');
    expect(toContact!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(toContact!.messageId).toMatch(/^<[0-9a-f-]{36}@desk\.example>$/);
    expect(toContact!.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['terms.txt', 'the terms']]);
    // The first email of a conversation replies to the conversation's root id.
    expect(toContact!.inReplyTo).toBe(`<conversation-${c.id}@desk.example>`);
    expect(mailTo('alice@agents.example')).toHaveLength(1);
    expect(mailTo('bob@agents.example')).toHaveLength(1);
    expect(mailTo('bob@agents.example')[0]!.subject).toBe(`Re: Printer on fire (#${c.id})`);

    const rows = await waitFor(async () => {
      const r = await outbox(c.id);
      return r.every((row) => row.status === 'sent') && r;
    }, 'the outbox rows sent');
    expect(rows.map((r) => [r.recipientType, r.to]).sort()).toEqual([
      ['agent', 'alice@agents.example'], ['agent', 'bob@agents.example'], ['contact', 'carol@customers.example'],
    ]);
    // The contact's email is a message of the conversation, from the system, delivered.
    const shown = rows.find((r) => r.recipientType === 'contact')!;
    const message = await waitFor(async () => {
      const res = await gw.rest('GET', `${API}/conversations/${c.id}/messages`);
      const list = (Array.isArray(res.body) ? res.body : res.body.messages ?? res.body.items ?? []) as any[];
      const m = list.find((x) => x.id === shown.messageId);
      return m?.sendStatus === 'sucess' && m;
    }, 'the correspondence message delivered');
    expect(message).toMatchObject({ type: 'email', senderType: 'system', directType: 'send', subject: `Re: Printer on fire (#${c.id})` });

    // Retried batches write nothing twice: replaying the consumer's events changes nothing.
    await drain();
    expect(await outbox(c.id)).toHaveLength(3);
  });

  it('mail loops: at most TRIGGER_MAX_EMAILS_PER_10_MIN trigger emails per conversation; the runs beyond send nothing and say why', async () => {
    const t = await createTrigger({ event: 'conversationStatusChanged', sendEmail: true, sendToContacts: true, subject: 'Status: {{conversation.status}}', plainText: 'now {{conversation.status}}' });
    const contactId = await contactWithEmail('Gus', 'gus@customers.example');
    const c = await newConversation(contactId, 'Ping pong');
    for (const status of ['onHold', 'pendingExternal', 'onHold', 'pendingExternal', 'onHold']) {
      const res = await gw.rest('PUT', `${API}/conversations/${c.id}`, { status });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await drain();
    }
    const runs = await gw.sql(`SELECT outcome, detail FROM "TriggerRun" WHERE "triggerId" = $1 ORDER BY "eventId"`, [Number(t.id)]);
    expect(runs.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(runs.slice(0, 3).map((r) => r.detail)).toEqual([null, null, null]);
    expect(runs[3]!.detail).toMatch(/^no email: 3 trigger emails in this conversation in the last 10 minutes \(TRIGGER_MAX_EMAILS_PER_10_MIN = 3\)/);
    expect(await outbox(c.id)).toHaveLength(3);
    await waitFor(() => mailTo('gus@customers.example').length === 3, 'three emails');
    expect(mailTo('gus@customers.example').map((m) => m.subject).sort()).toEqual([`Status: onHold [#${c.id}]`, `Status: onHold [#${c.id}]`, `Status: pendingExternal [#${c.id}]`]);
  });

  it('an agent’s email reply goes to the contact after commit, threaded after the previous email of the conversation', async () => {
    await createTrigger({ event: 'conversationCreated', sendEmail: true, sendToContacts: true, subject: 'We got it', plainText: 'Thanks {{contact.name}}' });
    const contactId = await contactWithEmail('Dora', 'dora@customers.example');
    const c = await newConversation(contactId, 'Broken screen');
    await drain();
    const [ack] = await waitFor(() => mailTo('dora@customers.example').length === 1 && mailTo('dora@customers.example'), 'the acknowledgement');
    expect(ack!.text!.trim()).toBe('Thanks Dora');

    const res = await gw.rest('POST', `${API}/conversations/${c.id}/messages`, { type: 'email', text: { format: 'html', content: '<p>Try <b>turning it off</b></p>' } }, agent.auth);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    expect(res.body.sendStatus).toBe('sending');
    const mails = await waitFor(() => mailTo('dora@customers.example').length === 2 && mailTo('dora@customers.example'), 'the reply');
    const replyMail = mails[1]!;
    expect(replyMail.subject).toBe(`Re: Broken screen [#${c.id}]`);
    expect(replyMail.html).toContain('<b>turning it off</b>');
    expect(replyMail.text!.trim()).toContain('turning it off');
    expect(replyMail.headers.get('auto-submitted')).toBeUndefined();
    expect(replyMail.inReplyTo).toBe(ack!.messageId);
    expect(replyMail.references).toEqual([`<conversation-${c.id}@desk.example>`, ack!.messageId]);
    await waitFor(async () => (await gw.sql(`SELECT "sendStatus" FROM "Message" WHERE id = $1`, [res.body.id]))[0].sendStatus === 'sucess', 'sendStatus sucess');
  });

  it('SMTP down: the failure is recorded and retried; after recovery the email arrives exactly once', async () => {
    const contactId = await contactWithEmail('Eve', 'eve@customers.example');
    const c = await newConversation(contactId, 'Outage');
    await stopSmtp();
    try {
      const res = await gw.rest('POST', `${API}/conversations/${c.id}/messages`, { type: 'email', text: { format: 'plaintext', content: 'are you there?' } }, agent.auth);
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      const [failed] = await waitFor(async () => {
        const r = await outbox(c.id);
        return r[0]?.attempts >= 1 && r;
      }, 'a failed attempt');
      expect(failed).toMatchObject({ status: 'queued', to: 'eve@customers.example' });
      expect(failed!.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect((await gw.sql(`SELECT "sendStatus" FROM "Message" WHERE id = $1`, [res.body.id]))[0].sendStatus).toBe('sending');
    } finally {
      await startSmtp(smtpPort);
    }
    const [sent] = await waitFor(async () => {
      const r = await outbox(c.id);
      return r[0]?.status === 'sent' && r;
    }, 'delivery after recovery', 30_000);
    expect(sent!.attempts).toBeGreaterThanOrEqual(2);
    expect(sent!.lastError).toBeNull();
    expect(mailTo('eve@customers.example')).toHaveLength(1);
    expect(mailTo('eve@customers.example')[0]!.text!.trim()).toBe('are you there?');
  });
});

describe('conversationStatusLastForCertainTime', () => {
  const jobOf = async (conversationId: number, triggerId: string) =>
    (await gw.sql(`SELECT j.payload, j.run_at FROM graphile_worker._private_jobs j WHERE j.key = $1`, [`trigger-status:${conversationId}:${triggerId}`]))[0];
  const runsOf = (triggerId: string) => gw.sql(`SELECT "eventId"::text, outcome FROM "TriggerRun" WHERE "triggerId" = $1 ORDER BY "eventId"`, [Number(triggerId)]);

  it('fires once after the status lasted statusDuration (on creation), running its actions', async () => {
    const t = await createTrigger({ event: 'conversationStatusLastForCertainTime', statusDuration: 5, setValue: true, autoUpdate: [{ fieldId: 'priority', value: 'urgent' }] });
    const c = await submit(gw, { subject: 'Waiting' });
    await drain();
    const runs = await waitFor(async () => {
      const r = await runsOf(t.id);
      return r.length > 0 && r;
    }, 'the timed run');
    const [created] = await gw.sql(`SELECT id::text FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'conversation.created'`, [c.id]);
    expect(runs).toEqual([{ eventId: created.id, outcome: 'applied' }]);
    await waitFor(async () => (await gw.sql(`SELECT priority FROM "Conversation" WHERE id = $1`, [c.id]))[0].priority === 'urgent', 'priority urgent');
    expect(await jobOf(c.id, t.id)).toBeUndefined(); // done: no timer left
  });

  it('a status change replaces the timer: the new period fires, the old one never does', async () => {
    // 1000 "minutes" of 100 ms: far beyond the test; the deadline is then moved to now by SQL.
    const t = await createTrigger({ event: 'conversationStatusLastForCertainTime', statusDuration: 1000, setValue: true, autoUpdate: [{ fieldId: 'priority', value: 'high' }] });
    const c = await submit(gw, { subject: 'Changing' });
    await drain();
    const [created] = await gw.sql(`SELECT id::text, time FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'conversation.created'`, [c.id]);
    const first = await jobOf(c.id, t.id);
    expect(first.payload).toEqual({ eventId: created.id, conversationId: c.id, triggerId: Number(t.id) });
    expect(new Date(first.run_at).getTime()).toBe(new Date(created.time).getTime() + 1000 * UNIT_MS);

    const res = await gw.rest('PUT', `${API}/conversations/${c.id}`, { status: 'pendingExternal' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await drain();
    const [changed] = await gw.sql(`SELECT id::text FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'conversation.statusChanged'`, [c.id]);
    const second = await jobOf(c.id, t.id);
    expect(second.payload.eventId).toBe(changed.id);
    expect((await gw.sql(`SELECT count(*)::int n FROM graphile_worker._private_jobs WHERE key = $1`, [`trigger-status:${c.id}:${t.id}`]))[0].n).toBe(1);

    // The deadline reached (moved to now): it runs for the status period of the change only.
    await gw.sql(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = $1`, [`trigger-status:${c.id}:${t.id}`]);
    const runs = await waitFor(async () => {
      const r = await runsOf(t.id);
      return r.length > 0 && r;
    }, 'the timed run');
    expect(runs).toEqual([{ eventId: changed.id, outcome: 'applied' }]);

    // A timer of a period that has ended (enqueued by hand, as if taken just before being replaced) does nothing.
    await gw.sql(`SELECT graphile_worker.add_job('triggers.statusLasted', json_build_object('eventId', $1::text, 'conversationId', $2::int, 'triggerId', $3::int))`, [created.id, c.id, Number(t.id)]);
    await waitFor(async () => (await gw.sql(`SELECT count(*)::int n FROM graphile_worker.jobs WHERE task_identifier = 'triggers.statusLasted'`))[0].n === 0, 'the stale job done');
    expect(await runsOf(t.id)).toEqual([{ eventId: changed.id, outcome: 'applied' }]);
  });
});

describe('without SMTP_URL', () => {
  let off: TestGateway;
  beforeAll(async () => {
    off = await startTestGateway({ consumerPollMs: 50, workers: 1, workerPollMs: 100, smtpUrl: undefined });
  });
  afterAll(() => off?.stop());

  it('an email reply is recorded as failed with a clear reason (nothing crashes, nothing is lost silently)', async () => {
    const contactId = (await off.sql(`INSERT INTO "Contact"(name) VALUES ('Finn') RETURNING id`))[0].id;
    await off.sql(`INSERT INTO "ContactIdentity"("contactId", type, value) VALUES ($1, 'email', 'finn@customers.example')`, [contactId]);
    const c = await submit(off, { subject: 'No mail', type: 'note', extra: { relatedType: 'contact', relatedId: contactId } });
    const res = await off.rest('POST', `${API}/conversations/${c.id}/messages`, { type: 'email', text: { format: 'plaintext', content: 'hello?' } });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    const [row] = await waitFor(async () => {
      const r = await off.sql(`SELECT status, "lastError" FROM "OutboundEmail" WHERE "conversationId" = $1`, [c.id]);
      return r[0]?.status === 'failed' && r;
    }, 'the failure recorded');
    expect(row!.lastError).toMatch(/SMTP_URL is not set/);
    expect((await off.sql(`SELECT "sendStatus" FROM "Message" WHERE id = $1`, [res.body.id]))[0].sendStatus).toBe('fail');

    // Admins see it in GraphQL outboundEmails; others may not; a bad filter names its argument.
    const listed = await off.gql(`query($c: Int) { outboundEmails(status: "failed", conversationId: $c) { to status attempts lastError recipientType messageId } }`, { c: c.id });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.outboundEmails).toEqual([
      { to: 'finn@customers.example', status: 'failed', attempts: 1, lastError: expect.stringMatching(/SMTP_URL is not set/), recipientType: 'contact', messageId: res.body.id },
    ]);
    const someone = await off.createAgent({ name: 'Plain Agent', role: 'agent' });
    const refused = await off.gql(`{ outboundEmails { id } }`, undefined, someone.auth);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.length).toBeGreaterThan(0);
    const bad = await off.gql(`{ outboundEmails(status: "lost") { id } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/^status must be one of queued, sent, failed/);
  });
});
