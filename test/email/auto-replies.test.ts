/**
 * Auto-replies and bounces (issue #14 item 3): stored like any mail, but no trigger email answers
 * them. Triggers that email the contact on conversationCreated and conversationReplyReceived; the
 * emails they send are caught by a real SMTP server in process. A normal mail (and
 * `Auto-Submitted: no`) gets its email; every auto-submitted shape (Auto-Submitted, X-Autoreply,
 * X-Autorespond, Precedence bulk/junk/list, From mailer-daemon/postmaster, multipart/report) is
 * stored as a conversation or a threaded reply, its events carry `autoSubmitted: true`, and the
 * trigger run records that it sent nothing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
let gw: TestGateway;
let smtp: SmtpCapture;
let accountId: string;
let createdTrigger: string;
let replyTrigger: string;

async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  smtp = await startSmtpCapture();
  gw = await startTestGateway({ consumerPollMs: 50, workers: 2, workerPollMs: 100, smtpUrl: smtp.url, mailFrom: 'Help desk <help@desk.example>', triggerMaxEmailsPer10Min: 100 });
  const account = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Support', channelId: 'email', address: 'support@example.com' });
  expect(account.status).toBe(201);
  accountId = account.body.id;
  for (const [event, subject] of [['conversationCreated', 'We got it'], ['conversationReplyReceived', 'We got your reply']] as const) {
    const res = await gw.rest('POST', '/api/v3/anytime/triggers', { enable: true, event, sendEmail: true, sendToContacts: true, subject, plainText: 'Thanks {{contact.name}}' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (event === 'conversationCreated') createdTrigger = res.body.id;
    else replyTrigger = res.body.id;
  }
});
afterAll(async () => {
  await gw?.stop();
  await smtp?.stop();
});

async function post(raw: string) {
  const response = await fetch(`${gw.url}/api/v3/anytime/integrationAccounts/${accountId}/inbound`, {
    method: 'POST',
    headers: { authorization: adminAuth, 'content-type': 'message/rfc822' },
    body: raw,
  });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body as { conversationId: number; messageId: string; newConversation: boolean };
}

const mail = (from: string, id: string, headers: string, extra = '') =>
  `From: ${from}\r\nTo: support@example.com\r\nSubject: Hello ${id}\r\nMessage-ID: <${id}@customer.test>\r\n${headers}${extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nText of ${id}.\r\n`;

const drain = () => gw.gateway.consumers!.drain();
const outbox = (conversationId: number) => gw.sql(`SELECT "to", subject, "triggerId" FROM "OutboundEmail" WHERE "conversationId" = $1 ORDER BY "createdTime"`, [conversationId]);
const runOf = async (triggerId: string, conversationId: number) =>
  (await gw.sql(`SELECT outcome, detail FROM "TriggerRun" WHERE "triggerId" = $1 AND "conversationId" = $2 ORDER BY "eventId"`, [Number(triggerId), conversationId])).at(-1);

describe('auto-replies and bounces', () => {
  let normal: { conversationId: number };

  it('a normal mail gets the trigger email', async () => {
    normal = await post(mail('Ann Customer <ann@customer.test>', 'normal-1', ''));
    await drain();
    const [sent] = await waitFor(() => smtp.to('ann@customer.test').length === 1 && smtp.to('ann@customer.test'), 'the acknowledgement');
    // Mail to a contact carries the conversation's reply token (README "Outgoing email").
    expect(sent!.subject).toBe(`We got it [#${normal.conversationId}]`);
    const events = await gw.sql(`SELECT payload FROM "DomainEvent" WHERE "conversationId" = $1`, [normal.conversationId]);
    expect(events.every((e) => e.payload.autoSubmitted === undefined)).toBe(true);
  });

  it('Auto-Submitted: no is a normal mail', async () => {
    const created = await post(mail('Nora <nora@customer.test>', 'auto-no-1', 'Auto-Submitted: no\r\n'));
    await drain();
    await waitFor(() => smtp.to('nora@customer.test').length === 1, 'the acknowledgement');
    expect(await outbox(created.conversationId)).toHaveLength(1);
  });

  const shapes: [string, string, string][] = [
    ['Auto-Submitted: auto-replied', 'Olga <olga@customer.test>', 'Auto-Submitted: auto-replied\r\n'],
    ['Auto-Submitted: auto-generated', 'Greg <greg@customer.test>', 'Auto-Submitted: auto-generated; owner-email="greg@customer.test"\r\n'],
    ['X-Autoreply', 'Xena <xena@customer.test>', 'X-Autoreply: yes\r\n'],
    ['X-Autorespond', 'Xavier <xavier@customer.test>', 'X-Autorespond: Out of office\r\n'],
    ['Precedence: bulk', 'Bea <bea@customer.test>', 'Precedence: bulk\r\n'],
    ['Precedence: junk', 'Jo <jo@customer.test>', 'Precedence: Junk\r\n'],
    ['Precedence: list', 'Lin <lin@customer.test>', 'Precedence: list\r\n'],
    ['From mailer-daemon', 'Mail Delivery System <MAILER-DAEMON@mx.customer.test>', ''],
    ['From postmaster', 'Postmaster <postmaster@customer.test>', ''],
  ];

  it.each(shapes)('%s: stored as a conversation, no trigger email', async (_name, from, headers) => {
    const id = `auto-${_name.replace(/\W+/g, '-').toLowerCase()}`;
    const created = await post(mail(from, id, headers));
    expect(created.newConversation).toBe(true);
    const [message] = await gw.sql(`SELECT "senderType", "plainText", "emailMessageId" FROM "Message" WHERE id = $1`, [created.messageId]);
    expect(message).toMatchObject({ senderType: 'contact', emailMessageId: `${id}@customer.test` });
    expect(message.plainText).toContain(`Text of ${id}.`);
    await drain();
    expect(await outbox(created.conversationId)).toEqual([]);
    expect(await runOf(createdTrigger, created.conversationId)).toEqual({ outcome: 'applied', detail: expect.stringMatching(/auto-submitted mail/) });
    const [event] = await gw.sql(`SELECT payload FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'conversation.created'`, [created.conversationId]);
    expect(event.payload.autoSubmitted).toBe(true);
  });

  it('a bounce (multipart/report from MAILER-DAEMON) is stored with its report, no trigger email', async () => {
    const created = await post(fixture('bounce.eml'));
    const [message] = await gw.sql(`SELECT "plainText" FROM "Message" WHERE id = $1`, [created.messageId]);
    expect(message.plainText).toMatch(/could not\s+be delivered/);
    await drain();
    expect(await outbox(created.conversationId)).toEqual([]);
  });

  it('multipart/report from an ordinary address (a read receipt) sends nothing either', async () => {
    const raw = fixture('bounce.eml').replace('Mail Delivery System <MAILER-DAEMON@mx.customer.test>', 'Rita <rita@customer.test>').replace('bounce-1@', 'receipt-1@');
    const created = await post(raw);
    await drain();
    expect(await outbox(created.conversationId)).toEqual([]);
  });

  it('an out-of-office reply threads into the conversation and is not answered; a real reply is', async () => {
    const raw = fixture('out-of-office.eml').replace('Subject: Automatic reply: Printer on fire', 'Subject: Automatic reply: Hello normal-1').replace('Auto-Submitted', 'In-Reply-To: <normal-1@customer.test>\nAuto-Submitted');
    const ooo = await post(raw);
    expect(ooo).toMatchObject({ conversationId: normal.conversationId, newConversation: false });
    await drain();
    expect(await outbox(normal.conversationId)).toHaveLength(1);
    expect(await runOf(replyTrigger, normal.conversationId)).toEqual({ outcome: 'applied', detail: expect.stringMatching(/auto-submitted mail/) });

    await post(mail('Ann Customer <ann@customer.test>', 'normal-2', 'In-Reply-To: <normal-1@customer.test>\r\n'));
    await drain();
    const sent = await waitFor(() => smtp.to('ann@customer.test').length === 2 && smtp.to('ann@customer.test'), 'the reply acknowledgement');
    expect(sent.map((m) => m.subject)).toEqual([`We got it [#${normal.conversationId}]`, `We got your reply [#${normal.conversationId}]`]);
    expect(await outbox(normal.conversationId)).toHaveLength(2);
  });
});
