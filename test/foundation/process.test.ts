/**
 * `npm start` as a real process: embedded PostgreSQL under DATA_DIR, first-run admin credentials,
 * graceful SIGTERM (in-flight requests finish, the database stops), and a restart that keeps data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopLeftoverPostmaster } from '../../src/db/data-dir-lock.js';
import { createLogger } from '../../src/logger.js';
import { basicAuth } from '../helpers/gateway.js';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'anytime-process-test-'));
chmodSync(dataDir, 0o755);
const running: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function start(): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };
  for (const name of ['DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_API_KEY', 'JWT_SECRET']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = output.match(/"graphql":"(http:\/\/[^"]+)\/graphql"/);
      if (match) {
        clearInterval(timer);
        resolve({ child, url: match[1]!, output: () => output, exited });
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`gateway exited with ${code} before listening:\n${output}`));
    });
  });
}

afterAll(async () => {
  for (const child of running) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  // A gateway killed mid-test may leave its PostgreSQL on the data dir for a moment: stop it, then remove the dir.
  await stopLeftoverPostmaster(join(dataDir, 'postgres'), createLogger('silent'));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on an embedded database', () => {
  let firstKey = '';

  it('initialises the database, creates the first admin and serves', async () => {
    const gateway = await start();
    const file = join(dataDir, 'admin-credentials');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const credentials = Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split('=') as [string, string]));
    expect(credentials.email).toBe('admin@localhost');
    firstKey = credentials.apiKey!;
    expect(gateway.output()).toContain(`API key ${firstKey}`);

    expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${gateway.url}/readyz`)).json()).toEqual({ status: 'ready', database: 'reachable' });
    const me = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth('admin@localhost', firstKey) },
      body: JSON.stringify({ query: '{ viewerAgent { email role } }' }),
    });
    expect((await me.json()).data.viewerAgent).toEqual({ email: 'admin@localhost', role: 'admin' });

    // SIGTERM while a request is still arriving: it completes, then the process and database stop.
    const body = JSON.stringify({ query: 'mutation { createTag(input: { name: "drained" }) { name } }' });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: basicAuth('admin@localhost', firstKey) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        gateway.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const drained = await response;
    expect(drained.status).toBe(200);
    expect(JSON.parse(drained.text)).toEqual({ data: { createTag: { name: 'drained' } } });
    expect(await gateway.exited, `exit code; the gateway's output:\n${gateway.output().split('\n').filter((line) => !line.includes('"msg":"request"')).slice(-20).join('\n')}`).toBe(0);
    expect(gateway.output()).toContain('"msg":"shutting down"');
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('restarts on the same data without creating another admin', async () => {
    const gateway = await start();
    expect(gateway.output()).not.toContain('Created admin');
    const tags = await fetch(`${gateway.url}/api/v3/tags`, { headers: { authorization: basicAuth('admin@localhost', firstKey) } });
    expect((await tags.json()).tags.map((tag: { name: string }) => tag.name)).toEqual(['drained']);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited, `exit code; the gateway's output:\n${gateway.output().split('\n').filter((line) => !line.includes('"msg":"request"')).slice(-20).join('\n')}`).toBe(0);
  }, 60_000);
});
