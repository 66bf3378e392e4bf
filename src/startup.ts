/**
 * Start-up failures: every one ends the process with ONE clear line (a JSON log line like all
 * others; its stack only with LOG_LEVEL=debug) and exit code 1. The checks that can fail without
 * side effects run before anything is created (a database, an admin, its printed key).
 */
import { createServer } from 'node:net';
import type { Config } from './config.js';
import { ConfigError } from './config.js';
import { createLogger } from './logger.js';

/** A start-up failure whose `message` is the whole story, one line: what is wrong and what to do. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Prints the one line and exits 1. For `main.ts`: `startGateway(...).catch((e) => exitOnStartupFailure(e, level))`. */
export function exitOnStartupFailure(error: unknown, logLevel: Config['logLevel'] = 'info'): never {
  const known = error instanceof StartupError || error instanceof ConfigError;
  // Something we did not foresee still gets one line; its stack is there for whoever asks for it.
  const message = known ? error.message : `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  const stack = logLevel === 'debug' && error instanceof Error && error.stack ? { stack: error.stack } : undefined;
  // Printed whatever LOG_LEVEL says (silent included): a start that fails always says why.
  createLogger('error').error(message.replace(/\s*\n\s*/g, ' '), stack);
  process.exit(1);
}

/**
 * Fails when the HTTP port cannot be listened on, BEFORE the database and the first admin are
 * created: otherwise a first start on a busy port prints an API key and then dies. A probe listen
 * and close (the real listen follows a moment later; a port taken in between fails there, with the
 * same message). Port 0 means "any free port" and cannot be busy.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** The one line for a failed listen (the probe's or the real server's). */
export function listenError(error: NodeJS.ErrnoException, host: string, port: number): StartupError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(`PORT ${port} on ${host} is already in use: stop what listens there or set another PORT`);
    case 'EACCES':
      return new StartupError(`PORT ${port} on ${host} needs privileges this process does not have: set a PORT above 1023`);
    case 'EADDRNOTAVAIL':
      return new StartupError(`HOST ${host} is not an address of this machine: set HOST to one of its addresses (127.0.0.1, 0.0.0.0)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`HOST ${host} does not resolve: set HOST to an address of this machine (127.0.0.1, 0.0.0.0)`);
    default:
      return new StartupError(`cannot listen on ${host}:${port}: ${error.message}`);
  }
}
