/**
 * HTTP timeouts (src/http-timeouts.ts) against the real server over raw sockets: a client that
 * sends one header byte every 2 s is answered 408 and closed; an idle keep-alive socket is closed.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
const sockets: Socket[] = [];
beforeAll(async () => {
  gw = await startTestGateway({ headersTimeoutMs: 1000, requestTimeoutMs: 1500, keepAliveTimeoutMs: 300 });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await gw?.stop();
});

/** Opens a socket, runs `talk`, and resolves with everything received once the server closes it. */
function converse(talk: (socket: Socket) => void): Promise<string> {
  const { port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    sockets.push(socket);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.on('connect', () => talk(socket));
  });
}

it('a client sending one header byte every 2 s gets 408 and is closed, while /healthz answers', async () => {
  const request = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  let timer: NodeJS.Timeout | undefined;
  const received = converse((socket) => {
    let sent = 0;
    const next = () => {
      if (!socket.writable || sent >= request.length) return;
      socket.write(request[sent++]!);
      timer = setTimeout(next, 2000);
    };
    next();
  });
  expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  const answer = await received;
  clearTimeout(timer);
  expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
});

it('a body trickling one byte every 2 s is cut off by the request timeout', async () => {
  let timer: NodeJS.Timeout | undefined;
  const answer = await converse((socket) => {
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{');
    const next = () => {
      if (!socket.writable) return;
      socket.write(' ');
      timer = setTimeout(next, 2000);
    };
    timer = setTimeout(next, 2000);
  });
  clearTimeout(timer);
  expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
});

it('an idle keep-alive connection is closed by the server after its answer', async () => {
  const answer = await converse((socket) => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'));
  expect(answer).toMatch(/^HTTP\/1\.1 200/);
  expect(answer).toMatch(/Keep-Alive: timeout=0/i);
});
