/**
 * The built-in SMTP listener (issue #14): nodemailer as the SMTP client against the listener of a
 * real gateway (SMTP_INBOUND_PORT). Mail to an account address becomes a conversation, a reply
 * threads, several recipient accounts each take the mail in once; an unknown recipient is 550 and
 * stores nothing; a mail over INBOUND_EMAIL_MAX_BYTES is 552; malformed MIME is recorded as a failed
 * delivery with a 5xx answer and the listener keeps serving; how pipeline outcomes map to SMTP
 * answers (a 4xx AppError such as a rejected sender is a permanent 550, others 451); the port
 * closes with the gateway.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forbidden, invalidField, notFound } from '../../src/graphql/errors.js';
import { UndeliverableMail } from '../../src/modules/inbound-email/service.js';
import { smtpOutcomeOf } from '../../src/modules/inbound-email/smtp.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const MAX_MAIL = 64 * 1024;
let gw: TestGateway;
let supportId: string;
let salesId: string;

beforeAll(async () => {
  gw = await startTestGateway({ smtpInboundPort: 0, inboundEmailMaxBytes: MAX_MAIL });
  const support = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Support', channelId: 'email', address: 'support@example.com' });
  const sales = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Sales', channelId: 'email', address: 'sales@example.com' });
  // Not an email account: nothing is delivered to it, whatever its name.
  await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'chat@example.com', channelId: 'chat' });
  expect([support.status, sales.status]).toEqual([201, 201]);
  supportId = support.body.id;
  salesId = sales.body.id;
});
afterAll(() => gw?.stop());

function transport() {
  return nodemailer.createTransport({ host: '127.0.0.1', port: gw.gateway.smtp!.port, secure: false, ignoreTLS: true, connectionTimeout: 10_000 });
}

/** Sends raw MIME with this envelope; the SMTP answer, also when refused. */
async function send(raw: Buffer | string, to: string[], from = 'ann@customer.test'): Promise<{ ok: true; response: string; accepted: string[] } | { ok: false; code: number | undefined; response: string }> {
  const t = transport();
  try {
    const info = await t.sendMail({ envelope: { from, to }, raw });
    return { ok: true, response: info.response, accepted: info.accepted as string[] };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message: string };
    return { ok: false, code: e.responseCode, response: e.response ?? e.message };
  } finally {
    t.close();
  }
}

const counts = async () =>
  JSON.stringify(await gw.sql(`SELECT (SELECT count(*) FROM "Conversation") c, (SELECT count(*) FROM "Message") m, (SELECT count(*) FROM "Contact") ct,
    (SELECT count(*) FROM "Attachment") a, (SELECT count(*) FROM "InboundDelivery") d`));

describe('SMTP listener', () => {
  let conversationId: number;

  it('mail to an account address becomes an email conversation received by that account', async () => {
    const sent = await send(fixture('plain.eml'), ['Support@Example.com']);
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    if (sent.ok) expect(sent.response).toMatch(/^250 /);
    const [delivery] = await gw.sql(`SELECT * FROM "InboundDelivery" WHERE "accountId" = $1 AND "emailMessageId" = 'plain-1@customer.test'`, [Number(supportId)]);
    expect(delivery).toMatchObject({ createdNew: true });
    conversationId = delivery.conversationId;
    const api = await gw.rest('GET', `/api/v3/anytime/conversations/${conversationId}`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ channel: 'email', receivedBy: supportId, subject: 'Printer on fire' });
  });

  it('the same mail again (a sender retrying) answers 250 and creates nothing', async () => {
    const before = await counts();
    const sent = await send(fixture('plain.eml'), ['support@example.com']);
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    expect(await counts()).toBe(before);
  });

  it('a reply threads into the conversation', async () => {
    const sent = await send(fixture('reply.eml'), ['support@example.com']);
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    const [delivery] = await gw.sql(`SELECT * FROM "InboundDelivery" WHERE "emailMessageId" = 'reply-1@customer.test'`);
    expect(delivery).toMatchObject({ conversationId, createdNew: false, accountId: Number(supportId) });
    const messages = await gw.sql(`SELECT "senderType", "directType" FROM "Message" WHERE "conversationId" = $1 ORDER BY time`, [conversationId]);
    expect(messages).toEqual([
      { senderType: 'contact', directType: 'receive' },
      { senderType: 'contact', directType: 'receive' },
    ]);
  });

  it('a mail to two account addresses is taken in once per account', async () => {
    const raw = fixture('plain.eml').toString().replace('plain-1@customer.test', 'both-1@customer.test');
    const sent = await send(raw, ['support@example.com', 'sales@example.com']);
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    const rows = await gw.sql(`SELECT "accountId" FROM "InboundDelivery" WHERE "emailMessageId" = 'both-1@customer.test' ORDER BY "accountId"`);
    expect(rows.map((r) => String(r.accountId))).toEqual([supportId, salesId]);
  });

  it('an unknown recipient (or a non-email account) is refused with 550 and nothing is stored', async () => {
    const before = await counts();
    const failures = (await gw.sql(`SELECT count(*)::int n FROM "InboundFailure"`))[0].n;
    for (const to of ['nobody@example.com', 'chat@example.com']) {
      const raw = fixture('plain.eml').toString().replace('plain-1@customer.test', `unknown-${to}`);
      const sent = await send(raw, [to]);
      expect(sent.ok).toBe(false);
      if (!sent.ok) {
        expect(sent.code).toBe(550);
        expect(sent.response).toMatch(/^550 .*No mailbox here/);
      }
    }
    expect(await counts()).toBe(before);
    expect((await gw.sql(`SELECT count(*)::int n FROM "InboundFailure"`))[0].n).toBe(failures);
  });

  it('a known and an unknown recipient: only the known one is accepted', async () => {
    const raw = fixture('plain.eml').toString().replace('plain-1@customer.test', 'mixed-1@customer.test');
    const sent = await send(raw, ['nobody@example.com', 'sales@example.com']);
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    if (sent.ok) expect(sent.accepted).toEqual(['sales@example.com']);
    const rows = await gw.sql(`SELECT "accountId" FROM "InboundDelivery" WHERE "emailMessageId" = 'mixed-1@customer.test'`);
    expect(rows.map((r) => String(r.accountId))).toEqual([salesId]);
  });

  it('blocked senders at the listener: a rejected domain gets 550 and nothing is stored, no contact; a junk sender is taken in as junk (250) without a conversation', async () => {
    for (const [email, blockType] of [['spammer.test', 'rejectDomain'], ['junky.test', 'blockDomainasJunk']]) {
      const rule = await gw.rest('PUT', '/api/v3/anytime/blockedSenders', { email, blockType });
      expect(rule.status, JSON.stringify(rule.body)).toBe(200);
    }
    const junks = async () => Number((await gw.sql(`SELECT count(*) n FROM "Junk"`))[0].n);
    const from = (domain: string, id: string) =>
      fixture('plain.eml').toString().replace('"Ann Customer" <Ann@Customer.test>', `"Spam" <offers@mail.${domain}>`).replace('plain-1@customer.test', id);

    const before = await counts();
    const junkBefore = await junks();
    const rejected = await send(from('spammer.test', 'reject-1@spammer.test'), ['support@example.com'], 'offers@mail.spammer.test');
    expect(rejected.ok).toBe(false);
    if (!rejected.ok) expect(rejected.code).toBe(550);
    expect(await counts()).toBe(before);
    expect(await junks()).toBe(junkBefore);

    const junk = await send(from('junky.test', 'junk-1@junky.test'), ['support@example.com'], 'offers@mail.junky.test');
    expect(junk.ok, JSON.stringify(junk)).toBe(true);
    expect(await counts()).toBe(before);
    expect(await junks()).toBe(junkBefore + 1);
    expect((await gw.sql(`SELECT "fromAddress" FROM "Junk" WHERE "emailMessageId" = 'junk-1@junky.test'`))[0]).toEqual({ fromAddress: 'offers@mail.junky.test' });
    for (const email of ['spammer.test', 'junky.test']) await gw.rest('DELETE', `/api/v3/anytime/blockedSenders?email=${email}`);
  });

  it('a mail over INBOUND_EMAIL_MAX_BYTES is refused with 552 and nothing is stored', async () => {
    const before = await counts();
    const big = `${fixture('plain.eml').toString().replace('plain-1@customer.test', 'big-1@customer.test')}\n${'x'.repeat(76).concat('\n').repeat(Math.ceil((MAX_MAIL + 1) / 77))}`;
    const sent = await send(big, ['support@example.com']);
    expect(sent.ok).toBe(false);
    if (!sent.ok) expect(sent.code).toBe(552);
    expect(await counts()).toBe(before);
  });

  it('malformed MIME is recorded as a failed delivery with a 5xx answer, and the listener keeps serving', async () => {
    const before = await counts();
    const failures = (await gw.sql(`SELECT count(*)::int n FROM "InboundFailure"`))[0].n;
    for (const [name, reason] of [
      ['garbage.bin', /no RFC 822 headers/],
      ['no-from.eml', /no valid From address/],
    ] as const) {
      const sent = await send(fixture(name), ['support@example.com']);
      expect(sent.ok).toBe(false);
      if (!sent.ok) {
        expect(sent.code).toBe(554);
        expect(sent.response).toMatch(reason);
      }
    }
    expect(await counts()).toBe(before);
    const rows = await gw.sql(`SELECT "accountId", reason FROM "InboundFailure" ORDER BY id`);
    expect(rows).toHaveLength(failures + 2);
    expect(rows.at(-1)).toMatchObject({ accountId: Number(supportId), reason: expect.stringMatching(/no valid From/) });
    // Still serving: the next mail is taken in.
    const raw = fixture('plain.eml').toString().replace('plain-1@customer.test', 'after-garbage@customer.test');
    const sent = await send(raw, ['support@example.com']);
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    expect((await gw.rest('GET', '/readyz', undefined, null)).status).toBe(200);
  });

  it('a bounce with the null reverse path (MAIL FROM:<>) is taken in', async () => {
    const socket = connect(gw.gateway.smtp!.port, '127.0.0.1');
    let buffer = '';
    socket.on('data', (chunk) => (buffer += chunk));
    const reply = async (code: string) => {
      const deadline = Date.now() + 10_000;
      while (!new RegExp(`^${code}[ ]`, 'm').test(buffer)) {
        if (Date.now() > deadline) throw new Error(`no ${code} in ${buffer}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const answer = buffer;
      buffer = '';
      return answer;
    };
    try {
      await reply('220');
      for (const [line, code] of [['EHLO mx.customer.test', '250'], ['MAIL FROM:<>', '250'], ['RCPT TO:<support@example.com>', '250'], ['DATA', '354']] as const) {
        socket.write(`${line}\r\n`);
        await reply(code);
      }
      socket.write(`${fixture('bounce.eml').toString().replace(/\r?\n/g, '\r\n')}\r\n.\r\n`);
      expect(await reply('250')).toMatch(/^250 /m);
      socket.write('QUIT\r\n');
    } finally {
      socket.destroy();
    }
    const [delivery] = await gw.sql(`SELECT "createdNew" FROM "InboundDelivery" WHERE "emailMessageId" = 'bounce-1@mx.customer.test'`);
    expect(delivery).toEqual({ createdNew: true });
  });

  it("maps the pipeline's errors: a 4xx AppError (a rejected sender, bad input) is a permanent 5xx with its message; anything else 451", () => {
    expect(smtpOutcomeOf(forbidden('The sender ann@customer.test is blocked'))).toMatchObject({ temporary: false, code: 550, message: 'The sender ann@customer.test is blocked' });
    expect(smtpOutcomeOf(invalidField('id', 'must be an email integration account'))).toMatchObject({ temporary: false, code: 550 });
    expect(smtpOutcomeOf(notFound('integration account', 9))).toMatchObject({ temporary: false, code: 550 });
    expect(smtpOutcomeOf(new UndeliverableMail('The message has no valid From address'))).toMatchObject({ temporary: false, code: 554 });
    expect(smtpOutcomeOf(new Error('connection terminated'))).toMatchObject({ temporary: true, code: 451 });
  });
});

describe('lifecycle', () => {
  it('is off unless SMTP_INBOUND_PORT is set', () => {
    expect(gw.gateway.deps.config.smtpInboundPort).toBe(0);
    expect(gw.gateway.smtp?.port).toBeGreaterThan(0);
  });

  it('a busy SMTP_INBOUND_PORT stops the start with one line naming it', async () => {
    await expect(startTestGateway({ smtpInboundPort: gw.gateway.smtp!.port })).rejects.toThrow(/SMTP_INBOUND_PORT \d+ on 127\.0\.0\.1 is already in use/);
  });

  it('stopping the gateway closes the SMTP port', async () => {
    const other = await startTestGateway({ smtpInboundPort: 0 });
    const port = other.gateway.smtp!.port;
    await other.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
