/**
 * `npm run worker` as a real process (the compiled build, dist/worker.js, as a user runs it) next
 * to a gateway with WORKERS=0 on the same database: jobs the gateway enqueues, before the worker
 * started and while it runs, are run by the worker; SIGTERM drains it. Bad WORKERS values stop
 * the worker and the gateway with one line.
 */
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueueJob } from '../../src/engine/jobs/index.js';
import { findProcesses, isRunning, lines, ProcessTestContext, waitFor } from '../helpers/gateway-process.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { storedFiles, uploadRest } from '../attachments/helpers.js';

const root = join(import.meta.dirname, '..', '..');
const context = new ProcessTestContext('anytime-worker-test-');
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ workers: 0 });
});
afterAll(async () => {
  await context.cleanUp();
  await gw?.stop();
}, 60_000);

/** An upload no message claimed, two days old: what the sweep deletes. */
async function abandonedUpload(): Promise<string> {
  const id = (await uploadRest(gw, Buffer.alloc(10, 97), 'abandoned.txt')).body.id as string;
  await gw.sql(`UPDATE "Attachment" SET "createdTime" = now() - interval '2 days' WHERE id = $1`, [id]);
  return id;
}
const enqueueSweep = () => gw.gateway.deps.prisma.$transaction((tx) => enqueueJob(tx, 'attachments.sweepUnclaimed', {}));
const exists = async (id: string) => (await gw.sql(`SELECT id FROM "Attachment" WHERE id = $1`, [id])).length > 0;
const pendingSweeps = async () =>
  Number((await gw.sql(`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'attachments.sweepUnclaimed'`))[0].n);
/** Our compiled worker processes (node dist/worker.js run from this checkout). */
const workerPids = () =>
  findProcesses('dist/worker.js').filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`) === root;
    } catch {
      return false;
    }
  });

it('runs the jobs a WORKERS=0 gateway enqueues (queued before it started, and live), then drains on SIGTERM', async () => {
  expect(gw.gateway.jobs).toBeUndefined();
  const before = await abandonedUpload();
  await enqueueSweep();
  expect(await pendingSweeps()).toBe(1); // nobody runs it: the only gateway has no workers
  expect(await exists(before)).toBe(true);

  const attachmentDir = gw.gateway.deps.config.attachmentDir ?? join(gw.gateway.deps.config.dataDir, 'attachments');
  const worker = context.spawn({
    entry: 'worker',
    via: 'npm',
    ownGroup: true,
    dataDir: context.newDataDir(),
    // The schedule far away: only the sweeps this test enqueues run (an hourly tick could land mid-test).
    env: { DATABASE_URL: gw.databaseUrl, WORKERS: '2', WORKER_POLL_MS: '100', ATTACHMENT_DIR: attachmentDir, ATTACHMENT_SWEEP_SCHEDULE: '0 0 1 1 *' },
  });
  const ready = JSON.parse(await worker.listening);
  expect(ready).toMatchObject({ level: 'info', msg: 'Anytime worker running', workers: 2, consumers: true });

  // The job that waited in the table runs now...
  expect(await waitFor(() => !storedFiles(gw).some((path) => path.endsWith(before)))).toBe(true);
  expect(await exists(before)).toBe(false);
  // ...and one enqueued while the worker runs is picked up too (NOTIFY at commit).
  const live = await abandonedUpload();
  await enqueueSweep();
  expect(await waitFor(() => !storedFiles(gw).some((path) => path.endsWith(live)))).toBe(true);
  expect(await exists(live)).toBe(false);
  expect(await pendingSweeps()).toBe(0);

  const pids = workerPids();
  expect(pids).toHaveLength(1);
  process.kill(-worker.child.pid!, 'SIGTERM');
  await worker.exited;
  expect(await waitFor(() => !isRunning(pids[0]!))).toBe(true);
  expect(worker.output()).toContain('"msg":"shutting down"');
  expect(lines(worker.output()).filter((line) => line.includes('"level":"error"'))).toEqual([]);
}, 180_000);

it.each([
  ['worker', { WORKERS: 'abc' }, 'invalid configuration: WORKERS must be an integer from 0 to 64 (got "abc")'],
  ['worker', { WORKERS: '-2' }, 'invalid configuration: WORKERS must be an integer from 0 to 64 (got "-2")'],
  ['worker', { WORKERS: '0' }, 'WORKERS is 0: npm run worker would run no jobs (set WORKERS to 1 or more)'],
  ['gateway', { WORKERS: '2.5' }, 'invalid configuration: WORKERS must be an integer from 0 to 64 (got "2.5")'],
] as const)('%s with %o stops at start with one line, exit code 1', async (entry, env, message) => {
  const started = context.spawn({ entry, dataDir: context.newDataDir(), env: { DATABASE_URL: gw.databaseUrl, ...env } });
  expect((await started.exited).code).toBe(1);
  expect(lines(started.output())).toHaveLength(1);
  expect(JSON.parse(lines(started.output())[0]!)).toMatchObject({ level: 'error', msg: message });
}, 60_000);
