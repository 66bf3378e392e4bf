/**
 * Integration accounts over REST and GraphQL (spec "# Integration Accounts"): list with the
 * channelId filter, create (bare or wrapped), update name, delete; email accounts' admin-only
 * address and SMTP / IMAP settings with write-only passwords (never in any answer); bad input a
 * 400 naming the field with nothing written; deleting an account conversations name is a 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const BASE = '/api/v3/anytime/integrationAccounts';
const SECRET_SMTP = 'smtp-secret-Zq81';
const SECRET_IMAP = 'imap-secret-Kx42';
let gw: TestGateway;
let agent: { id: number; auth: string };

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ name: 'Plain agent' });
});
afterAll(() => gw?.stop());

const snapshot = async () => JSON.stringify(await gw.sql(`SELECT (SELECT json_agg(a ORDER BY id) FROM "IntegrationAccount" a) AS a`));

const ACCOUNT_FIELDS = `id name channelId address smtp { host port secure username hasPassword } imap { host port secure username hasPassword mailbox }`;

describe('integration accounts', () => {
  let emailId: string;
  let chatId: string;

  it('creates email and other accounts; REST answers the documented object only', async () => {
    const created = await gw.rest('POST', BASE, {
      integrationAccount: {
        name: 'Support mailbox', channelId: 'email', address: 'Support@Example.com',
        smtp: { host: 'smtp.example.com', port: 587, secure: false, username: 'support', password: SECRET_SMTP },
        imap: { host: 'imap.example.com', port: 993, secure: true, username: 'support', password: SECRET_IMAP, mailbox: 'INBOX' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'Support mailbox', channelId: 'email' });
    emailId = created.body.id;
    const chat = await gw.rest('POST', BASE, { name: 'Chat widget', channelId: 'chat' });
    expect(chat.status).toBe(201);
    chatId = chat.body.id;

    const all = await gw.rest('GET', BASE);
    expect(all.status).toBe(200);
    expect(all.body).toEqual([
      { id: emailId, name: 'Support mailbox', channelId: 'email' },
      { id: chatId, name: 'Chat widget', channelId: 'chat' },
    ]);
    expect((await gw.rest('GET', `${BASE}?channelId=email`)).body).toEqual([{ id: emailId, name: 'Support mailbox', channelId: 'email' }]);
    expect((await gw.rest('GET', `${BASE}?channelId=facebook`)).body).toEqual([]);
  });

  it('shows admins the email settings in GraphQL, never a password; other agents are refused those fields', async () => {
    const res = await gw.gql(`query { integrationAccounts(channelId: "email") { ${ACCOUNT_FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.integrationAccounts[0]).toEqual({
      id: emailId, name: 'Support mailbox', channelId: 'email', address: 'support@example.com',
      smtp: { host: 'smtp.example.com', port: 587, secure: false, username: 'support', hasPassword: true },
      imap: { host: 'imap.example.com', port: 993, secure: true, username: 'support', hasPassword: true, mailbox: 'INBOX' },
    });
    const plain = await gw.gql(`query { integrationAccounts { id name channelId } }`, {}, agent.auth);
    expect(plain.errors).toBeUndefined();
    expect(plain.data.integrationAccounts).toHaveLength(2);
    const refused = await gw.gql(`query { integrationAccounts { id address } }`, {}, agent.auth);
    expect(refused.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(refused)).not.toContain('support@example.com');
    // The secrets are stored, and appear in no answer of any kind.
    const [row] = await gw.sql(`SELECT "smtpPassword", "imapPassword" FROM "IntegrationAccount" WHERE id = $1`, [Number(emailId)]);
    expect(row).toEqual({ smtpPassword: SECRET_SMTP, imapPassword: SECRET_IMAP });
    const answers = [
      await gw.rest('GET', BASE), await gw.rest('PUT', `${BASE}/${emailId}`, { name: 'Support' }),
      await gw.gql(`query { integrationAccount(id: "${emailId}") { ${ACCOUNT_FIELDS} } }`),
      await gw.gql(`mutation { updateIntegrationAccount(id: "${emailId}", input: { smtp: { password: "${SECRET_SMTP}" } }) { ${ACCOUNT_FIELDS} } }`),
    ];
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(SECRET_SMTP);
      expect(text).not.toContain(SECRET_IMAP);
      expect(text).not.toMatch(/"(smtp|imap)?password"/i);
    }
    // The schema has no password output field at all.
    const type = await gw.gql(`query { __type(name: "MailServerSettings") { fields { name } } }`);
    expect(type.data.__type.fields.map((f: { name: string }) => f.name)).not.toContain('password');
  });

  it('updates the name (REST and GraphQL) and the settings; a password set to null is cleared', async () => {
    const res = await gw.rest('PUT', `${BASE}/${emailId}`, { name: 'Help desk' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: emailId, name: 'Help desk', channelId: 'email' });
    const gql = await gw.gql(`mutation { updateIntegrationAccount(id: "${chatId}", input: { name: "Chat" }) { id name } }`);
    expect(gql.data.updateIntegrationAccount).toEqual({ id: chatId, name: 'Chat' });
    const cleared = await gw.gql(`mutation { updateIntegrationAccount(id: "${emailId}", input: { imap: { password: null, port: 143 } }) { imap { port hasPassword } smtp { hasPassword } } }`);
    expect(cleared.data.updateIntegrationAccount).toEqual({ imap: { port: 143, hasPassword: false }, smtp: { hasPassword: true } });
  });

  it('refuses bad input with a 400 naming the field, writing nothing', async () => {
    await gw.rest('POST', BASE, { name: 'Sales', channelId: 'email', address: 'sales@example.com' });
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
      ['POST', BASE, { channelId: 'email' }, /^name is required/],
      ['POST', BASE, { name: '  ', channelId: 'email' }, /^name is required/],
      ['POST', BASE, { name: 'x'.repeat(201), channelId: 'email' }, /^name must be at most 200/],
      ['POST', BASE, { name: 'No channel' }, /^channelId is required/],
      ['POST', BASE, { name: 'Bad channel', channelId: 'e mail!' }, /^channelId must be a channel name/],
      ['POST', BASE, { name: 'Bad address', channelId: 'email', address: 'not-an-address' }, /^address must be an email address/],
      ['POST', BASE, { name: 'Taken', channelId: 'email', address: 'SALES@example.com' }, /^address is already the address of integration account/],
      ['POST', BASE, { name: 'Chat with address', channelId: 'chat', address: 'a@example.com' }, /^address is only for email accounts/],
      ['POST', BASE, { name: 'Chat with smtp', channelId: 'chat', smtp: { host: 'smtp.example.com' } }, /^smtp is only for email accounts/],
      ['POST', BASE, { name: 'Bad port', channelId: 'email', smtp: { port: 70000 } }, /^smtp.port must be a port number/],
      ['POST', BASE, { name: 'Bad host', channelId: 'email', imap: { host: 'imap example.com' } }, /^imap.host must be a host name/],
      ['POST', BASE, { name: 'Bad secure', channelId: 'email', imap: { secure: 'yes' } }, /secure/],
      ['PUT', `${BASE}/${emailId}`, { name: '' }, /^name is required/],
      ['PUT', `${BASE}/${emailId}`, { channelId: 'chat' }, /^channelId cannot be changed/],
      ['PUT', `${BASE}/${emailId}`, { address: 'sales@example.com' }, /^address is already the address/],
      ['PUT', `${BASE}/${chatId}`, { imap: { host: 'imap.example.com' } }, /^imap is only for email accounts/],
    ];
    for (const [method, path, body, message] of cases) {
      const before = await snapshot();
      const res = await gw.rest(method, path, body);
      expect(res.status, JSON.stringify([body, res.body])).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    }
    expect((await gw.rest('PUT', `${BASE}/999999`, { name: 'Nobody' })).status).toBe(404);
    expect((await gw.rest('DELETE', `${BASE}/999999`)).status).toBe(404);
    expect((await gw.rest('PUT', `${BASE}/abc`, { name: 'Nobody' })).status).toBe(400);
  });

  it('lets only admins write', async () => {
    const before = await snapshot();
    expect((await gw.rest('POST', BASE, { name: 'Mine', channelId: 'chat' }, agent.auth)).status).toBe(403);
    expect((await gw.rest('PUT', `${BASE}/${chatId}`, { name: 'Mine' }, agent.auth)).status).toBe(403);
    expect((await gw.rest('DELETE', `${BASE}/${chatId}`, undefined, agent.auth)).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('deletes an unused account; an account conversations were received by is a 409', async () => {
    const conversation = await gw.rest('POST', '/api/v3/anytime/conversations', {
      subject: 'By mail', channel: 'email', receivedBy: emailId, message: { type: 'email', text: { format: 'plaintext', content: 'hi' } },
    });
    expect(conversation.status, JSON.stringify(conversation.body)).toBeLessThan(300);
    const refused = await gw.rest('DELETE', `${BASE}/${emailId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/received 1 conversation/);
    expect((await gw.rest('DELETE', `${BASE}/${chatId}`)).status).toBe(204);
    expect((await gw.rest('GET', BASE)).body.map((a: { id: string }) => a.id)).not.toContain(chatId);
    const gql = await gw.gql(`mutation { deleteIntegrationAccount(id: "${emailId}") { id } }`);
    expect(gql.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
