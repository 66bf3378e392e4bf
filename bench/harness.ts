/**
 * Bench harness: a throwaway embedded PostgreSQL, the real gateway in this process, autocannon
 * against it, and a markdown table of the results. Benchmarks never run as part of `npm test`.
 */
import autocannon from 'autocannon';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { ensureDatabaseExists } from '../src/db/database.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { startGateway, type Gateway } from '../src/gateway.js';
import { createLogger } from '../src/logger.js';

export const ADMIN = { email: 'bench@local', key: 'atk_bench_key_0123456789' };
export const adminAuth = `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.key}`).toString('base64')}`;

export async function startBenchGateway(overrides: Partial<Config> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'anytime-bench-'));
  chmodSync(dir, 0o755);
  const postgres = await startEmbeddedPostgres(join(dir, 'pg'));
  await ensureDatabaseExists(postgres.url('postgres'), 'bench');
  const config = loadConfig({}, {
    port: 0,
    databaseUrl: postgres.url('bench'),
    dataDir: join(dir, 'data'),
    adminEmail: ADMIN.email,
    adminApiKey: ADMIN.key,
    jwtSecret: 'bench-secret',
    logLevel: 'warn',
    // Benchmarks measure throughput: thousands of calls with one key would be refused (429) after 300.
    rateLimitEnabled: false,
    ...overrides,
  });
  const gateway: Gateway = await startGateway(config, createLogger(config.logLevel));
  return {
    gateway,
    databaseUrl: postgres.url('bench'),
    async stop() {
      await gateway.stop();
      await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
    rps: Math.round(result.requests.average),
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
    ...results.map((r) => `| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`),
  ];
  return lines.join('\n');
}

/**
 * The gateway as a separate process (npm start's entry point) on the given database, so its memory
 * can be measured on its own and the load generator does not share its event loop or file descriptors.
 */
export async function spawnGateway(databaseUrl: string, env: Record<string, string> = {}) {
  const { spawn } = await import('node:child_process');
  const root = join(import.meta.dirname, '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'anytime-bench-gw-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: '0',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_API_KEY: ADMIN.key,
      JWT_SECRET: 'bench-secret',
      LOG_LEVEL: 'info',
      RATE_LIMIT: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = output.match(/"graphql":"(http:\/\/[^"]+)\/graphql"/);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  });
  const { readFileSync } = await import('node:fs');
  /** Current and peak resident set size of the gateway process, in MiB (from /proc). */
  const memory = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kib = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  };
  return {
    url,
    memory,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A throwaway embedded PostgreSQL with the migrated `bench` database, without a gateway. */
export async function startBenchDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'anytime-bench-db-'));
  chmodSync(dir, 0o755);
  const postgres = await startEmbeddedPostgres(join(dir, 'pg'));
  await ensureDatabaseExists(postgres.url('postgres'), 'bench');
  const { migrate } = await import('../src/db/migrate.js');
  await migrate(postgres.url('bench'));
  return {
    url: postgres.url('bench'),
    async stop() {
      await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
