/**
 * The SMTP listener in a real gateway process (`node src/main.ts` with SMTP_INBOUND_PORT): it
 * serves mail, and SIGTERM with an SMTP session still open stops the process cleanly (exit 0,
 * the session cut after SHUTDOWN_GRACE_MS, the port closed, the database stopped).
 */
import { connect, createServer, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, expect, it } from 'vitest';
import { ADMIN_API_KEY, ADMIN_EMAIL } from '../helpers/gateway.js';
import { callJson, postmasterPid, ProcessTestContext } from '../helpers/gateway-process.js';

const context = new ProcessTestContext('anytime-smtp-process-test-');
afterAll(() => context.cleanUp(), 60_000);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

it('serves mail, and SIGTERM with an SMTP session open exits 0 with the port closed', async () => {
  const port = await freePort();
  const dataDir = context.newDataDir();
  const gateway = context.spawn({ dataDir, env: { SMTP_INBOUND_PORT: String(port), ADMIN_EMAIL, ADMIN_API_KEY, SHUTDOWN_GRACE_MS: '1000' } });
  const url = await gateway.listening;
  expect(gateway.output()).toMatch(new RegExp(`"port":${port},.*"msg":"smtp listener ready"`));
  await callJson(url, 'POST', '/api/v3/anytime/integrationAccounts', { name: 'Support', channelId: 'email', address: 'support@example.com' });

  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ from: 'ann@customer.test', to: 'support@example.com', subject: 'Over SMTP', text: 'Hello', messageId: '<process-1@customer.test>' });
  transport.close();
  expect(info.response).toMatch(/^250 /);
  const list = await callJson(url, 'GET', '/api/v3/anytime/conversations');
  expect(JSON.stringify(list)).toContain('Over SMTP');

  // An idle session that never ends by itself.
  const idle: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => idle.once('data', () => resolve()));
  idle.write('EHLO client.test\r\n');
  const closed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
  idle.on('error', () => undefined);

  gateway.child.kill('SIGTERM');
  expect((await gateway.exited).code, gateway.output()).toBe(0);
  await closed;
  expect(await reachable(port)).toBe(false);
  expect(postmasterPid(dataDir)).toBeUndefined();
});
