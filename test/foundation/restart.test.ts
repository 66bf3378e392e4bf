/**
 * Restart after any crash with no manual cleanup, and one gateway per DATA_DIR (src/db/data-dir-lock.ts,
 * the postmaster guard in src/db/embedded.ts, src/npm-watch.ts). Real processes: `node src/main.ts`
 * and `npm start`, killed the ways a user's gateway dies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../helpers/gateway.js';
import { findProcesses, gatewayPid, processTree, isRunning, lines, postmasterPid, ProcessTestContext, waitFor } from '../helpers/gateway-process.js';

const context = new ProcessTestContext('anytime-restart-test-');
afterAll(() => context.cleanUp(), 60_000);

function adminAuth(dataDir: string): string {
  const credentials = Object.fromEntries(
    readFileSync(join(dataDir, 'admin-credentials'), 'utf8').trim().split('\n').map((line) => line.split('=') as [string, string]),
  );
  return basicAuth(credentials.email!, credentials.apiKey!);
}

async function createTag(url: string, dataDir: string, name: string): Promise<void> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: adminAuth(dataDir) },
    body: JSON.stringify({ query: `mutation { createTag(input: { name: "${name}" }) { name } }` }),
  });
  expect(await response.json()).toEqual({ data: { createTag: { name } } });
}

async function tagNames(url: string, dataDir: string): Promise<string[]> {
  const response = await fetch(`${url}/api/v3/tags`, { headers: { authorization: adminAuth(dataDir) } });
  return ((await response.json()) as { tags: { name: string }[] }).tags.map((tag) => tag.name).sort();
}

/**
 * The message of a wrong exit code: the gateway's last lines (request lines left out). An exit 1
 * after SIGTERM was seen under heavy load, cause unknown: an uncaught error or a failed stop logs
 * one JSON line naming it (src/process-lifecycle.ts), which this shows.
 */
const exitContext = (output: string) =>
  `exit code; the gateway's output:\n${output.split('\n').filter((line) => !line.includes('"msg":"request"')).slice(-20).join('\n')}`;

/** Starts a gateway on `dataDir` that must serve, checks it kept the data, and stops it cleanly. */
async function restartServes(dataDir: string, expectedTags: string[]): Promise<string> {
  const gateway = context.spawn({ dataDir });
  const url = await gateway.listening;
  expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', database: 'reachable' });
  expect(await tagNames(url, dataDir)).toEqual(expectedTags);
  gateway.child.kill('SIGTERM');
  expect((await gateway.exited).code, exitContext(gateway.output())).toBe(0);
  // A clean stop leaves neither a database nor a lock behind.
  expect(postmasterPid(dataDir)).toBeUndefined();
  expect(gatewayPid(dataDir)).toBeUndefined();
  return gateway.output();
}

describe('restart after a crash', () => {
  it('kill -9 of the gateway: its PostgreSQL stops by itself, and the next start serves the same data', async () => {
    const dataDir = context.newDataDir();
    const first = context.spawn({ dataDir });
    await createTag(await first.listening, dataDir, 'before-kill');
    const postmaster = postmasterPid(dataDir)!;
    expect(isRunning(postmaster)).toBe(true);

    first.child.kill('SIGKILL');
    await first.exited;
    // Nothing is left running on the data directory once its gateway is gone.
    expect(await waitFor(() => !isRunning(postmaster))).toBe(true);
    await restartServes(dataDir, ['before-kill']);
  }, 120_000);

  it('kill -9 of the gateway and of its guard: the next start stops the PostgreSQL left running, then serves', async () => {
    const dataDir = context.newDataDir();
    const first = context.spawn({ dataDir });
    await createTag(await first.listening, dataDir, 'left-running');
    const postmaster = postmasterPid(dataDir)!;
    const guards = findProcesses('anytime-postgres-guard', String(postmaster));
    expect(guards).toHaveLength(1);

    process.kill(guards[0]!, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await waitFor(() => !isRunning(guards[0]!))).toBe(true);
    expect(isRunning(postmaster)).toBe(true); // what a crash used to leave behind

    const output = await restartServes(dataDir, ['left-running']);
    expect(output).toContain('"msg":"stopping the embedded PostgreSQL left running by a gateway that is gone"');
    expect(isRunning(postmaster)).toBe(false);
  }, 120_000);

  it('SIGHUP to the process group of `npm start` (a closed terminal), then start', async () => {
    const dataDir = context.newDataDir();
    const first = context.spawn({ dataDir, via: 'npm', ownGroup: true });
    await createTag(await first.listening, dataDir, 'hangup');
    const gateway = gatewayPid(dataDir)!;
    const postmaster = postmasterPid(dataDir)!;
    // `npm start` runs the compiled build in one node process: no tsx anywhere in its tree.
    const tree = processTree(first.child.pid!);
    expect(tree.find((p) => p.pid === gateway)?.args.slice(1)).toEqual(['dist/main.js']);
    expect(tree.filter((p) => p.args.some((arg) => arg.includes('tsx')))).toEqual([]);
    expect(readFileSync(`/proc/${gateway}/environ`, 'utf8').split('\0').filter((v) => v.startsWith('NODE_OPTIONS=') && v.includes('tsx'))).toEqual([]);

    process.kill(-first.child.pid!, 'SIGHUP');
    expect(await waitFor(() => !isRunning(gateway))).toBe(true);
    await restartServes(dataDir, ['hangup']);
    expect(isRunning(postmaster)).toBe(false);
  }, 120_000);

  it('SIGTERM to the npm process of `npm start`: the gateway stops too, then start', async () => {
    const dataDir = context.newDataDir();
    const first = context.spawn({ dataDir, via: 'npm', ownGroup: true });
    await createTag(await first.listening, dataDir, 'terminated');
    const gateway = gatewayPid(dataDir)!;
    expect(gateway).not.toBe(first.child.pid); // npm and a shell sit in between

    process.kill(first.child.pid!, 'SIGTERM');
    await first.exited;
    // The gateway used to stay behind, orphaned, serving on DATA_DIR: the next start could not run.
    expect(await waitFor(() => !isRunning(gateway))).toBe(true);
    expect(first.output()).toContain('"msg":"shutting down"');
    await restartServes(dataDir, ['terminated']);
  }, 120_000);
});

describe('one gateway per DATA_DIR', () => {
  it('two starts at once: one serves, the other refuses with one line naming it, exit code 1', async () => {
    const dataDir = context.newDataDir();
    const starts = [context.spawn({ dataDir }), context.spawn({ dataDir })];
    const outcomes = await Promise.all(starts.map((start) => Promise.race([start.listening.then(() => 'serving'), start.exited.then(() => 'exited')])));
    expect([...outcomes].sort()).toEqual(['exited', 'serving']);
    const serving = starts[outcomes.indexOf('serving')]!;
    const refused = starts[outcomes.indexOf('exited')]!;

    expect((await refused.exited).code).toBe(1);
    const refusal = `another gateway (PID ${serving.child.pid}) is serving DATA_DIR ${dataDir}: stop it first, or set another DATA_DIR`;
    expect(lines(refused.output())).toHaveLength(1);
    expect(JSON.parse(lines(refused.output())[0]!)).toMatchObject({ level: 'error', msg: refusal });

    // The serving gateway and its database were not touched.
    const url = await serving.listening;
    const postmaster = postmasterPid(dataDir)!;
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', database: 'reachable' });

    // A later start is refused the same way, before it creates anything.
    const later = context.spawn({ dataDir });
    expect((await later.exited).code).toBe(1);
    expect(lines(later.output()).map((line) => JSON.parse(line).msg)).toEqual([refusal]);
    expect(postmasterPid(dataDir)).toBe(postmaster);
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', database: 'reachable' });

    serving.child.kill('SIGTERM');
    expect((await serving.exited).code, exitContext(serving.output())).toBe(0);
    expect(gatewayPid(dataDir)).toBeUndefined();
  }, 120_000);
});
