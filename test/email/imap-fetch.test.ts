/**
 * IMAP fetching (issue #14) against a real IMAP server (Debian dovecot-imapd, test/helpers/dovecot.ts):
 * fixtures APPENDed to the mailbox with imapflow are fetched ("fetch now" over REST and GraphQL)
 * into conversations, a reply threads, everything is marked \Seen; clearing \Seen and fetching again
 * creates 0 duplicates; a mail that cannot be parsed is recorded and skipped (seen); a temporary
 * failure of our database leaves the mail unseen for the next round; a wrong password shows as the
 * account's fetch error without a crash (fixing the password fetches at once); each round re-arms
 * the next one after IMAP_POLL_SECONDS in the account's own job queue; saving IMAP settings starts
 * a round at once, and the arm schedule's job arms an account that has no job; bad
 * requests are 4xx naming the field with nothing written.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const POLL_SECONDS = 3600; // the interval never fires during the test: rounds are started with "fetch now"
let dovecot: Dovecot;
let gw: TestGateway;
let accountId: string;

beforeAll(async () => {
  dovecot = await startDovecot({ 'support@example.com': 'secret', 'wrong@example.com': 'right-password', 'armed@example.com': 'secret', 'new@example.com': 'secret' });
  try {
    gw = await startTestGateway({ workers: 2, workerPollMs: 100, imapPollSeconds: POLL_SECONDS });
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
  const account = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', {
    name: 'Support', channelId: 'email', address: 'support@example.com',
    imap: { host: dovecot.host, port: dovecot.port, secure: false, username: 'support@example.com', password: 'secret' },
  });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  accountId = account.body.id;
});
afterAll(async () => {
  try {
    await gw?.stop();
  } finally {
    await dovecot?.stop();
  }
});

/** A client of the test's own, as the mail provider's other users would be. */
async function mailbox<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user, pass: 'secret' }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      return await work(client);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
const append = (user: string, ...raws: Buffer[]) => mailbox(user, async (c) => {
  for (const raw of raws) await c.append('INBOX', raw);
});
const unseen = (user = 'support@example.com') => mailbox(user, async (c) => (await c.search({ seen: false }, { uid: true })) || []);

const fetchNow = (id = accountId, auth?: string) => gw.rest('POST', `/api/v3/anytime/integrationAccounts/${id}/fetch`, undefined, auth);
const counts = async () =>
  JSON.stringify(await gw.sql(`SELECT (SELECT count(*) FROM "Conversation") c, (SELECT count(*) FROM "Message") m, (SELECT count(*) FROM "Contact") ct,
    (SELECT count(*) FROM "Attachment") a, (SELECT count(*) FROM "InboundDelivery") d, (SELECT count(*) FROM "InboundFailure") f`));

describe('IMAP fetching', () => {
  it('fetches the unseen mail into conversations (a reply threads) and marks it seen', async () => {
    await append('support@example.com', fixture('plain.eml'), fixture('latin1.eml'), fixture('alternative.eml'), fixture('attachment.eml'));
    expect(await unseen()).toHaveLength(4);
    const res = await fetchNow();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ lastError: null, fetchedCount: 4, lastSuccessTime: expect.any(String) });
    expect(await unseen()).toEqual([]);
    const rows = await gw.sql(`SELECT d."emailMessageId", c.channel, c."receivedBy", c.subject FROM "InboundDelivery" d JOIN "Conversation" c ON c.id = d."conversationId" ORDER BY d.id`);
    expect(rows).toEqual([
      { emailMessageId: 'plain-1@customer.test', channel: 'email', receivedBy: accountId, subject: 'Printer on fire' },
      { emailMessageId: 'latin1-1@customer.test', channel: 'email', receivedBy: accountId, subject: 'Café bestellt' },
      expect.objectContaining({ emailMessageId: 'alt-1@customer.test' }),
      expect.objectContaining({ emailMessageId: 'attach-1@customer.test' }),
    ]);
    await append('support@example.com', fixture('reply.eml'));
    const again = await gw.gql(`mutation($id: ID!) { fetchIntegrationAccountMail(id: $id) { lastError fetchedCount } }`, { id: accountId });
    expect(again.errors).toBeUndefined();
    expect(again.data.fetchIntegrationAccountMail).toEqual({ lastError: null, fetchedCount: 5 });
    const [reply] = await gw.sql(`SELECT d."createdNew", d."conversationId", p."conversationId" AS parent FROM "InboundDelivery" d, "InboundDelivery" p
      WHERE d."emailMessageId" = 'reply-1@customer.test' AND p."emailMessageId" = 'plain-1@customer.test'`);
    expect(reply.createdNew).toBe(false);
    expect(reply.conversationId).toBe(reply.parent);
  });

  it('fetching again after \\Seen was cleared creates 0 duplicates', async () => {
    const before = await counts();
    await mailbox('support@example.com', (c) => c.messageFlagsRemove('1:*', ['\\Seen'], { uid: true }));
    expect(await unseen()).toHaveLength(5);
    const res = await fetchNow();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lastError: null, fetchedCount: 5 });
    expect(await counts()).toBe(before);
    expect(await unseen()).toEqual([]);
  });

  it('a mail that cannot be parsed is recorded as a failed delivery, skipped and marked seen', async () => {
    const failures = (await gw.sql(`SELECT count(*)::int n FROM "InboundFailure"`))[0].n;
    await append('support@example.com', fixture('no-from.eml'));
    const res = await fetchNow();
    expect(res.body).toMatchObject({ lastError: null, fetchedCount: 5 });
    const rows = await gw.sql(`SELECT "accountId", reason FROM "InboundFailure" ORDER BY id`);
    expect(rows).toHaveLength(failures + 1);
    expect(rows.at(-1)).toEqual({ accountId: Number(accountId), reason: 'The message has no valid From address' });
    expect(await unseen()).toEqual([]);
  });

  it('a temporary failure (our database) leaves the mail unseen; the next round takes it in', async () => {
    await gw.sql(`CREATE FUNCTION inbound_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await gw.sql(`CREATE TRIGGER inbound_fault BEFORE INSERT ON "InboundDelivery" FOR EACH ROW EXECUTE FUNCTION inbound_fault()`);
    let dropped = false;
    const drop = async () => {
      if (!dropped) await gw.sql(`DROP TRIGGER inbound_fault ON "InboundDelivery"; DROP FUNCTION inbound_fault()`);
      dropped = true;
    };
    try {
      const before = await counts();
      await append('support@example.com', fixture('inline-image.eml'));
      const res = await fetchNow();
      expect(res.status).toBe(200);
      expect(res.body.lastError).toMatch(/could not be taken in for now: .*injected fault/);
      expect(await counts()).toBe(before);
      expect(await unseen()).toHaveLength(1);
      await drop();
      const next = await fetchNow();
      expect(next.body).toMatchObject({ lastError: null, fetchedCount: 6 });
      expect(await unseen()).toEqual([]);
    } finally {
      await drop();
    }
  });

  it('a rejected sender is skipped and marked seen with nothing stored; a junk sender becomes junk, not a conversation', async () => {
    for (const [email, blockType] of [['spammer.test', 'rejectDomain'], ['junky.test', 'blockDomainasJunk']]) {
      expect((await gw.rest('PUT', '/api/v3/anytime/blockedSenders', { email, blockType })).status).toBe(200);
    }
    const from = (domain: string, id: string) =>
      Buffer.from(fixture('plain.eml').toString().replace('"Ann Customer" <Ann@Customer.test>', `"Spam" <offers@${domain}>`).replace('plain-1@customer.test', id));
    const junks = async () => Number((await gw.sql(`SELECT count(*) n FROM "Junk"`))[0].n);
    const before = await counts();
    const junkBefore = await junks();
    await append('support@example.com', from('spammer.test', 'imap-reject-1@spammer.test'), from('junky.test', 'imap-junk-1@junky.test'));
    const res = await fetchNow();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.lastError).toBeNull();
    expect(await unseen()).toEqual([]);
    expect(await counts()).toBe(before);
    expect(await junks()).toBe(junkBefore + 1);
    expect(await gw.sql(`SELECT "emailMessageId" FROM "Junk" WHERE "fromAddress" LIKE '%spammer.test'`)).toEqual([]);
    for (const email of ['spammer.test', 'junky.test']) await gw.rest('DELETE', `/api/v3/anytime/blockedSenders?email=${email}`);
  });

  it('each round arms the next one after IMAP_POLL_SECONDS, in the account’s own job queue', async () => {
    const [job] = await gw.sql(`SELECT queue_name, run_at, task_identifier FROM graphile_worker.jobs WHERE key = $1`, [`imap-fetch:${accountId}`]);
    expect(job).toMatchObject({ queue_name: `imap:${accountId}`, task_identifier: 'email.imapFetch' });
    const [state] = await gw.sql(`SELECT "lastFetchTime" FROM "MailFetchState" WHERE "accountId" = $1`, [Number(accountId)]);
    const delay = new Date(job.run_at).getTime() - new Date(state.lastFetchTime).getTime();
    expect(delay).toBeGreaterThan((POLL_SECONDS - 60) * 1000);
    expect(delay).toBeLessThanOrEqual((POLL_SECONDS + 60) * 1000);
  });

  /** Polls the account's fetch state until `done` holds (rounds armed by a write or the schedule, not by "fetch now"). */
  async function stateWhen(id: string | number, done: (state: any) => boolean) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [state] = await gw.sql(`SELECT "fetchedCount", "lastError" FROM "MailFetchState" WHERE "accountId" = $1`, [Number(id)]);
      if (state && done(state)) return state;
      if (Date.now() > deadline) throw new Error(`fetch state of account ${id}: ${JSON.stringify(state)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('saving an account with IMAP settings starts its first round at once', async () => {
    await append('new@example.com', Buffer.from(fixture('plain.eml').toString().replace('plain-1@customer.test', 'new-1@customer.test')));
    const created = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', {
      name: 'New', channelId: 'email', address: 'new@example.com',
      imap: { host: dovecot.host, port: dovecot.port, secure: false, username: 'new@example.com', password: 'secret' },
    });
    expect(created.status).toBe(201);
    expect(await stateWhen(created.body.id, (s) => s.fetchedCount === 1)).toEqual({ fetchedCount: 1, lastError: null });
    expect(await unseen('new@example.com')).toEqual([]);
  });

  it('the arm schedule’s job arms an account with IMAP settings that has no fetch job: its mail is fetched', async () => {
    // Written past the service (as a restore or a manual fix would): no job was armed.
    const [row] = await gw.sql(
      `INSERT INTO "IntegrationAccount" (name, "channelId", address, "imapHost", "imapPort", "imapSecure", "imapUsername", "imapPassword")
       VALUES ('Armed', 'email', 'armed@example.com', $1, $2, false, 'armed@example.com', 'secret') RETURNING id`,
      [dovecot.host, dovecot.port],
    );
    expect((await gw.sql(`SELECT count(*)::int n FROM graphile_worker.jobs WHERE key = $1`, [`imap-fetch:${row.id}`]))[0].n).toBe(0);
    await append('armed@example.com', Buffer.from(fixture('plain.eml').toString().replace('plain-1@customer.test', 'armed-1@customer.test')));
    await gw.sql(`SELECT graphile_worker.add_job('email.imapArm', '{}'::json)`);
    expect(await stateWhen(row.id, () => true)).toEqual({ fetchedCount: 1, lastError: null });
    expect(await unseen('armed@example.com')).toEqual([]);
  });

  it('a wrong password shows as the account’s fetch error, nothing crashes', async () => {
    const created = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', {
      name: 'Wrong', channelId: 'email', address: 'wrong@example.com',
      imap: { host: dovecot.host, port: dovecot.port, secure: false, username: 'wrong@example.com', password: 'not-the-password' },
    });
    expect(created.status).toBe(201);
    const before = await counts();
    const res = await fetchNow(created.body.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fetchedCount: 0, lastSuccessTime: null, lastError: expect.stringMatching(/IMAP sign-in refused for wrong@example.com: .*Authentication failed/) });
    const shown = await gw.gql(`query($id: ID!) { integrationAccount(id: $id) { imapFetch { lastError lastErrorTime fetchedCount } } }`, { id: created.body.id });
    expect(shown.errors).toBeUndefined();
    expect(shown.data.integrationAccount.imapFetch).toMatchObject({ lastError: expect.stringMatching(/sign-in refused/), lastErrorTime: expect.any(String), fetchedCount: 0 });
    expect(await counts()).toBe(before);
    expect((await gw.rest('GET', '/readyz', undefined, null)).status).toBe(200);
    // The other account is unaffected.
    const list = await gw.gql(`{ integrationAccounts(channelId: "email") { id imapFetch { lastError } } }`);
    expect(list.data.integrationAccounts.find((a: { id: string }) => a.id === accountId).imapFetch).toEqual({ lastError: null });
    // The admin fixes the password: saving it starts a round at once, and the error is gone.
    const fixed = await gw.rest('PUT', `/api/v3/anytime/integrationAccounts/${created.body.id}`, { imap: { password: 'right-password' } });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(await stateWhen(created.body.id, (s) => s.lastError === null)).toEqual({ fetchedCount: 0, lastError: null });
  });

  it('a mailbox that does not exist is the account’s fetch error too', async () => {
    const created = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', {
      name: 'No such folder', channelId: 'email', address: 'folder@example.com',
      imap: { host: dovecot.host, port: dovecot.port, secure: false, username: 'support@example.com', password: 'secret', mailbox: 'Nope' },
    });
    expect(created.status).toBe(201);
    const res = await fetchNow(created.body.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fetchedCount: 0, lastError: expect.stringMatching(/^IMAP 127\.0\.0\.1:\d+: .*(Mailbox doesn't exist|NONEXISTENT)/i) });
  });

  it('bad requests: a non-email account or one without IMAP settings (400 naming id), unknown (404), not an admin (403); nothing written', async () => {
    const chat = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Chat', channelId: 'chat' });
    const noImap = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'No IMAP', channelId: 'email', address: 'noimap@example.com' });
    const agent = await gw.createAgent({ name: 'Not admin' });
    const before = await counts();
    const fetchJobs = () => gw.sql(`SELECT id, key, run_at FROM graphile_worker.jobs WHERE task_identifier = 'email.imapFetch' ORDER BY id`).then((rows) => JSON.stringify(rows));
    const jobs = await fetchJobs();
    const cases: [string, string | undefined, number, RegExp][] = [
      [chat.body.id, undefined, 400, /^id must be an email integration account/],
      [noImap.body.id, undefined, 400, /^id integration account \d+ has no IMAP settings/],
      ['999999', undefined, 404, /not found/],
      [accountId, agent.auth, 403, /./],
    ];
    for (const [id, auth, status, message] of cases) {
      const res = await fetchNow(id, auth);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.message).toMatch(message);
    }
    expect(await counts()).toBe(before);
    expect(await fetchJobs()).toBe(jobs);
    const hidden = await gw.gql(`query($id: ID!) { integrationAccount(id: $id) { imapFetch { lastError } } }`, { id: accountId }, agent.auth);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
