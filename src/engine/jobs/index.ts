/**
 * Jobs on PostgreSQL (graphile-worker): work that runs after a commit, later, or on a schedule,
 * on any process with workers. Consumers (../consumers) react to every event in log order; jobs
 * are single units of work a write asks for explicitly (send this email, check this SLA at 14:05),
 * with retries, run-at and keys. See README "Jobs and workers".
 */
export type { JobName, JobPayloads, CronPayload } from './catalogue.js';
export { defineJob, defineSchedule, registeredJobs, registeredSchedules, type JobContext, type JobDefinition, type ScheduleDefinition } from './registry.js';
export { cancelJob, enqueueJob, JOB_SCHEMA, type EnqueueOptions } from './enqueue.js';
export { startJobs, cronItems, type JobRunner, type JobDeps } from './runner.js';
export { installJobSchema } from './schema.js';
