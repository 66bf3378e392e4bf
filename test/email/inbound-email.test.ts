/**
 * The inbound email endpoint (issue #14 part 2): raw RFC 822 fixtures (test/email/fixtures) posted
 * to a real gateway become email conversations or threaded contact messages: plain, html + text,
 * ISO-8859-1, attachment, inline image, reply threading by In-Reply-To, duplicates (nothing new,
 * the first answer again), an oversize attachment kept as unavailable, garbage and From-less mail
 * recorded as failed deliveries (422), and the bad requests (415, 413, non-email account, 404).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const MAX_FILE = 8 * 1024;
const MAX_MAIL = 256 * 1024;
let gw: TestGateway;
let accountId: string;
let agent: { auth: string };

beforeAll(async () => {
  gw = await startTestGateway({ attachmentMaxFileBytes: MAX_FILE, inboundEmailMaxBytes: MAX_MAIL });
  agent = await gw.createAgent({ name: 'Not admin' });
  const account = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Support', channelId: 'email', address: 'support@example.com' });
  expect(account.status).toBe(201);
  accountId = account.body.id;
});
afterAll(() => gw?.stop());

async function post(body: Buffer | string, options: { account?: string; type?: string; auth?: string } = {}) {
  const response = await fetch(`${gw.url}/api/v3/anytime/integrationAccounts/${options.account ?? accountId}/inbound`, {
    method: 'POST',
    headers: { authorization: options.auth ?? adminAuth, 'content-type': options.type ?? 'message/rfc822' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const counts = async () =>
  JSON.stringify(await gw.sql(`SELECT (SELECT count(*) FROM "Conversation") c, (SELECT count(*) FROM "Message") m, (SELECT count(*) FROM "Contact") ct,
    (SELECT count(*) FROM "Attachment") a, (SELECT count(*) FROM "InboundDelivery") d`));
const messageOf = async (id: string) => (await gw.sql(`SELECT * FROM "Message" WHERE id = $1`, [id]))[0];
const conversationOf = async (id: number) => (await gw.sql(`SELECT * FROM "Conversation" WHERE id = $1`, [id]))[0];

describe('inbound email', () => {
  let plain: { conversationId: number; messageId: string };

  it('a plain mail becomes an email conversation from a contact found or created by its From address', async () => {
    const res = await post(fixture('plain.eml'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ newConversation: true, duplicate: false, emailMessageId: 'plain-1@customer.test', attachments: [] });
    plain = res.body;
    const conversation = await conversationOf(plain.conversationId);
    expect(conversation).toMatchObject({ subject: 'Printer on fire', channel: 'email', receivedBy: accountId, relatedType: 'contact', createdByType: 'contact' });
    const [identity] = await gw.sql(`SELECT i."contactId", c.name FROM "ContactIdentity" i JOIN "Contact" c ON c.id = i."contactId" WHERE i.type = 'email' AND i.value = 'ann@customer.test'`);
    expect(identity).toMatchObject({ contactId: conversation.contactId, name: 'Ann Customer' });
    const message = await messageOf(plain.messageId);
    expect(message).toMatchObject({ type: 'email', directType: 'receive', senderType: 'contact', senderId: String(conversation.contactId), emailMessageId: 'plain-1@customer.test', subject: 'Printer on fire' });
    expect(message.texts).toEqual([{ id: expect.any(String), format: 'plaintext', content: 'Hello, my printer is on fire.\nPlease help.\n' }]);
    // Visible over the API like any conversation.
    const api = await gw.rest('GET', `/api/v3/anytime/conversations/${plain.conversationId}`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ channel: 'email', receivedBy: accountId, subject: 'Printer on fire' });
  });

  it('posting the same mail again creates nothing and answers with what the first created', async () => {
    const before = await counts();
    const again = await post(fixture('plain.eml'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ conversationId: plain.conversationId, messageId: plain.messageId, duplicate: true, newConversation: true });
    expect(await counts()).toBe(before);
  });

  it('a reply naming a stored Message-ID joins that conversation as a contact message, same contact', async () => {
    const contacts = (await gw.sql(`SELECT count(*)::int n FROM "Contact"`))[0].n;
    const res = await post(fixture('reply.eml'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ conversationId: plain.conversationId, newConversation: false, duplicate: false });
    expect((await gw.sql(`SELECT count(*)::int n FROM "Contact"`))[0].n).toBe(contacts);
    const message = await messageOf(res.body.messageId);
    expect(message).toMatchObject({ conversationId: plain.conversationId, directType: 'receive', senderType: 'contact', emailMessageId: 'reply-1@customer.test' });
    expect((await conversationOf(plain.conversationId)).lastMessage).toContain('still burning');
  });

  it('multipart/alternative keeps the html part', async () => {
    const res = await post(fixture('alternative.eml'));
    expect(res.status).toBe(201);
    const message = await messageOf(res.body.messageId);
    expect(message.texts).toEqual([{ id: expect.any(String), format: 'html', content: '<p>Where is my <b>invoice</b>?</p>' }]);
    expect(message.plainText).toContain('Where is my invoice?');
  });

  it('decodes ISO-8859-1 bodies, encoded-word subjects and names', async () => {
    const res = await post(fixture('latin1.eml'));
    expect(res.status).toBe(201);
    const conversation = await conversationOf(res.body.conversationId);
    expect(conversation.subject).toBe('Café bestellt');
    expect((await messageOf(res.body.messageId)).texts[0].content).toBe('Viele Grüße aus Köln\n');
    const [contact] = await gw.sql(`SELECT name FROM "Contact" WHERE id = $1`, [conversation.contactId]);
    expect(contact.name).toBe('Jürgen Müller');
  });

  it('stores attachments in the attachment storage, downloadable', async () => {
    const res = await post(fixture('attachment.eml'));
    expect(res.status).toBe(201);
    expect(res.body.attachments).toEqual([{ id: expect.any(String), fileName: 'contract.pdf', isAvailable: true, size: expect.any(Number), reason: null }]);
    const [row] = await gw.sql(`SELECT * FROM "Attachment" WHERE id = $1`, [res.body.attachments[0].id]);
    expect(row).toMatchObject({ messageId: res.body.messageId, conversationId: res.body.conversationId, mimetype: 'application/pdf', isAvailable: true });
    const download = await fetch(`${gw.url}/api/v3/anytime/attachments/${row.id}/download`, { headers: { authorization: adminAuth } });
    expect(download.status).toBe(200);
    expect((await download.text()).startsWith('%PDF-1.4')).toBe(true);
  });

  it('stores inline images with their Content-ID and keeps the html', async () => {
    const res = await post(fixture('inline-image.eml'));
    expect(res.status).toBe(201);
    const [row] = await gw.sql(`SELECT * FROM "Attachment" WHERE "messageId" = $1`, [res.body.messageId]);
    expect(row).toMatchObject({ fileName: 'shot.png', mimetype: 'image/png', type: 'image', originalId: 'shot@customer.test', scale: 'inline', isAvailable: true, size: 70 });
    expect((await messageOf(res.body.messageId)).texts[0]).toMatchObject({ format: 'html', content: expect.stringContaining('cid:shot@customer.test') });
  });

  it('keeps an oversize attachment as unavailable; the mail is taken in', async () => {
    const big = Buffer.alloc(MAX_FILE * 2, 'a').toString('base64').replace(/.{76}/g, '$&\n');
    const raw = `From: ann@customer.test\nSubject: Big log\nMessage-ID: <big-1@customer.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: text/plain\n\nLog attached.\n--x\nContent-Type: application/octet-stream; name="huge.log"\nContent-Disposition: attachment; filename="huge.log"\nContent-Transfer-Encoding: base64\n\n${big}\n--x--\n`;
    const res = await post(raw);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.attachments).toEqual([{ id: expect.any(String), fileName: 'huge.log', isAvailable: false, size: MAX_FILE * 2, reason: expect.stringMatching(/larger than the 8192 byte limit/) }]);
    const [row] = await gw.sql(`SELECT * FROM "Attachment" WHERE id = $1`, [res.body.attachments[0].id]);
    expect(row).toMatchObject({ isAvailable: false, storageKey: null, messageId: res.body.messageId });
    const download = await fetch(`${gw.url}/api/v3/anytime/attachments/${row.id}/download`, { headers: { authorization: adminAuth } });
    expect(download.status).toBe(410);
    expect((await messageOf(res.body.messageId)).plainText).toContain('Log attached.');
  });

  it('keeps an attachment of a blocked type as unavailable too', async () => {
    const exe = Buffer.from('MZ\x90\x00 not really a program').toString('base64');
    const raw = `From: ann@customer.test\nSubject: Tool\nMessage-ID: <exe-1@customer.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: text/plain\n\nRun this.\n--x\nContent-Type: application/octet-stream; name="setup.exe"\nContent-Disposition: attachment; filename="setup.exe"\nContent-Transfer-Encoding: base64\n\n${exe}\n--x--\n`;
    const res = await post(raw);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.attachments).toEqual([expect.objectContaining({ fileName: 'setup.exe', isAvailable: false, reason: expect.stringMatching(/not accepted/) })]);
  });

  it('records a mail that cannot be parsed (garbage, no From) as a failed delivery: 422 with the reason, nothing else written', async () => {
    for (const [body, reason] of [
      [fixture('garbage.bin'), /could not be parsed: no RFC 822 headers/],
      [fixture('no-from.eml'), /no valid From address/],
      [Buffer.alloc(0), /could not be parsed: the message is empty/],
    ] as const) {
      const before = await counts();
      const failures = (await gw.sql(`SELECT count(*)::int n FROM "InboundFailure"`))[0].n;
      const res = await post(body);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.message).toMatch(reason);
      expect(await counts()).toBe(before);
      const rows = await gw.sql(`SELECT * FROM "InboundFailure" ORDER BY id`);
      expect(rows).toHaveLength(failures + 1);
      expect(rows.at(-1)).toMatchObject({ accountId: Number(accountId), reason: expect.stringMatching(reason), size: body.length });
    }
    // The gateway is fine afterwards.
    expect((await gw.rest('GET', '/healthz')).status).toBe(200);
  });

  it('refuses bad requests, writing nothing', async () => {
    const chat = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Chat', channelId: 'chat' });
    const before = await counts();
    const failures = await gw.sql(`SELECT count(*)::int n FROM "InboundFailure"`);
    const wrongType = await post(fixture('plain.eml').toString(), { type: 'text/plain' });
    expect(wrongType.status).toBe(415);
    const tooBig = await post(`From: a@b.test\nSubject: x\n\n${'x'.repeat(MAX_MAIL + 10)}`);
    expect(tooBig.status).toBe(413);
    const nonEmail = await post(fixture('alternative.eml'), { account: chat.body.id });
    expect(nonEmail.status).toBe(400);
    expect(nonEmail.body.message).toMatch(/^id must be an email integration account/);
    expect((await post(fixture('alternative.eml'), { account: '999999' })).status).toBe(404);
    expect((await post(fixture('alternative.eml'), { account: 'abc' })).status).toBe(400);
    expect((await post(fixture('alternative.eml'), { auth: agent.auth })).status).toBe(403);
    expect(await counts()).toBe(before);
    expect(await gw.sql(`SELECT count(*)::int n FROM "InboundFailure"`)).toEqual(failures);
  });

  it('a reply to a closed conversation reopens it', async () => {
    expect((await gw.rest('PUT', `/api/v3/anytime/conversations/${plain.conversationId}`, { status: 'closed' })).status).toBe(200);
    const raw = fixture('reply.eml').toString().replace('<reply-1@customer.test>', '<reply-2@customer.test>').replace('still burning', 'burning again');
    const res = await post(raw);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ conversationId: plain.conversationId, newConversation: false });
    expect((await conversationOf(plain.conversationId)).status).toBe('new');
  });

  it('goes through the normal create path: routing applies to inbound conversations', async () => {
    const department = await gw.rest('POST', '/api/v3/departments', { name: 'Mail desk' });
    const [setting] = (await gw.rest('GET', '/api/v3/anytime/routingRules')).body.routingRules;
    expect((await gw.rest('PUT', `/api/v3/anytime/routingRules/${setting.id}`, { type: 'simple', simpleRouteType: 'department', simpleRouteToId: department.body.id, simpleRoutePriority: 'high' })).status).toBe(200);
    expect((await gw.rest('PUT', '/api/v3/anytime/routingRules/enable', { enable: true })).status).toBe(204);
    try {
      const raw = fixture('plain.eml').toString().replace('<plain-1@customer.test>', '<routed-1@customer.test>');
      const res = await post(raw);
      expect(res.status).toBe(201);
      expect(await conversationOf(res.body.conversationId)).toMatchObject({ assignedDepartmentId: department.body.id, priority: 'high', channel: 'email' });
      const [created] = await gw.sql(`SELECT payload FROM "DomainEvent" WHERE type = 'conversation.created' AND "conversationId" = $1`, [res.body.conversationId]);
      expect(created.payload).toMatchObject({ channel: 'email', assignedDepartmentId: department.body.id });
    } finally {
      await gw.rest('PUT', '/api/v3/anytime/routingRules/enable', { enable: false });
    }
  });

  it('concurrent posts of one new mail create it once', async () => {
    const raw = fixture('plain.eml').toString().replace('<plain-1@customer.test>', '<race-1@customer.test>').replace('Ann@Customer.test', 'racer@customer.test');
    const before = (await gw.sql(`SELECT count(*)::int n FROM "Conversation"`))[0].n;
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(raw)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.conversationId)).size).toBe(1);
    expect((await gw.sql(`SELECT count(*)::int n FROM "Conversation"`))[0].n).toBe(before + 1);
    expect((await gw.sql(`SELECT count(*)::int n FROM "ContactIdentity" WHERE value = 'racer@customer.test'`))[0].n).toBe(1);
  });

  it('the account conversations came in by cannot be deleted (409)', async () => {
    expect((await gw.rest('DELETE', `/api/v3/anytime/integrationAccounts/${accountId}`)).status).toBe(409);
  });
});
