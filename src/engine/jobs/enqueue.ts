/**
 * Enqueuing and cancelling jobs, always through the caller's transaction.
 *
 * `graphile_worker.add_job` is a plain SQL function, so calling it on the write's own Prisma
 * transaction client makes the job part of the write: it commits with the write, and a write that
 * rolls back (a 400 after the insert, a failed constraint, a crash) leaves no job behind. No
 * outbox table is needed. The NOTIFY that add_job sends is delivered only at commit, so an idle
 * worker picks the job up right then, never before the rows it will read exist.
 */
import type { Tx } from '../write.js';
import type { JobName, JobPayloads } from './catalogue.js';
import { jobDefinition } from './registry.js';

/** graphile-worker's schema (its default): installed by every start (see ./schema.ts). */
export const JOB_SCHEMA = 'graphile_worker';

export interface EnqueueOptions {
  /** Not before this time (a timer: SLA breach, snooze end, reminder). Default: now. */
  runAt?: Date;
  /**
   * At most one pending job per key. Enqueuing again with the same key replaces the waiting job
   * (payload and runAt: re-arming a timer), or with `jobKeyMode: 'preserve_run_at'` keeps its
   * runAt, or with `'unsafe_dedupe'` leaves the existing job untouched. `cancelJob(tx, key)`
   * disarms it. Keys name what the timer is about, e.g. `sla.firstResponse:conversation:42`.
   */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  /** Attempts before the job is left failed in the table (graphile-worker's default: 25). */
  maxAttempts?: number;
  /**
   * Jobs of one named queue run one at a time, in order, across every process (graphile-worker
   * locks the queue while one of its jobs runs), e.g. `imap:<accountId>`: one fetch per mailbox.
   */
  queueName?: string;
}

/** Adds a job inside `tx`; returns its id. The name must be registered with `defineJob`. */
export async function enqueueJob<N extends JobName>(tx: Tx, name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
  // Caught here, not at run time: a job no process can run would wait in the table forever.
  const definition = jobDefinition(name);
  if (!definition) throw new Error(`Job "${name}" is not defined (defineJob)`);
  if (definition.payload) {
    const checked = definition.payload.safeParse(payload);
    if (!checked.success) throw new Error(`Job "${name}": invalid payload: ${checked.error.issues.map((i) => `${i.path.join('.') || '(payload)'} ${i.message}`).join('; ')}`);
  }
  if (options.jobKeyMode && !options.jobKey) throw new Error('jobKeyMode needs a jobKey');
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT j.id::text AS id FROM graphile_worker.add_job(
      identifier => ${name}::text,
      payload => ${JSON.stringify(payload ?? {})}::json,
      queue_name => ${options.queueName ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${options.jobKey ?? null}::text,
      job_key_mode => ${options.jobKeyMode ?? 'replace'}::text
    ) j`;
  return rows[0]!.id;
}

/**
 * Removes the pending job with this key inside `tx` (a timer that no longer applies: the
 * conversation was answered before its SLA breach). Returns false when there was none. A job
 * that is running right now is not interrupted; it only loses its key and is not retried.
 */
export async function cancelJob(tx: Tx, jobKey: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string | null }[]>`
    SELECT j.id::text AS id FROM graphile_worker.remove_job(${jobKey}::text) j`;
  return rows[0]?.id != null;
}
