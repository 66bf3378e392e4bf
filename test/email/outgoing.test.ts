/**
 * Outgoing email through the conversation's email account (issue #14 item 1, #12 leftovers), with
 * two real SMTP servers in process (npm smtp-server): `relay` is SMTP_URL, `acme` is the SMTP
 * server of the integration account "Acme Support" (it requires the account's username and
 * password). What each server receives is parsed with mailparser.
 *
 *  - which server gets each mail, with which From (and Reply-To), and the account's changed
 *    settings taking effect on the next mail (the cached transporter replaced);
 *  - reply tokens: `[#id]` in the subject of mail to contacts; inbound replies threaded by the
 *    outgoing Message-ID, by the marker when Message-IDs were rewritten, and a marker (or the
 *    guessable root id) from a stranger, or naming another contact's conversation, starting a new
 *    conversation;
 *  - the first message of an agent-created email conversation is sent; cc goes along; a bad cc
 *    is a 400 naming the field with nothing written;
 *  - message.sendStatusChanged (sending → sucess, sending → fail) in the event log and in the
 *    messageSendStatusChanged subscription.
 */
import { createServer, type Server } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE as API, createContact } from '../conversations/helpers.js';
import { untilSubscribers, wsClient, wsSubscribe } from '../subscriptions/helpers.js';

interface Received {
  mail: ParsedMail;
  rcptTo: string[];
  user: string | null;
}

class MailServer {
  readonly received: Received[] = [];
  private server!: SMTPServer;
  port = 0;
  constructor(private readonly credentials: { user: string; pass: string } | null) {}

  async start() {
    this.port = await freePort();
    this.server = new SMTPServer({
      authOptional: this.credentials === null,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (!this.credentials || (auth.username === this.credentials.user && auth.password === this.credentials.pass)) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({ mail, rcptTo: session.envelope.rcptTo.map((r) => r.address), user: (session.user as string | undefined) ?? null });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }
  stop = () => new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  to = (address: string) => this.received.filter((r) => r.rcptTo.includes(address));
}

async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const relay = new MailServer(null);
const acme = new MailServer({ user: 'desk', pass: 's3cret' });
let gw: TestGateway;
let agent: { id: number; auth: string };
let acmeId: string;
let salesId: string;

beforeAll(async () => {
  await relay.start();
  await acme.start();
  gw = await startTestGateway({
    consumerPollMs: 50,
    workers: 2,
    workerPollMs: 100,
    smtpUrl: `smtp://127.0.0.1:${relay.port}`,
    mailFrom: 'Help desk <help@desk.example>',
    mailMaxAttempts: 2,
  });
  agent = await gw.createAgent({ name: 'Alice Agent', email: 'alice@agents.example' });
  const a = await gw.rest('POST', `${API}/integrationAccounts`, {
    name: 'Acme Support', channelId: 'email', address: 'support@acme.example',
    smtp: { host: '127.0.0.1', port: acme.port, secure: false, username: 'desk', password: 's3cret' },
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  acmeId = a.body.id;
  const s = await gw.rest('POST', `${API}/integrationAccounts`, { name: 'Sales', channelId: 'email', address: 'sales@acme.example' });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  salesId = s.body.id;
});
afterAll(async () => {
  await gw?.stop();
  await relay.stop();
  await acme.stop();
});

const contactWithEmail = async (name: string, email: string) => {
  const id = await createContact(gw, name);
  await gw.sql(`INSERT INTO "ContactIdentity"("contactId", type, value) VALUES ($1, 'email', $2)`, [id, email]);
  return id;
};
/** A conversation an agent starts; its first message is an email unless `message` says otherwise. */
async function startConversation(contactId: number, subject: string, extra: Record<string, unknown> = {}, message: Record<string, unknown> = {}) {
  const res = await gw.rest('POST', `${API}/conversations`, {
    subject, channel: 'email', relatedType: 'contact', relatedId: contactId, ...extra,
    message: { type: 'email', text: { format: 'plaintext', content: `About ${subject}` }, ...message },
  }, agent.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: number };
}
const reply = async (conversationId: number, body: Record<string, unknown>) => {
  const res = await gw.rest('POST', `${API}/conversations/${conversationId}/messages`, { type: 'email', text: { format: 'plaintext', content: 'hello' }, ...body }, agent.auth);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as { id: string; sendStatus: string };
};
const outbox = (conversationId: number) =>
  gw.sql(`SELECT "to", subject, status, "accountId", "fromAddress", cc, "messageIdHeader", "messageId" FROM "OutboundEmail" WHERE "conversationId" = $1 ORDER BY "createdTime", id`, [conversationId]);
const sentAll = (conversationId: number, n: number) =>
  waitFor(async () => {
    const rows = await outbox(conversationId);
    return rows.length === n && rows.every((r) => r.status === 'sent') && rows;
  }, `${n} emails of conversation ${conversationId} sent`);

async function inbound(raw: string, account = acmeId) {
  const response = await fetch(`${gw.url}${API}/integrationAccounts/${account}/inbound`, {
    method: 'POST',
    headers: { authorization: adminAuth, 'content-type': 'message/rfc822' },
    body: raw.replace(/\n/g, '\r\n'),
  });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBeLessThan(300);
  return body as { conversationId: number; newConversation: boolean };
}
const rawMail = (h: { from: string; subject: string; id: string; inReplyTo?: string; references?: string }, text = 'Thanks') =>
  [
    `From: ${h.from}`, 'To: support@acme.example', `Subject: ${h.subject}`, `Message-ID: <${h.id}>`,
    ...(h.inReplyTo ? [`In-Reply-To: ${h.inReplyTo}`] : []), ...(h.references ? [`References: ${h.references}`] : []),
    'Date: Fri, 04 Dec 2026 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', text, '',
  ].join('\n');

describe('which account sends', () => {
  it('a conversation received by an account: its SMTP server (with its login) and its address as From; else SMTP_URL and MAIL_FROM (Reply-To an account without SMTP)', async () => {
    const carol = await contactWithEmail('Carol', 'carol@customers.example');
    // Received by Acme: the first message and the reply go through Acme's server, from Acme's address.
    const viaAcme = await startConversation(carol, 'Order 1', { receivedBy: acmeId });
    await reply(viaAcme.id, { text: { format: 'plaintext', content: 'Your order ships today' } });
    const acmeRows = await sentAll(viaAcme.id, 2);
    expect(acmeRows.map((r) => [r.accountId, r.fromAddress])).toEqual([[Number(acmeId), 'support@acme.example'], [Number(acmeId), 'support@acme.example']]);
    const atAcme = acme.to('carol@customers.example');
    expect(atAcme).toHaveLength(2);
    for (const { mail, user } of atAcme) {
      expect(user).toBe('desk');
      expect(mail.from!.value[0]).toEqual({ address: 'support@acme.example', name: 'Acme Support' });
      expect(mail.replyTo).toBeUndefined();
    }
    expect(atAcme.map((r) => r.mail.subject)).toEqual([`Order 1 [#${viaAcme.id}]`, `Re: Order 1 [#${viaAcme.id}]`]);
    expect(relay.to('carol@customers.example')).toHaveLength(0);

    // No receivedBy: SMTP_URL, MAIL_FROM.
    const plain = await startConversation(carol, 'Order 2');
    const [plainRow] = await sentAll(plain.id, 1);
    expect(plainRow).toMatchObject({ accountId: null, fromAddress: 'help@desk.example' });
    const [atRelay] = relay.to('carol@customers.example');
    expect(atRelay!.mail.from!.value[0]).toEqual({ address: 'help@desk.example', name: 'Help desk' });
    expect(atRelay!.mail.subject).toBe(`Order 2 [#${plain.id}]`);

    // Received by an account without SMTP settings: SMTP_URL and MAIL_FROM, Reply-To the account, so answers reach it.
    const viaSales = await startConversation(carol, 'Order 3', { receivedBy: salesId });
    await sentAll(viaSales.id, 1);
    const atRelayAgain = relay.to('carol@customers.example');
    expect(atRelayAgain).toHaveLength(2);
    expect(atRelayAgain[1]!.mail.from!.value[0]!.address).toBe('help@desk.example');
    expect(atRelayAgain[1]!.mail.replyTo!.value[0]!.address).toBe('sales@acme.example');

    // A message whose `from` names an account's address goes out through that account.
    const fromAcme = await startConversation(carol, 'Order 4', {}, { from: 'support@acme.example' });
    const [fromRow] = await sentAll(fromAcme.id, 1);
    expect(fromRow.accountId).toBe(Number(acmeId));
    expect(acme.to('carol@customers.example')).toHaveLength(3);
  });

  it('an account update takes effect on the next email (its transporter is rebuilt from the new settings)', async () => {
    const dora = await contactWithEmail('Dora', 'dora@customers.example');
    const c = await startConversation(dora, 'Moving servers', { receivedBy: acmeId });
    await sentAll(c.id, 1);
    expect(acme.to('dora@customers.example')).toHaveLength(1);
    // The admin points Acme at the relay (which takes any login): the next email goes there, still from Acme.
    const moved = await gw.rest('PUT', `${API}/integrationAccounts/${acmeId}`, { smtp: { port: relay.port } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    try {
      await reply(c.id, {});
      await sentAll(c.id, 2);
      const [atRelay] = relay.to('dora@customers.example');
      expect(atRelay!.mail.from!.value[0]!.address).toBe('support@acme.example');
      expect(acme.to('dora@customers.example')).toHaveLength(1);
    } finally {
      const back = await gw.rest('PUT', `${API}/integrationAccounts/${acmeId}`, { smtp: { port: acme.port } });
      expect(back.status).toBe(200);
    }
    await reply(c.id, {});
    await sentAll(c.id, 3);
    expect(acme.to('dora@customers.example')).toHaveLength(2);
  });
});

describe('reply tokens', () => {
  let dan: number;
  let conversationId: number;
  let outgoingId: string;

  it('an inbound reply naming the outgoing Message-ID joins the conversation', async () => {
    const first = await inbound(rawMail({ from: 'Dan <dan@customers.example>', subject: 'My order', id: 'dan-1@customers.example' }));
    expect(first.newConversation).toBe(true);
    conversationId = first.conversationId;
    dan = (await gw.sql(`SELECT "contactId" FROM "Conversation" WHERE id = $1`, [conversationId]))[0].contactId;
    await reply(conversationId, { text: { format: 'plaintext', content: 'Which order?' } });
    const [row] = await sentAll(conversationId, 1);
    expect(row.subject).toBe(`Re: My order [#${conversationId}]`);
    const [sent] = acme.to('dan@customers.example');
    expect(sent!.mail.subject).toBe(`Re: My order [#${conversationId}]`);
    outgoingId = sent!.mail.messageId!;
    expect(outgoingId).toBe(row.messageIdHeader);

    const answer = await inbound(rawMail({ from: 'dan@customers.example', subject: `Re: Re: My order [#${conversationId}]`, id: 'dan-2@customers.example', inReplyTo: outgoingId }));
    expect(answer).toMatchObject({ conversationId, newConversation: false });
  });

  it('rewritten Message-IDs (a gateway replaced them): the subject marker threads the contact’s reply', async () => {
    const res = await inbound(rawMail({
      from: 'DAN@customers.example', subject: `RE: Re: My order [#${conversationId}]`, id: 'AM0PR01-rewritten-3@exchange.example',
      inReplyTo: '<AM0PR01-rewritten-2@exchange.example>', references: '<AM0PR01-rewritten-1@exchange.example> <AM0PR01-rewritten-2@exchange.example>',
    }));
    expect(res).toMatchObject({ conversationId, newConversation: false });
  });

  it('a stranger’s marker or root id, or the contact’s marker of another contact’s conversation, starts a new conversation', async () => {
    const count = async () => (await gw.sql(`SELECT count(*)::int n FROM "Message" WHERE "conversationId" = $1`, [conversationId]))[0].n;
    const before = await count();
    const forged = await inbound(rawMail({ from: 'mallory@evil.example', subject: `Re: My order [#${conversationId}]`, id: 'evil-1@evil.example' }));
    expect(forged.newConversation).toBe(true);
    expect(forged.conversationId).not.toBe(conversationId);
    const rooted = await inbound(rawMail({ from: 'mallory@evil.example', subject: 'Re: hello', id: 'evil-2@evil.example', references: `<conversation-${conversationId}@desk.example>` }));
    expect(rooted.newConversation).toBe(true);
    expect(rooted.conversationId).not.toBe(conversationId);

    // Erin's conversation; Dan writes with its marker: a new conversation of Dan's, Erin's stays untouched.
    const erin = await inbound(rawMail({ from: 'erin@customers.example', subject: 'Invoice', id: 'erin-1@customers.example' }));
    const misdirected = await inbound(rawMail({ from: 'dan@customers.example', subject: `Re: Invoice [#${erin.conversationId}]`, id: 'dan-4@customers.example' }));
    expect(misdirected.newConversation).toBe(true);
    expect(misdirected.conversationId).not.toBe(erin.conversationId);
    expect((await gw.sql(`SELECT "contactId" FROM "Conversation" WHERE id = $1`, [misdirected.conversationId]))[0].contactId).toBe(dan);
    expect(await count()).toBe(before);

    // The root id from the contact itself counts like the marker.
    const own = await inbound(rawMail({ from: 'dan@customers.example', subject: 'no marker', id: 'dan-5@customers.example', references: `<conversation-${conversationId}@desk.example>` }));
    expect(own).toMatchObject({ conversationId, newConversation: false });
  });
});

describe('first message, cc', () => {
  it('an agent-created email conversation sends its first message, with cc', async () => {
    const fay = await contactWithEmail('Fay', 'fay@customers.example');
    const c = await startConversation(fay, 'Welcome', { receivedBy: acmeId }, { cc: 'boss@customers.example, Other One <other@customers.example>', subject: 'Welcome aboard' });
    const [row] = await sentAll(c.id, 1);
    expect(row).toMatchObject({ to: 'fay@customers.example', cc: 'boss@customers.example, other@customers.example', subject: `Welcome aboard [#${c.id}]` });
    const [got] = acme.to('fay@customers.example');
    expect(got!.rcptTo.sort()).toEqual(['boss@customers.example', 'fay@customers.example', 'other@customers.example']);
    expect(got!.mail.cc && !Array.isArray(got!.mail.cc) ? got!.mail.cc.value.map((v) => v.address) : null).toEqual(['boss@customers.example', 'other@customers.example']);
    expect(got!.mail.text!.trim()).toBe('About Welcome');
    const [message] = await gw.sql(`SELECT "sendStatus" FROM "Message" WHERE id = $1`, [row.messageId]);
    expect(message.sendStatus).toBe('sucess');

    // A note or a chat-channel reply is not email: nothing is sent.
    const note = await startConversation(fay, 'Internal', {}, { type: 'note' });
    const portal = await startConversation(fay, 'Portal', { channel: 'portal' }, { type: 'reply' });
    expect(await outbox(note.id)).toEqual([]);
    expect(await outbox(portal.id)).toEqual([]);
  });

  it('a cc that is not a list of addresses is a 400 naming the field; nothing is written', async () => {
    const gus = await contactWithEmail('Gus', 'gus@customers.example');
    const c = await startConversation(gus, 'Cc check', {}, { type: 'note' });
    const snapshot = async () => JSON.stringify(await gw.sql(`SELECT (SELECT count(*) FROM "Conversation") c, (SELECT count(*) FROM "Message") m, (SELECT count(*) FROM "OutboundEmail") o`));
    const before = await snapshot();
    const bad = await gw.rest('POST', `${API}/conversations/${c.id}/messages`, { type: 'email', text: { format: 'plaintext', content: 'x' }, cc: 'boss@customers.example, not an address' }, agent.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^cc must be email addresses separated by commas/);
    const badCreate = await gw.rest('POST', `${API}/conversations`, {
      subject: 'Bad cc', channel: 'email', relatedType: 'contact', relatedId: gus,
      message: { type: 'email', text: { format: 'plaintext', content: 'x' }, cc: 'nobody@' },
    }, agent.auth);
    expect(badCreate.status).toBe(400);
    expect(badCreate.body.message).toMatch(/^message\.cc must be email addresses/);
    expect(await snapshot()).toBe(before);
  });
});

describe('sendStatus changes', () => {
  it('sending → sucess and sending → fail are message.sendStatusChanged events, in the log and in the messageSendStatusChanged subscription', async () => {
    const hal = await contactWithEmail('Hal', 'hal@customers.example');
    const c = await startConversation(hal, 'Status news', { receivedBy: acmeId }, { type: 'note' });
    const client = wsClient(gw, adminAuth);
    const live = wsSubscribe(client, /* GraphQL */ `subscription($id: ID!) { messageSendStatusChanged(conversationId: $id) { conversationId messageId from to message { sendStatus } } }`, { id: String(c.id) });
    try {
      await untilSubscribers(gw, 1);
      const ok = await reply(c.id, {});
      expect(ok.sendStatus).toBe('sending');
      const [event] = await live.waitFor(1);
      expect(event.messageSendStatusChanged).toEqual({ conversationId: c.id, messageId: ok.id, from: 'sending', to: 'sucess', message: { sendStatus: 'sucess' } });

      // Acme's server unreachable: after MAIL_MAX_ATTEMPTS (2) the message fails, and says so.
      const closed = await freePort();
      expect((await gw.rest('PUT', `${API}/integrationAccounts/${acmeId}`, { smtp: { port: closed } })).status).toBe(200);
      const failing = await reply(c.id, {});
      const events = await live.waitFor(2, 30_000);
      expect(events[1].messageSendStatusChanged).toMatchObject({ messageId: failing.id, from: 'sending', to: 'fail', message: { sendStatus: 'fail' } });
      const logged = await gw.sql(`SELECT payload, "actorType", "actorId" FROM "DomainEvent" WHERE type = 'message.sendStatusChanged' AND "conversationId" = $1 ORDER BY id`, [c.id]);
      expect(logged).toEqual([
        { payload: { messageId: ok.id, from: 'sending', to: 'sucess' }, actorType: 'automation', actorId: 'system:email' },
        { payload: { messageId: failing.id, from: 'sending', to: 'fail' }, actorType: 'automation', actorId: 'system:email' },
      ]);
      const [row] = await gw.sql(`SELECT status, attempts, "lastError" FROM "OutboundEmail" WHERE "messageId" = $1`, [failing.id]);
      expect(row).toMatchObject({ status: 'failed', attempts: 2, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });
    } finally {
      live.stop();
      await client.dispose();
      await gw.rest('PUT', `${API}/integrationAccounts/${acmeId}`, { smtp: { port: acme.port } });
    }
  });
});
