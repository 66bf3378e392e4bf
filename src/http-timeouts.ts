/**
 * Timeouts of the HTTP server, against clients that hold a connection without finishing a request
 * (slowloris: one header byte every few seconds). Node enforces them itself and answers
 * `408 Request Timeout` before closing the socket:
 *   headersTimeout    all request headers must arrive within HEADERS_TIMEOUT_MS of the first byte;
 *   requestTimeout    the whole request, body included, within REQUEST_TIMEOUT_MS (long enough for
 *                     the largest upload on a slow link: it is not a limit on how long we answer,
 *                     so SSE streams and WebSockets are unaffected);
 *   keepAliveTimeout  an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT_MS.
 */
import type { ServerOptions } from 'node:http';
import type { Config } from './config.js';

export function httpServerOptions(config: Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'>): ServerOptions {
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // Node checks the headers and request timeouts only every connectionsCheckingInterval (30 s
    // by default, so a 10 s limit would really be up to 40 s): check at a quarter of the shorter
    // one, between 50 ms and 1 s. A check walks the open connections, which is cheap.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4))),
  };
}
