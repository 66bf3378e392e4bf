/**
 * Junk (issue #14 item 5, spec "# Junks") through a real gateway: mail from senders blocked as
 * junk, posted raw to the inbound endpoint, is kept as a Junk row with its files in the attachment
 * storage and no contact; list (keywords, pageIndex 50 per page, timeFrom/timeTo, paging links),
 * get, PUT isRead, notJunk (a normal conversation through the same pipeline, threading included;
 * the junk and its files are gone after), delete (rows at once, files after commit); GraphQL the
 * same; bad input 400 / unknown ids 404 with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeUnclaimedAttachments } from '../../src/modules/attachments/service.js';
import { storedFiles } from '../attachments/helpers.js';
import { waitFor } from '../helpers/gateway-process.js';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { mail, postMail, tableCounts } from './mail-helpers.js';

const BASE = '/api/v3/anytime/junks';
let gw: TestGateway;
let accountId: string;
let agent: { auth: string };

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ name: 'Plain agent' });
  const account = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Support', channelId: 'email', address: 'support@example.com' });
  expect(account.status).toBe(201);
  accountId = account.body.id;
  for (const [email, blockType] of [['promo@spam.example', 'blockEmailasJunk'], ['bulk.example', 'blockDomainasJunk']]) {
    expect((await gw.rest('PUT', '/api/v3/anytime/blockedSenders', { email, blockType })).status).toBe(200);
  }
});
afterAll(() => gw?.stop());

const fileOf = (attachmentId: string) => storedFiles(gw).filter((path) => path.endsWith(attachmentId));
const junkRow = async (id: string) => (await gw.sql(`SELECT * FROM "Junk" WHERE id = $1`, [Number(id)]))[0];

describe('junk mail', () => {
  let first: { junkId: string; attachments: { id: string }[] };

  it('a mail from a sender blocked as junk is a Junk row with its attachment stored, and no contact', async () => {
    const before = JSON.parse(await tableCounts(gw));
    const res = await postMail(gw, accountId, mail({ from: 'Promo Team <promo@spam.example>', messageId: 'offer-1@spam.example', subject: 'Cheap watches', text: 'Buy now, limited offer.', attachment: 'flyer.txt' }));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({
      junk: true, junkId: expect.any(String), emailMessageId: 'offer-1@spam.example', duplicate: false,
      attachments: [{ id: expect.any(String), fileName: 'flyer.txt', isAvailable: true, size: expect.any(Number), reason: null }],
    });
    first = res.body;
    expect(JSON.parse(await tableCounts(gw))).toEqual({ ...before, Junk: before.Junk + 1, Attachment: before.Attachment + 1 });
    expect(fileOf(first.attachments[0]!.id)).toHaveLength(1);
    const row = await junkRow(first.junkId);
    expect(row).toMatchObject({ accountId: Number(accountId), fromAddress: 'promo@spam.example', fromName: 'Promo Team', subject: 'Cheap watches', isRead: false, plainText: 'Buy now, limited offer.' });
    expect(row.raw.toString()).toContain('Message-ID: <offer-1@spam.example>');
    const [attachment] = await gw.sql(`SELECT "junkId", "messageId", "conversationId" FROM "Attachment" WHERE id = $1`, [first.attachments[0]!.id]);
    expect(attachment).toEqual({ junkId: Number(first.junkId), messageId: null, conversationId: null });
  });

  it('the same mail again creates nothing and answers with the first junk (200)', async () => {
    const before = await tableCounts(gw);
    const files = storedFiles(gw).length;
    const again = await postMail(gw, accountId, mail({ from: 'Promo Team <promo@spam.example>', messageId: 'offer-1@spam.example', subject: 'Cheap watches', attachment: 'flyer.txt' }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ junk: true, junkId: first.junkId, duplicate: true, attachments: [{ id: first.attachments[0]!.id }] });
    expect(await tableCounts(gw)).toBe(before);
    expect(storedFiles(gw)).toHaveLength(files);
  });

  it('GET junks/{id} answers the documented junk object; its attachment downloads', async () => {
    const res = await gw.rest('GET', `${BASE}/${first.junkId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: first.junkId, type: 'email', accountId, contactIdentityId: null, source: 'API', originalMessageId: 'offer-1@spam.example',
      originalMessageLink: null, parentId: null, quoteTweetId: null, texts: [{ id: expect.any(String), format: 'plaintext', content: 'Buy now, limited offer.' }],
      subject: 'Cheap watches', from: '"Promo Team" <promo@spam.example>', cc: null,
      attachments: [expect.objectContaining({ id: first.attachments[0]!.id, fileName: 'flyer.txt', isAvailable: true, url: expect.any(String) })],
      isRead: false, sendertId: null, senderType: 'contact', time: expect.any(String),
    });
    const download = await fetch(`${gw.url}/api/v3/anytime/attachments/${first.attachments[0]!.id}/download`, { headers: { authorization: adminAuth } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('attachment of offer-1@spam.example\n');
    expect((await gw.rest('GET', `${BASE}/999999`)).status).toBe(404);
    expect((await gw.rest('GET', `${BASE}/abc`)).status).toBe(404);
    // Agents read junk; contacts and anonymous callers do not.
    expect((await gw.rest('GET', `${BASE}/${first.junkId}`, undefined, agent.auth)).status).toBe(200);
    expect((await gw.rest('GET', BASE, undefined, null)).status).toBe(401);
  });

  it('PUT junks/{id} sets isRead; a non-boolean or missing isRead is a 400 naming it, nothing written', async () => {
    const res = await gw.rest('PUT', `${BASE}/${first.junkId}`, { isRead: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: first.junkId, isRead: true });
    expect((await junkRow(first.junkId)).isRead).toBe(true);
    const before = await tableCounts(gw);
    for (const body of [{ isRead: 'false' }, { isRead: 0 }, { isRead: null }, {}]) {
      const bad = await gw.rest('PUT', `${BASE}/${first.junkId}`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'isRead', message: expect.any(String) }]);
    }
    expect((await gw.rest('PUT', `${BASE}/999999`, { isRead: false })).status).toBe(404);
    expect((await junkRow(first.junkId)).isRead).toBe(true);
    expect(await tableCounts(gw)).toBe(before);
    expect((await gw.rest('PUT', `${BASE}/${first.junkId}`, { isRead: false })).body.isRead).toBe(false);
  });

  it("a junk's attachment cannot be attached to a message, and the unclaimed-upload sweep leaves it alone", async () => {
    const conversation = await postMail(gw, accountId, mail({ from: 'frank@customer.test', messageId: 'frank-1@customer.test' }));
    expect(conversation.status).toBe(201);
    const before = await tableCounts(gw);
    const claim = await gw.rest('POST', `/api/v3/anytime/conversations/${conversation.body.conversationId}/messages`, {
      type: 'note', texts: [{ format: 'plaintext', content: 'see file' }], attachments: [{ id: first.attachments[0]!.id }],
    });
    expect(claim.status, JSON.stringify(claim.body)).toBe(409);
    expect(claim.body.message).toMatch(/belongs to a junk mail/);
    expect(await tableCounts(gw)).toBe(before);
    await purgeUnclaimedAttachments(gw.gateway.deps, new Date(Date.now() + 3_600_000));
    expect(await gw.sql(`SELECT "junkId" FROM "Attachment" WHERE id = $1`, [first.attachments[0]!.id])).toEqual([{ junkId: Number(first.junkId) }]);
    expect(fileOf(first.attachments[0]!.id)).toHaveLength(1);
  });

  it('DELETE removes the junk and its attachment rows at once, and the files after commit', async () => {
    const res = await postMail(gw, accountId, mail({ from: 'x@bulk.example', messageId: 'del-1@bulk.example', attachment: 'a.txt' }));
    expect(res.status).toBe(202);
    const attachmentId = res.body.attachments[0].id as string;
    expect(fileOf(attachmentId)).toHaveLength(1);
    const deleted = await gw.rest('DELETE', `${BASE}/${res.body.junkId}`);
    expect(deleted.status).toBe(204);
    expect(await junkRow(res.body.junkId)).toBeUndefined();
    expect(await gw.sql(`SELECT id FROM "Attachment" WHERE id = $1`, [attachmentId])).toEqual([]);
    expect(await waitFor(() => fileOf(attachmentId).length === 0)).toBe(true);
    const before = await tableCounts(gw);
    expect((await gw.rest('DELETE', `${BASE}/${res.body.junkId}`)).status).toBe(404);
    expect(await tableCounts(gw)).toBe(before);
    // Two deletes (and an update) of one junk at once: one 204, the others 404 or 200 before it; never a 500.
    const twice = await postMail(gw, accountId, mail({ from: 'x@bulk.example', messageId: 'del-2@bulk.example' }));
    const calls = await Promise.all([
      gw.rest('DELETE', `${BASE}/${twice.body.junkId}`), gw.rest('DELETE', `${BASE}/${twice.body.junkId}`), gw.rest('PUT', `${BASE}/${twice.body.junkId}`, { isRead: true }),
    ]);
    expect(calls.slice(0, 2).map((c) => c.status).sort()).toEqual([204, 404]);
    expect([200, 404]).toContain(calls[2]!.status);
  });
});

describe('notJunk', () => {
  it('a junk reply joins the conversation its In-Reply-To names; the junk and its file are gone after', async () => {
    // Carol's first mail is a conversation; then she is blocked as junk and replies with a file.
    const original = await postMail(gw, accountId, mail({ from: 'Carol <carol@customer.test>', messageId: 'carol-1@customer.test', subject: 'My order' }));
    expect(original.status).toBe(201);
    expect((await gw.rest('PUT', '/api/v3/anytime/blockedSenders', { email: 'carol@customer.test', blockType: 'blockEmailasJunk' })).status).toBe(200);
    const reply = await postMail(gw, accountId, mail({ from: 'carol@customer.test', messageId: 'carol-2@customer.test', subject: 'Re: My order', inReplyTo: 'carol-1@customer.test', text: 'Any news?', attachment: 'receipt.txt' }));
    expect(reply.status).toBe(202);
    const junkFile = reply.body.attachments[0].id as string;
    // The junk names Carol's existing contact.
    const [identity] = await gw.sql(`SELECT id, "contactId" FROM "ContactIdentity" WHERE value = 'carol@customer.test'`);
    expect((await gw.rest('GET', `${BASE}/${reply.body.junkId}`)).body).toMatchObject({ contactIdentityId: String(identity.id), sendertId: String(identity.contactId) });

    const contacts = (await gw.sql(`SELECT count(*)::int n FROM "Contact"`))[0].n;
    const res = await gw.rest('POST', `${BASE}/${reply.body.junkId}/notJunk`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: original.body.conversationId, subject: 'My order', channel: 'email', receivedBy: accountId });
    const messages = await gw.sql(`SELECT "emailMessageId", "plainText" FROM "Message" WHERE "conversationId" = $1 ORDER BY time`, [original.body.conversationId]);
    expect(messages).toEqual([
      { emailMessageId: 'carol-1@customer.test', plainText: 'Hello there.' },
      { emailMessageId: 'carol-2@customer.test', plainText: 'Any news?' },
    ]);
    expect((await gw.sql(`SELECT count(*)::int n FROM "Contact"`))[0].n).toBe(contacts);
    // The attachment came along as a new message attachment; the junk's row and file are gone.
    const [attached] = await gw.sql(`SELECT a.id FROM "Attachment" a JOIN "Message" m ON m.id = a."messageId" WHERE m."emailMessageId" = 'carol-2@customer.test' AND a."fileName" = 'receipt.txt'`);
    expect(attached).toBeDefined();
    expect(await junkRow(reply.body.junkId)).toBeUndefined();
    expect(await gw.sql(`SELECT id FROM "Attachment" WHERE id = $1`, [junkFile])).toEqual([]);
    expect(await waitFor(() => fileOf(junkFile).length === 0)).toBe(true);
    expect(fileOf(attached.id)).toHaveLength(1);
    // Again: the junk is gone.
    expect((await gw.rest('POST', `${BASE}/${reply.body.junkId}/notJunk`)).status).toBe(404);
  });

  it('a junk that starts a thread becomes a new conversation with a contact created now; a later reply threads into it', async () => {
    const res = await postMail(gw, accountId, mail({ from: 'Dan <dan@bulk.example>', messageId: 'dan-1@bulk.example', subject: 'Real question' }));
    expect(res.status).toBe(202);
    expect(await gw.sql(`SELECT count(*)::int n FROM "ContactIdentity" WHERE value = 'dan@bulk.example'`)).toEqual([{ n: 0 }]);
    const restored = await gw.rest('POST', `${BASE}/${res.body.junkId}/notJunk`);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ id: expect.any(Number), subject: 'Real question', channel: 'email', contactId: expect.any(Number) });
    const [identity] = await gw.sql(`SELECT "contactId" FROM "ContactIdentity" WHERE value = 'dan@bulk.example'`);
    expect(identity.contactId).toBe(restored.body.contactId);
    // The domain is still blocked as junk: Dan's reply is junk again, and threads on notJunk.
    const reply = await postMail(gw, accountId, mail({ from: 'dan@bulk.example', messageId: 'dan-2@bulk.example', subject: 'Re: Real question', inReplyTo: 'dan-1@bulk.example' }));
    expect(reply.status).toBe(202);
    expect((await gw.rest('POST', `${BASE}/${reply.body.junkId}/notJunk`)).body.id).toBe(restored.body.id);
    // Once the domain is unblocked, replies thread in directly.
    expect((await gw.rest('DELETE', '/api/v3/anytime/blockedSenders?email=bulk.example')).status).toBe(204);
    const direct = await postMail(gw, accountId, mail({ from: 'dan@bulk.example', messageId: 'dan-3@bulk.example', subject: 'Re: Real question', inReplyTo: 'dan-2@bulk.example' }));
    expect(direct.status).toBe(201);
    expect(direct.body).toMatchObject({ conversationId: restored.body.id, newConversation: false });
    expect((await gw.rest('PUT', '/api/v3/anytime/blockedSenders', { email: 'bulk.example', blockType: 'blockDomainasJunk' })).status).toBe(200);
  });

  it('a junk whose integration account was deleted stays; notJunk is a 409', async () => {
    const other = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Old', channelId: 'email', address: 'old@example.com' });
    const res = await postMail(gw, other.body.id, mail({ from: 'eve@bulk.example', messageId: 'eve-1@bulk.example' }));
    expect(res.status).toBe(202);
    expect((await gw.rest('DELETE', `/api/v3/anytime/integrationAccounts/${other.body.id}`)).status).toBe(204);
    const before = await tableCounts(gw);
    const restore = await gw.rest('POST', `${BASE}/${res.body.junkId}/notJunk`);
    expect(restore.status).toBe(409);
    expect(restore.body.message).toMatch(/no longer exists/);
    expect(await tableCounts(gw)).toBe(before);
    expect((await gw.rest('DELETE', `${BASE}/${res.body.junkId}`)).status).toBe(204);
  });

  it('the same junk posted 5 times at once is one junk; notJunk 3 times at once is one conversation and no junk', async () => {
    const raw = mail({ from: 'gina@bulk.example', messageId: 'gina-1@bulk.example', subject: 'Race' });
    const posts = await Promise.all(Array.from({ length: 5 }, () => postMail(gw, accountId, raw)));
    expect(posts.map((p) => p.status).sort()).toEqual([200, 200, 200, 200, 202]);
    expect(new Set(posts.map((p) => p.body.junkId)).size).toBe(1);
    const id = posts[0]!.body.junkId as string;
    const restores = await Promise.all(Array.from({ length: 3 }, () => gw.rest('POST', `${BASE}/${id}/notJunk`)));
    const ok = restores.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(restores.every((r) => r.status === 200 || r.status === 404), JSON.stringify(restores.map((r) => [r.status, r.body]))).toBe(true);
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
    expect(await gw.sql(`SELECT count(*)::int n FROM "Conversation" WHERE subject = 'Race'`)).toEqual([{ n: 1 }]);
    expect(await junkRow(id)).toBeUndefined();
  });

  it('a junk whose mail was taken in since (sender unblocked, mail fetched again) gives that conversation, nothing new', async () => {
    expect((await gw.rest('PUT', '/api/v3/anytime/blockedSenders', { email: 'hank@customer.test', blockType: 'blockEmailasJunk' })).status).toBe(200);
    const raw = mail({ from: 'hank@customer.test', messageId: 'hank-1@customer.test', subject: 'Twice' });
    const junk = await postMail(gw, accountId, raw);
    expect(junk.status).toBe(202);
    expect((await gw.rest('DELETE', '/api/v3/anytime/blockedSenders?email=hank@customer.test')).status).toBe(204);
    const delivered = await postMail(gw, accountId, raw);
    expect(delivered.status).toBe(201);
    const messages = (await gw.sql(`SELECT count(*)::int n FROM "Message"`))[0].n;
    const restored = await gw.rest('POST', `${BASE}/${junk.body.junkId}/notJunk`);
    expect(restored.status).toBe(200);
    expect(restored.body.id).toBe(delivered.body.conversationId);
    expect((await gw.sql(`SELECT count(*)::int n FROM "Message"`))[0].n).toBe(messages);
    expect(await junkRow(junk.body.junkId)).toBeUndefined();
  });

  it('notJunk of an unknown id is a 404 with nothing written', async () => {
    const before = await tableCounts(gw);
    for (const id of ['999999', 'abc', '-1']) expect((await gw.rest('POST', `${BASE}/${id}/notJunk`)).status).toBe(404);
    expect(await tableCounts(gw)).toBe(before);
  });
});

describe('the junk list', () => {
  it('pages 50 at a time, newest first, with previousPage / currentPage / nextPage links', async () => {
    await gw.sql(`DELETE FROM "Attachment" WHERE "junkId" IS NOT NULL`);
    await gw.sql(`DELETE FROM "Junk"`);
    for (let i = 1; i <= 53; i++) {
      const res = await postMail(gw, accountId, mail({ from: `n${i}@bulk.example`, messageId: `page-${i}@bulk.example`, subject: i === 7 ? 'Rare Keyword inside' : `Newsletter ${i}`, text: i === 9 ? 'body has zebra' : 'News.' }));
      expect(res.status).toBe(202);
    }
    const page1 = await gw.rest('GET', BASE);
    expect(page1.status).toBe(200);
    expect(page1.body.junks).toHaveLength(50);
    expect(page1.body).toMatchObject({ total: 53, previousPage: null, currentPage: `${BASE}?pageIndex=1`, nextPage: `${BASE}?pageIndex=2` });
    expect(page1.body.junks[0].originalMessageId).toBe('page-53@bulk.example');
    const page2 = await gw.rest('GET', page1.body.nextPage);
    expect(page2.body.junks.map((j: { originalMessageId: string }) => j.originalMessageId)).toEqual(['page-3@bulk.example', 'page-2@bulk.example', 'page-1@bulk.example']);
    expect(page2.body).toMatchObject({ total: 53, previousPage: `${BASE}?pageIndex=1`, currentPage: `${BASE}?pageIndex=2`, nextPage: null });
    // Page, total, attachments and senders' identities: the same few statements for 50 junks as for 3.
    const large = await gw.countSql(() => gw.rest('GET', BASE));
    const small = await gw.countSql(() => gw.rest('GET', `${BASE}?pageIndex=2`));
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(2);
  });

  it('filters by keywords (subject, From, text) and by timeFrom / timeTo', async () => {
    const bySubject = await gw.rest('GET', `${BASE}?keywords=rare%20keyword`);
    expect(bySubject.body.junks.map((j: { subject: string }) => j.subject)).toEqual(['Rare Keyword inside']);
    expect(bySubject.body).toMatchObject({ total: 1, currentPage: `${BASE}?keywords=rare+keyword&pageIndex=1`, nextPage: null });
    expect((await gw.rest('GET', `${BASE}?keywords=zebra`)).body.total).toBe(1);
    expect((await gw.rest('GET', `${BASE}?keywords=n12@bulk`)).body.total).toBe(1);
    expect((await gw.rest('GET', `${BASE}?keywords=50%25`)).body.total).toBe(0);
    const [{ min, max }] = await gw.sql(`SELECT min(time) AS min, max(time) AS max FROM "Junk"`);
    const all = await gw.rest('GET', `${BASE}?timeFrom=${encodeURIComponent(min.toISOString())}&timeTo=${encodeURIComponent(max.toISOString())}`);
    expect(all.body.total).toBe(53);
    expect((await gw.rest('GET', `${BASE}?timeFrom=${encodeURIComponent(new Date(max.getTime() + 1000).toISOString())}`)).body.total).toBe(0);
    expect((await gw.rest('GET', `${BASE}?timeTo=2020-01-01T00:00:00Z`)).body.total).toBe(0);
  });

  it('bad list parameters are a 400 naming them', async () => {
    for (const [query, field] of [['timeFrom=yesterday', 'timeFrom'], ['timeTo=2026-13-45', 'timeTo'], ['pageIndex=0', 'pageIndex'], ['pageIndex=x', 'pageIndex'], ['timeFrom=2026-02-01&timeTo=2026-01-01', 'timeFrom']]) {
      const res = await gw.rest('GET', `${BASE}?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.message.startsWith(field), `${query}: ${res.body.message}`).toBe(true);
    }
  });
});

describe('junk in GraphQL', () => {
  it('junks, junk, updateJunk, notJunk, deleteJunk', async () => {
    const list = await gw.gql(`{ junks(first: 2, keywords: "Newsletter") { totalCount nodes { id subject isRead attachments { id } } } }`, {}, agent.auth);
    expect(list.errors).toBeUndefined();
    expect(list.data.junks.totalCount).toBe(52);
    const [a, b] = list.data.junks.nodes;
    const read = await gw.gql(`mutation($id: ID!) { updateJunk(id: $id, isRead: true) { id isRead } }`, { id: a.id }, agent.auth);
    expect(read.data.updateJunk).toEqual({ id: a.id, isRead: true });
    const missing = await gw.gql(`mutation($id: ID!) { updateJunk(id: $id) { id } }`, { id: a.id });
    expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', errors: [{ field: 'isRead' }] } });
    const restored = await gw.gql(`mutation($id: ID!) { notJunk(id: $id) { databaseId subject channel } }`, { id: a.id });
    expect(restored.data.notJunk).toMatchObject({ subject: a.subject, channel: 'email' });
    const deleted = await gw.gql(`mutation($id: ID!) { deleteJunk(id: $id) { id } }`, { id: b.id });
    expect(deleted.data.deleteJunk).toEqual({ id: b.id });
    const gone = await gw.gql(`query($a: ID!) { junk(id: $a) { id } }`, { a: a.id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
