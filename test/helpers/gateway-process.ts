/**
 * The gateway as real processes (`node --import tsx src/main.ts`, or `npm start`), for tests of
 * start-up, crashes and restarts. Everything a test starts is tracked, and `cleanUp()` stops it
 * (gateways, their process groups, any PostgreSQL left on a data directory) and removes the temp
 * directory, also when the test failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processInfo } from '../../src/db/data-dir-lock.js';
import { adminAuth } from './gateway.js';

const root = join(import.meta.dirname, '..', '..');

export interface GatewayProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Resolves once it is up, with the base URL (a gateway) or the ready line (a worker:
   * `npm run worker`, src/worker.ts); rejects if it exits first.
   */
  listening: Promise<string>;
}

export interface SpawnOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** `node`: the gateway is the child itself; `npm`: `npm start`, as a user runs it. */
  via?: 'node' | 'npm';
  /** Its own process group (led by the child), so the test can signal the group. */
  ownGroup?: boolean;
  /** `gateway` (src/main.ts, `npm start`) or `worker` (src/worker.ts, `npm run worker`). */
  entry?: 'gateway' | 'worker';
}

export class ProcessTestContext {
  readonly dir: string;
  private readonly children: { child: ChildProcess; ownGroup: boolean }[] = [];
  private readonly dataDirs = new Set<string>();
  private count = 0;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    // As root PostgreSQL runs as `postgres`, which must reach data directories under this one.
    chmodSync(this.dir, 0o755);
  }

  /** A fresh (not yet existing) data directory under the test's temp dir. */
  newDataDir(): string {
    this.count += 1;
    const dataDir = join(this.dir, `data-${this.count}`);
    this.dataDirs.add(dataDir);
    return dataDir;
  }

  spawn({ dataDir, env: extra = {}, via = 'node', ownGroup = false, entry = 'gateway' }: SpawnOptions): GatewayProcess {
    this.dataDirs.add(dataDir);
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };
    for (const name of ['DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_API_KEY', 'JWT_SECRET', 'REDIS_URL', 'HOST']) delete env[name];
    Object.assign(env, extra);
    const source = entry === 'worker' ? 'src/worker.ts' : 'src/main.ts';
    const npmArgs = entry === 'worker' ? ['run', 'worker', '--silent'] : ['start', '--silent'];
    const [command, args] = via === 'npm' ? ['npm', npmArgs] : [process.execPath, ['--import', 'tsx', source]];
    const ready = entry === 'worker' ? /^.*"msg":"Anytime worker running".*$/m : /"graphql":"(http:\/\/[^"]+)\/graphql"/;
    const child = spawn(command, args as string[], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup });
    this.children.push({ child, ownGroup });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const listening = new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = output.match(ready);
        if (match) {
          clearInterval(timer);
          resolve(match[1] ?? match[0]);
        }
      }, 50);
      void exited.then(({ code, signal }) => {
        clearInterval(timer);
        reject(new Error(`${entry} exited (${code ?? signal}) before it was up:\n${output}`));
      });
    });
    listening.catch(() => undefined); // a test that expects a failure awaits `exited` instead
    return { child, output: () => output, exited, listening };
  }

  /** Stops everything this context started and removes its directory. */
  async cleanUp(): Promise<void> {
    const postmasters = [...this.dataDirs].map((dir) => postmasterPid(dir)).filter((pid): pid is number => pid !== undefined);
    for (const pid of postmasters) signal(pid, 'SIGINT');
    for (const { child, ownGroup } of this.children) {
      if (child.pid === undefined) continue;
      if (ownGroup) signal(-child.pid, 'SIGKILL');
      else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const dir of this.dataDirs) {
      const gateway = gatewayPid(dir);
      if (gateway !== undefined && gateway !== process.pid) signal(gateway, 'SIGKILL');
    }
    for (const pid of postmasters) {
      if (!(await waitFor(() => !processInfo(pid), 20_000))) signal(pid, 'SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The PID recorded in `<dataDir>/postgres/postmaster.pid`, if its process runs. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return processInfo(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The gateway PID recorded in `<dataDir>/gateway.pid`, if its process runs. */
export function gatewayPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'gateway.pid'), 'utf8').split('\n')[0]);
    return processInfo(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** PIDs of the processes whose command line contains every one of `parts` (from /proc). */
export function findProcesses(...parts: string[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (parts.every((part) => args.includes(part))) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** The command lines of `pid` and every process below it (from /proc: parent ids in `stat`). */
export function processTree(pid: number): { pid: number; args: string[] }[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces: the parent id follows it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const tree: { pid: number; args: string[] }[] = [];
  const visit = (current: number) => {
    try {
      tree.push({ pid: current, args: readFileSync(`/proc/${current}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      return;
    }
    for (const [child, parent] of parents) if (parent === current) visit(child);
  };
  visit(pid);
  return tree;
}

export const isRunning = (pid: number) => processInfo(pid) !== null;

/** Polls `check` until it holds or `limitMs` passes (a bound against hanging, not a timing assertion). */
export async function waitFor(check: () => boolean, limitMs = 30_000): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 100) {
    if (check()) return true;
    await sleep(100);
  }
  return check();
}

/** The non-empty lines a process printed. */
export const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** A JSON call to a gateway process; throws (naming the call and its answer) unless it succeeded. */
export async function callJson(url: string, method: string, path: string, body?: unknown, auth = adminAuth) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Polls the async `check` until it holds; throws naming `what` after `ms` (a bound the test asserts). */
export async function eventually(what: string, check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
}
