/**
 * Threading on a corpus of real-world shapes (issue #14 item 6), raw MIME under
 * test/email/fixtures/corpus: each fixture is a reply to a conversation started by a root mail
 * whose Message-ID it names somewhere. Rewritten Message-IDs (Exchange, list servers, Gmail) where
 * References still names ours, a changed subject, a forward by a colleague, multipart/alternative,
 * ISO-8859-1 / windows-1252 / ISO-2022-JP, malformed headers (lower case, comments, no brackets,
 * a stray line, a bad Date), a reply to a reply, ours buried in a long References list. Every reply
 * joins its conversation (no new conversation), decoded to the right text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const corpusDir = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url));
const corpus = (name: string) => readFileSync(`${corpusDir}${name}`);
let gw: TestGateway;
let accountId: string;

beforeAll(async () => {
  gw = await startTestGateway();
  const account = await gw.rest('POST', '/api/v3/anytime/integrationAccounts', { name: 'Support', channelId: 'email', address: 'support@example.com' });
  expect(account.status).toBe(201);
  accountId = account.body.id;
});
afterAll(() => gw?.stop());

interface Taken {
  conversationId: number;
  messageId: string;
  newConversation: boolean;
}

async function post(raw: Buffer | string): Promise<Taken> {
  const response = await fetch(`${gw.url}/api/v3/anytime/integrationAccounts/${accountId}/inbound`, {
    method: 'POST',
    headers: { authorization: adminAuth, 'content-type': 'message/rfc822' },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body as Taken;
}

const root = (id: string, subject: string) =>
  post(`From: Ann Customer <ann@customer.test>\r\nTo: support@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe first mail of ${id}.\r\n`);

/** fixture → the root it answers, and what its message must say once decoded. */
const cases: { file: string; root: string; text: RegExp; subject?: string; sender?: string }[] = [
  { file: '01-rewritten-message-id.eml', root: 'root-rewritten@customer.test', text: /References still names yours/ },
  { file: '02-unknown-in-reply-to.eml', root: 'root-unknown-irt@customer.test', text: /folded References still names ours/ },
  { file: '03-changed-subject.eml', root: 'root-changed-subject@customer.test', text: /changed the subject/, subject: 'Completely different topic now' },
  { file: '04-forwarded.eml', root: 'root-forwarded@customer.test', text: /same problem/, sender: 'bob@customer.test' },
  { file: '05-multipart-alternative.eml', root: 'root-alternative@customer.test', text: /Still fails after the reset/ },
  { file: '06-iso-8859-1.eml', root: 'root-latin1@customer.test', text: /Grüße aus Köln/, subject: 'AW: Café bestellt', sender: 'juergen@customer.test' },
  { file: '07-windows-1252.eml', root: 'root-cp1252@customer.test', text: /The “quote” says €100 – that’s too much\./, subject: 'Re: “Quote” for €100' },
  { file: '08-iso-2022-jp.eml', root: 'root-iso2022jp@customer.test', text: /商品がまだ届いていません。/, subject: 'Re: 注文について', sender: 'yamada@customer.test' },
  { file: '09-malformed-headers.eml', root: 'root-malformed@customer.test', text: /Lower-case header names/ },
  { file: '10-reply-to-reply.eml', root: 'root-chain@customer.test', text: /Only the previous reply/ },
  { file: '11-no-mime-version-bare-lf-long-refs.eml', root: 'root-long-refs@customer.test', text: /ours buried in a long References list/ },
];

describe('threading corpus', () => {
  it('covers every fixture in the corpus folder', () => {
    expect(readdirSync(corpusDir).filter((f) => f.endsWith('.eml')).sort()).toEqual(cases.map((c) => c.file).sort());
  });

  it.each(cases)('$file threads into its conversation', async ({ file, root: rootId, text, subject, sender }) => {
    const started = await root(rootId, `Thread ${rootId}`);
    expect(started.newConversation).toBe(true);
    if (file === '10-reply-to-reply.eml') {
      // The first reply (threaded by In-Reply-To); the fixture then names only this reply's id.
      const first = await post(`From: ann@customer.test\r\nTo: support@example.com\r\nSubject: Re: Thread\r\nMessage-ID: <reply-chain-1@customer.test>\r\nIn-Reply-To: <${rootId}>\r\n\r\nFirst reply.\r\n`);
      expect(first).toMatchObject({ conversationId: started.conversationId, newConversation: false });
    }
    const conversations = (await gw.sql(`SELECT count(*)::int n FROM "Conversation"`))[0].n;
    const reply = await post(corpus(file));
    expect(reply).toMatchObject({ conversationId: started.conversationId, newConversation: false });
    expect((await gw.sql(`SELECT count(*)::int n FROM "Conversation"`))[0].n).toBe(conversations);
    const [message] = await gw.sql(
      `SELECT m."plainText", m.subject, m."senderType", m."directType", i.value AS "senderEmail", c.name AS "senderName"
       FROM "Message" m JOIN "ContactIdentity" i ON i."contactId"::text = m."senderId" AND i.type = 'email' JOIN "Contact" c ON c.id = i."contactId"
       WHERE m.id = $1`,
      [reply.messageId],
    );
    expect(message).toMatchObject({ senderType: 'contact', directType: 'receive', senderEmail: sender ?? 'ann@customer.test' });
    expect(message.plainText).toMatch(text);
    if (subject) expect(message.subject).toBe(subject);
    if (sender === 'yamada@customer.test') expect(message.senderName).toBe('山田太郎');
  });
});
