/**
 * The job catalogue: one payload type per job name, like the event catalogue (../events.ts).
 * `enqueueJob` takes a name from here and checks the payload against it at compile time, so a
 * producer and its handler cannot disagree on the shape. Payloads are stored as JSON: plain data
 * only (no Date, Map, bigint); pass ids and re-read the rows in the handler, so a job that runs
 * late works on the current state, not on a snapshot.
 *
 * Tests add their own entries through declaration merging (`declare module` of this file's path, relative to the test).
 */
export interface JobPayloads {
  /** Deletes uploads no message claimed and no draft keeps (src/modules/attachments/jobs.ts). Scheduled. */
  'attachments.sweepUnclaimed': CronPayload;
  /**
   * Deletes stored attachment files whose rows a committed write removed (conversation purge);
   * enqueued in that write's transaction (src/modules/attachments/jobs.ts).
   */
  'attachments.deleteFiles': { storageKeys: string[] };
  /** Recomputes the SLA policy and clocks of open conversations after a policy or calendar change (src/modules/sla-policies/recompute.ts). */
  'sla.recomputeOpen': Record<string, never>;
  /** At a breach instant: emits sla.breached if the target is still due then (src/modules/sla-policies/breach.ts). */
  'sla.breachCheck': { conversationId: number; target: 'firstRespond' | 'nextRespond' | 'resolve'; at: string };
  /** Delivers one row of the outbox over SMTP (src/modules/email/jobs.ts). */
  'email.send': { emailId: string };
  /**
   * conversationStatusLastForCertainTime (src/modules/triggers/timed.ts): the status period that
   * began with event `eventId` (conversation.created or conversation.statusChanged) has lasted
   * the trigger's statusDuration. Keyed `trigger-status:<conversationId>:<triggerId>`.
   */
  'triggers.statusLasted': { eventId: string; conversationId: number; triggerId: number };
  /** One attempt of one webhook delivery (src/modules/webhooks/deliver.ts). Keyed `webhook:<deliveryId>`. */
  'webhooks.deliver': { deliveryId: string };
  /** Re-enqueues the head delivery of every webhook lane (after a crash mid-attempt). Scheduled; the webhooks consumer also sweeps when it starts. */
  'webhooks.sweep': CronPayload;
  /** Fetches the unseen mail of one email account over IMAP, then re-arms itself (src/modules/inbound-email/imap.ts). Queue `imap:<accountId>`. */
  'email.imapFetch': { accountId: number };
  /** Every minute: arms an `email.imapFetch` for each account with IMAP settings that has none (src/modules/inbound-email/imap.ts). Scheduled. */
  'email.imapArm': CronPayload;
  /** Deletes TriggerRun rows older than TRIGGER_RUN_RETENTION_DAYS (src/modules/triggers/prune.ts). Scheduled. */
  'triggers.pruneRuns': CronPayload;
}

export type JobName = keyof JobPayloads & string;

/** What graphile-worker adds to the payload of a job it created from a schedule. */
export interface CronPayload {
  _cron?: { ts: string; backfilled?: boolean };
}
