/** Raw mail builders and table counts shared by the blocked-senders and junk tests. */
import { adminAuth, type TestGateway } from '../helpers/gateway.js';

export interface MailOptions {
  from: string;
  messageId: string;
  subject?: string;
  text?: string;
  inReplyTo?: string;
  /** A small text attachment of this name (its content says which mail it came with). */
  attachment?: string;
  date?: string;
}

/** A raw RFC 822 message (CRLF line ends), with a text attachment when asked. */
export function mail(options: MailOptions): string {
  const headers = [
    `From: ${options.from}`,
    'To: support@example.com',
    `Subject: ${options.subject ?? 'Hello'}`,
    `Message-ID: <${options.messageId}>`,
    `Date: ${options.date ?? 'Fri, 04 Dec 2026 10:00:00 +0000'}`,
    ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`] : []),
    'MIME-Version: 1.0',
  ];
  const text = options.text ?? 'Hello there.';
  if (!options.attachment) return [...headers, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
  const content = Buffer.from(`attachment of ${options.messageId}\n`).toString('base64');
  return [
    ...headers,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--b1',
    `Content-Type: text/plain; name="${options.attachment}"`,
    `Content-Disposition: attachment; filename="${options.attachment}"`,
    'Content-Transfer-Encoding: base64',
    '',
    content,
    '--b1--',
    '',
  ].join('\r\n');
}

/** POST .../integrationAccounts/{id}/inbound with the raw message. */
export async function postMail(gw: TestGateway, accountId: string, raw: string, auth = adminAuth) {
  const response = await fetch(`${gw.url}/api/v3/anytime/integrationAccounts/${accountId}/inbound`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'message/rfc822' },
    body: raw,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Row counts of every table an inbound mail can write, as one comparable string. */
export async function tableCounts(gw: TestGateway): Promise<string> {
  const tables = ['Contact', 'ContactIdentity', 'Conversation', 'Message', 'Attachment', 'Junk', 'InboundDelivery', 'InboundFailure', 'DomainEvent', 'BlockedSender'];
  const [row] = await gw.sql(`SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(', ')}`);
  return JSON.stringify(row);
}
