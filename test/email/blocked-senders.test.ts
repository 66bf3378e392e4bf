/**
 * Blocked senders (issue #14 item 4, spec "# BlockedSenders") through a real gateway: PUT adds or
 * updates by address or domain, GET lists (filter `email`) and gets by id, DELETE by `email` (query
 * string or body); GraphQL the same (admins write, agents read). Raw mail posted to the inbound
 * endpoint: every block type (rejected → 403 SENDER_REJECTED with no row in any table; junk → a
 * Junk row, 202, no contact), subdomains, case, the most specific rule winning; bad input 400
 * naming the field with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { senderVerdict } from '../../src/modules/blocked-senders/service.js';
import { storedFiles } from '../attachments/helpers.js';
import { logCollector, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { mail, postMail, tableCounts } from './mail-helpers.js';

const BASE = '/api/v3/anytime/blockedSenders';
let gw: TestGateway;
let accountId: string;
let agent: { auth: string };
let sequence = 0;
const logs = logCollector();
const nextId = (tag: string) => `${tag}-${++sequence}@mail.test`;

beforeAll(async () => {
  gw = await startTestGateway({}, { logTo: logs });
  agent = await gw.createAgent({ name: 'Plain agent' });
  const account = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Support', channelId: 'email', address: 'support@example.com' });
  expect(account.status).toBe(201);
  accountId = account.body.id;
});
afterAll(() => gw?.stop());

const put = (email: unknown, blockType: unknown, auth?: string) => gw.rest('PUT', BASE, { email, blockType }, auth);
const rules = async () => (await gw.sql(`SELECT email, "blockType" FROM "BlockedSender" ORDER BY email`)) as { email: string; blockType: string }[];

describe('blocked senders over REST', () => {
  it('PUT adds each block type, normalised (lower case, no leading @, punycode domains)', async () => {
    const cases = [
      ['Boss@Spam.Example', 'blockEmailasJunk', 'boss@spam.example'],
      ['angry@Reject.Example', 'rejectEmail', 'angry@reject.example'],
      ['@Junk.Example', 'blockDomainasJunk', 'junk.example'],
      ['spam.example', 'rejectDomain', 'spam.example'],
      ['bücher.example', 'rejectDomain', 'xn--bcher-kva.example'],
    ] as const;
    for (const [email, blockType, stored] of cases) {
      const res = await put(email, blockType);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ id: expect.any(String), email: stored, blockType });
    }
    expect(await rules()).toHaveLength(cases.length);
  });

  it('PUT again for the same address or domain changes its blockType (same id, no new row)', async () => {
    const first = await put('change@me.example', 'blockEmailasJunk');
    const count = (await rules()).length;
    const second = await put('CHANGE@me.example', 'rejectEmail');
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id: first.body.id, email: 'change@me.example', blockType: 'rejectEmail' });
    expect(await rules()).toHaveLength(count);
    // Wrapped as { blockedSender: {...} } works too.
    const wrapped = await gw.rest('PUT', BASE, { blockedSender: { email: 'change@me.example', blockType: 'blockEmailasJunk' } });
    expect(wrapped.body).toEqual({ id: first.body.id, email: 'change@me.example', blockType: 'blockEmailasJunk' });
  });

  it('GET lists them all, filters by email (contains, case-insensitive), gets one by id', async () => {
    const all = await gw.rest('GET', BASE);
    expect(all.status).toBe(200);
    expect(all.body.blockedSenders.map((r: { email: string }) => r.email)).toEqual((await rules()).map((r) => r.email));
    const filtered = await gw.rest('GET', `${BASE}?email=SPAM.example`);
    expect(filtered.body.blockedSenders.map((r: { email: string }) => r.email)).toEqual(['boss@spam.example', 'spam.example']);
    const exact = await gw.rest('GET', `${BASE}?email=angry@reject.example`);
    expect(exact.body).toEqual({ blockedSenders: [{ id: expect.any(String), email: 'angry@reject.example', blockType: 'rejectEmail' }] });
    const one = await gw.rest('GET', `${BASE}/${exact.body.blockedSenders[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(exact.body.blockedSenders[0]);
    expect((await gw.rest('GET', `${BASE}/999999`)).status).toBe(404);
    expect((await gw.rest('GET', `${BASE}/abc`)).status).toBe(404);
    // Agents read; only admins write.
    expect((await gw.rest('GET', BASE, undefined, agent.auth)).status).toBe(200);
    const before = await tableCounts(gw);
    expect((await put('x@agent.example', 'rejectEmail', agent.auth)).status).toBe(403);
    expect((await gw.rest('DELETE', `${BASE}?email=spam.example`, undefined, agent.auth)).status).toBe(403);
    expect(await tableCounts(gw)).toBe(before);
  });

  it('bad input is a 400 naming the field, nothing written', async () => {
    const before = await tableCounts(gw);
    const cases: [unknown, unknown, string, RegExp][] = [
      ['not-an-address', 'blockEmailasJunk', 'email', /^email must be an email address/],
      ['spam.example', 'rejectEmail', 'email', /^email must be an email address/],
      ['two@@at.example', 'rejectEmail', 'email', /^email must be an email address/],
      ['user@localhost', 'rejectEmail', 'email', /^email must be an email address/],
      ['a@b.example', 'rejectDomain', 'email', /^email must be a domain name/],
      ['localhost', 'blockDomainasJunk', 'email', /^email must be a domain name/],
      ['10.0.0.1', 'rejectDomain', 'email', /^email must be a domain name/],
      ['bad_domain.example', 'rejectDomain', 'email', /^email must be a domain name/],
      ['-dash.example', 'rejectDomain', 'email', /^email must be a domain name/],
      ['', 'rejectDomain', 'email', /^email is required/],
      [null, 'rejectDomain', 'email', /^email is required/],
      ['ok.example', 'blockAll', 'blockType', /^blockType must be one of blockEmailasJunk, rejectEmail, blockDomainasJunk, rejectDomain/],
      ['ok.example', 'rejectdomain', 'blockType', /^blockType must be one of/],
      ['ok.example', null, 'blockType', /^blockType is required/],
      [12345, 'rejectDomain', 'email', /^email must be a domain name/],
    ];
    for (const [email, blockType, field, message] of cases) {
      const res = await put(email, blockType);
      expect(res.status, `${JSON.stringify([email, blockType])}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
    }
    // A blockType that is not a string at all is refused by the schema, naming it.
    const typed = await put('ok.example', { type: 'rejectDomain' });
    expect(typed.status).toBe(400);
    expect(typed.body.message).toMatch(/blockType/);
    // DELETE without email.
    for (const call of [() => gw.rest('DELETE', BASE), () => gw.rest('DELETE', BASE, {}), () => gw.rest('DELETE', `${BASE}?email=`)]) {
      const res = await call();
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: 'email is required', errors: [{ field: 'email', message: 'is required' }] });
    }
    expect(await tableCounts(gw)).toBe(before);
  });

  it('DELETE removes by email from the query string or the JSON body; an unknown one is a 404', async () => {
    await put('gone1@del.example', 'rejectEmail');
    await put('del.example', 'blockDomainasJunk');
    const byQuery = await gw.rest('DELETE', `${BASE}?email=GONE1@del.example`);
    expect(byQuery.status).toBe(204);
    const byBody = await gw.rest('DELETE', BASE, { email: '@del.example' });
    expect(byBody.status).toBe(204);
    expect((await rules()).filter((r) => r.email.endsWith('del.example'))).toEqual([]);
    const before = await tableCounts(gw);
    expect((await gw.rest('DELETE', `${BASE}?email=gone1@del.example`)).status).toBe(404);
    expect(await tableCounts(gw)).toBe(before);
  });
});

describe('blocked senders in GraphQL', () => {
  it('putBlockedSender, blockedSenders, blockedSender, deleteBlockedSender; agents may read only', async () => {
    const created = await gw.gql(`mutation { putBlockedSender(input: { email: "gql@graph.example", blockType: "rejectEmail" }) { id email blockType } }`);
    expect(created.errors).toBeUndefined();
    const { id } = created.data.putBlockedSender;
    const read = await gw.gql(`query($id: ID!) { blockedSender(id: $id) { email blockType } blockedSenders(email: "graph.example") { id } }`, { id }, agent.auth);
    expect(read.data).toEqual({ blockedSender: { email: 'gql@graph.example', blockType: 'rejectEmail' }, blockedSenders: [{ id }] });
    const denied = await gw.gql(`mutation { deleteBlockedSender(email: "gql@graph.example") { id } }`, {}, agent.auth);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await gw.gql(`mutation { putBlockedSender(input: { email: "gql@graph.example", blockType: "nope" }) { id } }`);
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', errors: [{ field: 'blockType' }] } });
    const deleted = await gw.gql(`mutation { deleteBlockedSender(email: "gql@graph.example") { id email } }`);
    expect(deleted.data.deleteBlockedSender).toEqual({ id, email: 'gql@graph.example' });
  });
});

describe('the inbound pipeline asks the rules', () => {
  it('senderVerdict: the address rule before the domain rule, longer domains first, subdomains covered, case-insensitive', async () => {
    const db = gw.gateway.deps.prisma;
    // boss@spam.example: blockEmailasJunk; spam.example: rejectDomain; junk.example: blockDomainasJunk.
    expect(await senderVerdict(db, 'boss@spam.example')).toBe('junk');
    expect(await senderVerdict(db, 'BOSS@SPAM.EXAMPLE')).toBe('junk');
    expect(await senderVerdict(db, 'other@spam.example')).toBe('reject');
    expect(await senderVerdict(db, 'boss@mx.spam.example')).toBe('reject');
    expect(await senderVerdict(db, 'x@a.b.junk.example')).toBe('junk');
    expect(await senderVerdict(db, 'x@notjunk.example')).toBe(null);
    expect(await senderVerdict(db, 'angry@reject.example')).toBe('reject');
    expect(await senderVerdict(db, 'calm@reject.example')).toBe(null);
    expect(await senderVerdict(db, 'leser@bücher.example')).toBe('reject');
    await put('sub.junk.example', 'rejectDomain');
    expect(await senderVerdict(db, 'x@a.sub.junk.example')).toBe('reject');
    expect(await senderVerdict(db, 'x@other.junk.example')).toBe('junk');
    expect((await gw.rest('DELETE', `${BASE}?email=sub.junk.example`)).status).toBe(204);
  });

  it('rejectEmail and rejectDomain: 403 SENDER_REJECTED, and no row in any table, no file', async () => {
    for (const from of ['angry@reject.example', 'Angry Person <ANGRY@Reject.Example>', 'someone@spam.example', 'x@mx.spam.example', 'y@xn--bcher-kva.example']) {
      const before = await tableCounts(gw);
      const files = storedFiles(gw).length;
      const res = await postMail(gw, accountId, mail({ from, messageId: nextId('rejected'), attachment: 'evil.txt' }));
      expect(res.status, `${from}: ${JSON.stringify(res.body)}`).toBe(403);
      expect(res.body).toMatchObject({ code: 'SENDER_REJECTED', message: expect.stringMatching(/blocked sender/) });
      expect(await tableCounts(gw)).toBe(before);
      expect(storedFiles(gw)).toHaveLength(files);
    }
    const [identity] = await gw.sql(`SELECT count(*)::int n FROM "ContactIdentity" WHERE value LIKE '%reject.example' OR value LIKE '%spam.example'`);
    expect(identity.n).toBe(0);
    // The one trace of a rejected mail: a log line (mailparser gives the IDN domain in Unicode).
    expect(logs.lines.filter((line) => line.msg === 'inbound mail rejected: blocked sender').map((line) => line.from)).toEqual([
      'angry@reject.example', 'angry@reject.example', 'someone@spam.example', 'x@mx.spam.example', 'y@bücher.example',
    ]);
  });

  it('blockEmailasJunk and blockDomainasJunk: a Junk row (202 with junkId), no conversation, no contact', async () => {
    for (const from of ['boss@spam.example', 'Promo <deals@junk.example>', 'x@news.junk.example']) {
      const before = JSON.parse(await tableCounts(gw));
      const res = await postMail(gw, accountId, mail({ from, messageId: nextId('junk'), subject: `Offer for ${from}` }));
      expect(res.status, `${from}: ${JSON.stringify(res.body)}`).toBe(202);
      expect(res.body).toMatchObject({ junk: true, junkId: expect.any(String), duplicate: false });
      const after = JSON.parse(await tableCounts(gw));
      expect(after).toEqual({ ...before, Junk: before.Junk + 1 });
      const [row] = await gw.sql(`SELECT subject, "fromAddress", "accountId" FROM "Junk" WHERE id = $1`, [Number(res.body.junkId)]);
      expect(row).toEqual({ subject: `Offer for ${from}`, fromAddress: from.replace(/^.*</, '').replace('>', '').toLowerCase(), accountId: Number(accountId) });
    }
  });

  it('a mail taken in before the sender was blocked answers as before when it comes again (dedupe first)', async () => {
    const raw = mail({ from: 'late@customer.test', messageId: nextId('late') });
    const first = await postMail(gw, accountId, raw);
    expect(first.status).toBe(201);
    expect((await put('late@customer.test', 'rejectEmail')).status).toBe(200);
    const before = await tableCounts(gw);
    const again = await postMail(gw, accountId, raw);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ conversationId: first.body.conversationId, duplicate: true });
    expect(await tableCounts(gw)).toBe(before);
    // A new mail of that sender is refused.
    expect((await postMail(gw, accountId, mail({ from: 'late@customer.test', messageId: nextId('late') }))).status).toBe(403);
  });

  it('mail from senders not blocked (and after a rule is removed) becomes a conversation as before', async () => {
    const free = await postMail(gw, accountId, mail({ from: 'calm@reject.example', messageId: nextId('free') }));
    expect(free.status).toBe(201);
    expect(free.body).toMatchObject({ newConversation: true });
    expect((await gw.rest('DELETE', `${BASE}?email=angry@reject.example`)).status).toBe(204);
    const unblocked = await postMail(gw, accountId, mail({ from: 'angry@reject.example', messageId: nextId('unblocked') }));
    expect(unblocked.status).toBe(201);
    expect(await gw.sql(`SELECT count(*)::int n FROM "ContactIdentity" WHERE value = 'angry@reject.example'`)).toEqual([{ n: 1 }]);
  });
});
