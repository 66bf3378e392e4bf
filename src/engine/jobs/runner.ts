/**
 * Workers: a graphile-worker pool inside the process (the gateway, or `npm run worker` alone).
 *
 * - Concurrency is WORKERS (jobs run at once in this process); WORKERS=0 starts no pool and no
 *   scheduler here, so such a process only enqueues (other processes run the jobs).
 * - Jobs are fetched with `FOR UPDATE SKIP LOCKED`, so any number of processes share one queue and
 *   each job runs once per attempt. New jobs arrive by LISTEN/NOTIFY at once; future ones (runAt,
 *   retries) are found by polling every WORKER_POLL_MS.
 * - The pool has its own small pg pool (not Prisma's), because it holds one connection in LISTEN
 *   for as long as it runs; handlers use the process's Prisma client for their writes.
 * - stop() drains: no new jobs are taken, running ones may finish; after SHUTDOWN_GRACE_MS their
 *   AbortSignal fires, and the attempt of a job still running fails (see untilAborted), to be
 *   retried later.
 */
import { parseCronItems, run, type JobHelpers, type Runner, type TaskList } from 'graphile-worker';
import type { Config } from '../../config.js';
import type { Invalidations } from '../../db/invalidation.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';
import type { EventBus } from '../events.js';
import type { JobName } from './catalogue.js';
import { workerLogger } from './logger.js';
import { registeredJobs, registeredSchedules, type JobDefinition, type ScheduleDefinition } from './registry.js';

export interface JobDeps {
  connectionString: string;
  prisma: PrismaClient;
  events: EventBus;
  config: Config;
  logger: Logger;
  invalidations?: Invalidations;
}

export interface JobRunner {
  concurrency: number;
  /** Stops taking jobs and waits for the running ones (see above). */
  stop(): Promise<void>;
}

/**
 * A handler that ignores its signal must not hold the shutdown forever: once the signal fires
 * (SHUTDOWN_GRACE_MS after stop), the attempt fails and the job is retried later, by this process
 * after a restart or by another one. The handler's own promise is left to settle on its own.
 */
async function untilAborted(handled: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return handled;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('the process shut down before the job finished (SHUTDOWN_GRACE_MS); it will be retried'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // settles after the handler in the usual case: never unhandled
  handled.catch(() => undefined); // ditto, when the abort wins
  try {
    await Promise.race([handled, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function taskList(deps: JobDeps, definitions: JobDefinition[]): TaskList {
  const tasks: TaskList = {};
  for (const definition of definitions) {
    tasks[definition.name] = async (payload: unknown, helpers: JobHelpers) => {
      const { job } = helpers;
      if (definition.payload) {
        const checked = definition.payload.safeParse(payload);
        if (!checked.success) throw new Error(`invalid payload for job "${definition.name}": ${checked.error.message}`);
        payload = checked.data;
      }
      const handled = definition.handle(payload as never, {
        prisma: deps.prisma,
        events: deps.events,
        config: deps.config,
        logger: deps.logger,
        invalidations: deps.invalidations,
        job: {
          id: String(job.id),
          name: definition.name as JobName,
          attempt: job.attempts,
          maxAttempts: job.max_attempts,
          key: job.key,
          runAt: new Date(job.run_at),
        },
        signal: helpers.abortSignal,
      });
      await untilAborted(handled, helpers.abortSignal);
    };
  }
  return tasks;
}

/** The schedules as graphile-worker cron items (patterns come from config, validated there). */
export function cronItems(config: Config, schedules: ScheduleDefinition[] = registeredSchedules()) {
  return parseCronItems(
    schedules.map((schedule) => ({
      task: schedule.job,
      identifier: schedule.name,
      match: schedule.pattern(config),
      // A tick missed while no process ran is not made up: every schedule so far is a sweep
      // whose next run catches up anyway.
      options: { backfillPeriod: 0 },
    })),
  );
}

/** Starts the pool when WORKERS > 0; undefined otherwise. The schema is already installed (./schema.ts). */
export async function startJobs(deps: JobDeps, definitions = registeredJobs(), schedules = registeredSchedules()): Promise<JobRunner | undefined> {
  const concurrency = deps.config.workers;
  if (concurrency === 0) return undefined;
  const runner: Runner = await run(
    {
      connectionString: deps.connectionString,
      // One connection LISTENs, one fetches and completes jobs per worker; a little headroom for cron.
      maxPoolSize: concurrency + 2,
      concurrency,
      pollInterval: deps.config.workerPollMs,
      // Our own SIGTERM handling drains the whole process (src/main.ts, src/worker.ts).
      noHandleSignals: true,
      logger: workerLogger(deps.logger),
      taskList: taskList(deps, definitions),
      parsedCronItems: cronItems(deps.config, schedules),
      gracefulShutdownAbortTimeout: deps.config.shutdownGraceMs,
    },
  );
  deps.logger.info('job workers ready', { workers: concurrency, jobs: definitions.map((d) => d.name), schedules: schedules.map((s) => s.name) });
  // A pool that dies (database gone for good) is logged; the process keeps serving HTTP.
  runner.promise.catch((error: unknown) => deps.logger.error('job workers stopped', { error: String(error) }));
  let stopping: Promise<void> | undefined;
  return {
    concurrency,
    stop: () => (stopping ??= runner.stop()),
  };
}
