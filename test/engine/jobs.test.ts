/**
 * Jobs on PostgreSQL (src/engine/jobs, graphile-worker) against the real gateway and database:
 * a job enqueued inside a write commits with it and a rolled-back write enqueues nothing; run-at
 * delays; job keys replace and cancel timers; a WORKERS=0 gateway runs nothing while another on
 * the same database runs everything; stop() lets a running job finish; the sweep of unclaimed
 * uploads runs on its schedule with nobody uploading.
 *
 * Job handlers run in this process for every gateway of the file; each records which gateway's
 * config it was handed, so a test can tell which process ran a job.
 */
import pg from 'pg';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { cancelJob, defineJob, enqueueJob } from '../../src/engine/jobs/index.js';
import { inTransaction, type ServiceContext } from '../../src/engine/write.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/gateway-process.js';
import { storedFiles, uploadRest } from '../attachments/helpers.js';

declare module '../../src/engine/jobs/catalogue.js' {
  interface JobPayloads {
    'test.record': { label: string };
    'test.slow': { label: string };
    'test.stuck': Record<string, never>;
  }
}

interface Run {
  label: string;
  config: Config;
  /** When the handler ran (database clock) and when the job was due. */
  ranAt: Date;
  runAt: Date;
  attempt: number;
}
const runs: Run[] = [];
let slowStarted = false;
let slowFinished = false;

defineJob({
  name: 'test.record',
  payload: z.object({ label: z.string().min(1) }),
  async handle({ label }, { prisma, config, job }) {
    const [row] = await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    runs.push({ label, config, ranAt: row!.now, runAt: job.runAt, attempt: job.attempt });
  },
});

defineJob({
  name: 'test.slow',
  async handle({ label }, { config, job }) {
    slowStarted = true;
    // Long enough that stop() is surely called while this runs (the test waits for slowStarted).
    await new Promise((resolve) => setTimeout(resolve, 500));
    slowFinished = true;
    runs.push({ label, config, ranAt: new Date(), runAt: job.runAt, attempt: job.attempt });
  },
});

let stuckStarted = false;
let releaseStuck: () => void = () => undefined;
defineJob({
  name: 'test.stuck',
  async handle() {
    // Ignores its signal: only the test lets it end (after the gateway is down).
    stuckStarted = true;
    await new Promise<void>((resolve) => (releaseStuck = resolve));
  },
});

let gw: TestGateway;
const others: TestGateway[] = [];
let sweptUpload: string;

beforeAll(async () => {
  // Every minute: the sweep test (last in the file) waits for the next tick, not an hour.
  gw = await startTestGateway({ workers: 2, workerPollMs: 100, attachmentSweepSchedule: '* * * * *' });
  // An abandoned upload, old enough to be swept; uploaded first so its tick may pass while the other tests run.
  sweptUpload = (await uploadRest(gw, Buffer.alloc(10, 97), 'abandoned.txt')).body.id;
  await gw.sql(`UPDATE "Attachment" SET "createdTime" = now() - interval '2 days' WHERE id = $1`, [sweptUpload]);
});
afterEach(async () => {
  while (others.length) await others.pop()!.stop();
});
afterAll(async () => {
  await gw?.stop();
});

const ctxOf = (g: TestGateway): ServiceContext => ({ ...g.gateway.deps, viewer: { kind: 'anonymous' } as ServiceContext['viewer'] });
const ranLabels = () => runs.map((run) => run.label);
const ran = (label: string) => waitFor(() => ranLabels().includes(label));
const jobsLabelled = async (label: string) =>
  // The public `jobs` view has no payload column; the private table has.
  gw.sql(
    `SELECT j.id::text, j.key, j.run_at FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     WHERE t.identifier LIKE 'test.%' AND j.payload->>'label' = $1`,
    [label],
  );
const tagNamed = async (name: string) => gw.sql(`SELECT id FROM "Tag" WHERE name = $1`, [name]);

it('enqueues inside the write: the job commits with it, and a rolled-back write enqueues nothing', async () => {
  await inTransaction(ctxOf(gw), async (tx) => {
    await tx.tag.create({ data: { name: 'with-job' } });
    await enqueueJob(tx, 'test.record', { label: 'committed' });
  });
  expect(await ran('committed')).toBe(true);
  expect(await tagNamed('with-job')).toHaveLength(1);

  await expect(
    inTransaction(ctxOf(gw), async (tx) => {
      await tx.tag.create({ data: { name: 'rolled-back' } });
      await enqueueJob(tx, 'test.record', { label: 'rolled back' });
      throw new Error('the write fails after enqueuing');
    }),
  ).rejects.toThrow('the write fails after enqueuing');
  // A job enqueued after it runs; the rolled-back one never existed.
  await inTransaction(ctxOf(gw), (tx) => enqueueJob(tx, 'test.record', { label: 'after rollback' }));
  expect(await ran('after rollback')).toBe(true);
  expect(await tagNamed('rolled-back')).toEqual([]);
  expect(await jobsLabelled('rolled back')).toEqual([]);
  expect(ranLabels()).not.toContain('rolled back');
});

it('refuses a job name no module defined, or a payload its schema refuses, and the write with it', async () => {
  await expect(
    inTransaction(ctxOf(gw), async (tx) => {
      await tx.tag.create({ data: { name: 'bad-payload' } });
      await enqueueJob(tx, 'test.record', { label: '' });
    }),
  ).rejects.toThrow('Job "test.record": invalid payload: label');
  expect(await tagNamed('bad-payload')).toEqual([]);
  expect(await jobsLabelled('')).toEqual([]);

  await expect(
    inTransaction(ctxOf(gw), async (tx) => {
      await tx.tag.create({ data: { name: 'unknown-job' } });
      await enqueueJob(tx, 'no.such.job' as 'test.record', { label: 'x' });
    }),
  ).rejects.toThrow('Job "no.such.job" is not defined');
  expect(await tagNamed('unknown-job')).toEqual([]);
});

it('runs a delayed job not before its runAt, and then', async () => {
  const runAt = new Date(Date.now() + 1500);
  await inTransaction(ctxOf(gw), (tx) => enqueueJob(tx, 'test.record', { label: 'delayed' }, { runAt }));
  const [waiting] = await jobsLabelled('delayed');
  expect(new Date(waiting.run_at).getTime()).toBe(runAt.getTime());
  expect(await ran('delayed')).toBe(true);
  const run = runs.find((r) => r.label === 'delayed')!;
  expect(run.ranAt.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
  expect(run.runAt.getTime()).toBe(runAt.getTime());
  expect(await jobsLabelled('delayed')).toEqual([]); // completed jobs leave the table
});

it('a job key replaces the waiting job (re-arming a timer), and cancelJob removes it', async () => {
  const later = new Date(Date.now() + 3600_000);
  const first = await inTransaction(ctxOf(gw), (tx) => enqueueJob(tx, 'test.record', { label: 'timer v1' }, { jobKey: 'test:timer:1', runAt: later }));
  const second = await inTransaction(ctxOf(gw), (tx) => enqueueJob(tx, 'test.record', { label: 'timer v2' }, { jobKey: 'test:timer:1' }));
  expect(second).toBe(first); // the same job, its payload and runAt replaced
  expect(await ran('timer v2')).toBe(true);
  expect(ranLabels()).not.toContain('timer v1');
  expect(await jobsLabelled('timer v1')).toEqual([]);

  // preserve_run_at keeps the armed time while updating the payload.
  await inTransaction(ctxOf(gw), (tx) => enqueueJob(tx, 'test.record', { label: 'timer kept v1' }, { jobKey: 'test:timer:2', runAt: later }));
  await inTransaction(ctxOf(gw), (tx) =>
    enqueueJob(tx, 'test.record', { label: 'timer kept v2' }, { jobKey: 'test:timer:2', jobKeyMode: 'preserve_run_at', runAt: new Date() }),
  );
  const [kept] = await jobsLabelled('timer kept v2');
  expect(kept.key).toBe('test:timer:2');
  expect(new Date(kept.run_at).getTime()).toBe(later.getTime());

  // Cancelling inside a write that rolls back keeps the timer; a committed cancel removes it.
  await expect(
    inTransaction(ctxOf(gw), async (tx) => {
      expect(await cancelJob(tx, 'test:timer:2')).toBe(true);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  expect(await jobsLabelled('timer kept v2')).toHaveLength(1);
  expect(await inTransaction(ctxOf(gw), (tx) => cancelJob(tx, 'test:timer:2'))).toBe(true);
  expect(await jobsLabelled('timer kept v2')).toEqual([]);
  expect(await inTransaction(ctxOf(gw), (tx) => cancelJob(tx, 'test:timer:2'))).toBe(false);
});

it('a WORKERS=0 gateway runs no jobs; another gateway on the same database runs every job it enqueues', async () => {
  const idle = await startTestGateway({ databaseUrl: gw.databaseUrl, workers: 0 });
  others.push(idle);
  expect(idle.gateway.jobs).toBeUndefined();
  expect(gw.gateway.jobs?.concurrency).toBe(2);
  const labels = Array.from({ length: 10 }, (_, i) => `from idle ${i}`);
  for (const label of labels) await inTransaction(ctxOf(idle), (tx) => enqueueJob(tx, 'test.record', { label }));
  expect(await waitFor(() => labels.every((label) => ranLabels().includes(label)))).toBe(true);
  const byIdle = runs.filter((run) => labels.includes(run.label) && run.config === idle.gateway.deps.config);
  const byWorker = runs.filter((run) => labels.includes(run.label) && run.config === gw.gateway.deps.config);
  expect(byIdle).toEqual([]);
  expect(byWorker.map((run) => run.label).sort()).toEqual([...labels].sort());
});

it('stop() drains: a running job finishes before the gateway is down, and is not run again', async () => {
  // Its own database: the file's main gateway must not take the job.
  const draining = await startTestGateway({ workers: 1, workerPollMs: 100 });
  try {
    await inTransaction(ctxOf(draining), (tx) => enqueueJob(tx, 'test.slow', { label: 'slow' }));
    expect(await waitFor(() => slowStarted)).toBe(true);
    expect(slowFinished).toBe(false);
    await draining.gateway.stop();
    expect(slowFinished).toBe(true);
    expect(runs.filter((run) => run.label === 'slow')).toHaveLength(1);
    // Completed, not released for a retry (read directly: the gateway, and its barrier, are gone).
    const client = new pg.Client({ connectionString: draining.databaseUrl });
    await client.connect();
    expect((await client.query(`SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'test.slow'`)).rows).toEqual([]);
    await client.end();
  } finally {
    await draining.stop(); // the harness's own connections (gateway.stop() is idempotent)
  }
});

it('stop() does not wait forever for a job that ignores its signal: after the grace the attempt fails, to be retried', async () => {
  const stuck = await startTestGateway({ workers: 1, workerPollMs: 100, shutdownGraceMs: 300 });
  try {
    await inTransaction(ctxOf(stuck), (tx) => enqueueJob(tx, 'test.stuck', {}));
    expect(await waitFor(() => stuckStarted)).toBe(true);
    await stuck.gateway.stop();
    const client = new pg.Client({ connectionString: stuck.databaseUrl });
    await client.connect();
    const { rows } = await client.query(`SELECT attempts, last_error, locked_at FROM graphile_worker.jobs WHERE task_identifier = 'test.stuck'`);
    await client.end();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attempts: 1, locked_at: null });
    expect(rows[0].last_error).toContain('the process shut down before the job finished');
  } finally {
    releaseStuck();
    await stuck.stop();
  }
});

it('sweeps unclaimed uploads on its schedule (every minute here), with nobody uploading', { timeout: 150_000 }, async () => {
  // No upload after the one in beforeAll: the sweep is the scheduled job, not a side effect.
  expect(await waitFor(() => !storedFiles(gw).some((path) => path.endsWith(sweptUpload)), 130_000)).toBe(true);
  expect(await gw.sql(`SELECT id FROM "Attachment" WHERE id = $1`, [sweptUpload])).toEqual([]);
  const [tick] = await gw.sql(`SELECT last_execution FROM graphile_worker._private_known_crontabs WHERE identifier = 'attachments.sweepUnclaimed'`);
  expect(tick.last_execution).not.toBeNull();
});
