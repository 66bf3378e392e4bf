/**
 * A real HTTP receiver for webhook tests (node:http on 127.0.0.1): records every request and
 * answers what `answer` says (a status, or 'hang' to hold the request open), verifying each
 * signature exactly as README "Webhooks" tells a receiver to.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: { id: string; type: string; cursor: string; conversationId: number | null; data: unknown };
  signatureValid: boolean;
  /** What the receiver answered (null: held open). */
  answered: number | null;
}

/** The verification a receiver does (README "Webhooks"): HMAC over `${timestamp}.${rawBody}`, constant-time compare, a 5-minute window. */
export function verify(secret: string, headers: IncomingMessage['headers'], rawBody: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const timestamp = String(headers['x-anytime-timestamp'] ?? '');
  const signature = String(headers['x-anytime-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests held open ('hang'), so a test can kill the sender mid-delivery. */
  held: ServerResponse[];
  close(): Promise<void>;
}

export async function startReceiver(secret: string, answer: (request: { path: string; count: number; json: Received['json'] }) => number | 'hang'): Promise<Receiver> {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const json = JSON.parse(body) as Received['json'];
      count += 1;
      const status = answer({ path: req.url ?? '/', count, json });
      const entry: Received = { path: req.url ?? '/', headers: req.headers, body, json, signatureValid: verify(secret, req.headers, body), answered: status === 'hang' ? null : status };
      received.push(entry);
      if (status === 'hang') {
        held.push(res);
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
