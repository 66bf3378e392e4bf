/**
 * The task registry: which job names this process can run, and on which schedules.
 *
 * Modules call `defineJob` / `defineSchedule` at import time, next to the code the job drives
 * (as `defineConsumer` in ../consumers): whichever process imports the modules (the gateway,
 * `npm run worker`) runs the same tasks. A job whose name no process has registered stays queued
 * (graphile-worker only fetches jobs for the task names it was given), so a rolling deploy that
 * adds a job never hands it to an old process that cannot run it.
 */
import type { z } from 'zod';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { EventBus } from '../events.js';
import type { Invalidations } from '../../db/invalidation.js';
import type { JobName, JobPayloads } from './catalogue.js';

/** What a handler receives besides its payload: the process's data access, and the job itself. */
export interface JobContext {
  prisma: PrismaClient;
  events: EventBus;
  config: Config;
  logger: Logger;
  invalidations?: Invalidations;
  job: {
    id: string;
    name: JobName;
    /** 1 on the first run; a handler that throws is retried with exponential backoff up to maxAttempts. */
    attempt: number;
    maxAttempts: number;
    key: string | null;
    runAt: Date;
  };
  /** Aborted when the process shuts down and the job has not finished within SHUTDOWN_GRACE_MS. */
  signal: AbortSignal | undefined;
}

export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  /**
   * Optional zod schema of the payload, checked when the job is enqueued (a bad payload fails the
   * write, not a worker hours later) and again before it runs (a job stored by an older version
   * whose shape has changed fails with a clear message instead of a TypeError deep in the handler).
   */
  payload?: z.ZodType<JobPayloads[N]>;
  /**
   * Runs the job. Throwing fails this attempt (it is retried later); returning completes it and
   * deletes the job row. Jobs are at least once: a process killed mid-run reruns the job after
   * graphile-worker's lock timeout (4 hours), so handlers must be idempotent.
   */
  handle(payload: JobPayloads[N], context: JobContext): Promise<void>;
}

export interface ScheduleDefinition<N extends JobName = JobName> {
  /** Stable identifier: graphile-worker records the last run under it, so renaming it loses that record. */
  name: string;
  job: N;
  /** A crontab time pattern (`0 * * * *`: minute, hour, day of month, month, day of week; UTC), from config. */
  pattern(config: Config): string;
}

const jobs = new Map<string, JobDefinition<any>>();
const schedules = new Map<string, ScheduleDefinition<any>>();

/** Registers a job handler; modules call this at import time. */
export function defineJob<N extends JobName>(definition: JobDefinition<N>): JobDefinition<N> {
  if (jobs.has(definition.name)) throw new Error(`Job "${definition.name}" is defined twice`);
  jobs.set(definition.name, definition);
  return definition;
}

/**
 * Runs `job` on a schedule. Every process with workers runs the scheduler, and graphile-worker
 * lets exactly one of them enqueue each tick (it advances the schedule's last run in one
 * conditional UPDATE), so N gateways still sweep once an hour, not N times.
 */
export function defineSchedule<N extends JobName>(definition: ScheduleDefinition<N>): ScheduleDefinition<N> {
  if (schedules.has(definition.name)) throw new Error(`Schedule "${definition.name}" is defined twice`);
  schedules.set(definition.name, definition);
  return definition;
}

export const registeredJobs = (): JobDefinition[] => [...jobs.values()];
export const registeredSchedules = (): ScheduleDefinition[] => [...schedules.values()];
export const jobDefinition = (name: string): JobDefinition | undefined => jobs.get(name);
