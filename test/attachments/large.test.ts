/**
 * A 20 MB upload (the default per-file limit) goes through, streamed from a client that never
 * holds the whole file, and arrives byte-exact. (Peak memory is measured by the separate benchmark.)
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

it('streams a 20 MB file to storage and back', async () => {
  const size = 20 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < chunk.length; i += 1) chunk[i] = i % 251;
  const boundary = '----anytime-large';
  const sent = createHash('sha256');
  let written = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="large.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    },
    pull(controller) {
      if (written >= size) {
        controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
        controller.close();
        return;
      }
      const part = chunk.subarray(0, Math.min(chunk.length, size - written));
      written += part.length;
      sent.update(part);
      controller.enqueue(Buffer.from(part));
    },
  });
  const response = await fetch(`${gw.url}/api/v3/anytime/attachments`, {
    method: 'POST',
    headers: { authorization: adminAuth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
  } as RequestInit);
  expect(response.status).toBe(200);
  const attachment = (await response.json()) as { size: number; url: string };
  expect(attachment.size).toBe(size);

  const download = await fetch(`${gw.url}${attachment.url}`);
  expect(download.headers.get('content-length')).toBe(String(size));
  const received = createHash('sha256');
  for await (const part of download.body as unknown as AsyncIterable<Uint8Array>) received.update(part);
  expect(received.digest('hex')).toBe(sent.digest('hex'));
});
