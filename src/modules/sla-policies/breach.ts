/**
 * Breach timers. Whenever a breach instant moves (`applySla`, inside the write's transaction), the
 * target's timer is re-armed: a delayed job `sla.breachCheck` at the instant, one job key per
 * conversation and target, so moving it replaces the pending job and clearing it cancels the job
 * (both in the same transaction: a rolled-back write leaves the old timer). When the job runs it
 * locks the conversation and emits `sla.breached` only if the target's instant is still the one
 * it was armed for and has passed, and only once per (conversation, target, instant) — a rerun
 * after a crash finds the logged event and does nothing. Workers pick due jobs up within
 * WORKER_POLL_MS (2 s by default), well within the 60 s the issue allows. The job also adds the
 * target to the conversation's "slaBreached" (overdue now), which the condition engine tests.
 */
import { automationViewer } from '../../auth/viewer.js';
import { SLA_TARGETS } from '../../engine/conditions/system-fields.js';
import { cancelJob, defineJob, enqueueJob } from '../../engine/jobs/index.js';
import { inTransaction, type Tx } from '../../engine/write.js';
import { applySla } from './clocks.js';

export { SLA_TARGETS };
export type SlaTarget = (typeof SLA_TARGETS)[number];

const COLUMN = { firstRespond: 'firstRespondBreachAt', nextRespond: 'nextRespondBreachAt', resolve: 'resolveBreachAt' } as const;

export const breachJobKey = (conversationId: number, target: SlaTarget) => `sla.breach:${target}:conversation:${conversationId}`;

type Instants = Record<(typeof COLUMN)[SlaTarget], Date | null>;

/**
 * Re-arms (or cancels) the timers of the targets whose instant changed, for many conversations:
 * one `graphile_worker.add_jobs` call for every timer to (re-)arm (a pending job with the key is
 * replaced; a running one loses its key, as add_job does) and one remove per timer to cancel.
 */
export async function armBreachTimersMany(tx: Tx, changes: readonly { conversationId: number; before: Instants; after: Instants }[]): Promise<void> {
  const arm: { identifier: string; payload: unknown; run_at: string; job_key: string }[] = [];
  const cancel: string[] = [];
  for (const { conversationId, before, after } of changes) {
    for (const target of SLA_TARGETS) {
      const was = before[COLUMN[target]];
      const now = after[COLUMN[target]];
      if ((was?.getTime() ?? null) === (now?.getTime() ?? null)) continue;
      if (now === null) cancel.push(breachJobKey(conversationId, target));
      else arm.push({ identifier: 'sla.breachCheck', payload: { conversationId, target, at: now.toISOString() }, run_at: now.toISOString(), job_key: breachJobKey(conversationId, target) });
    }
  }
  if (arm.length) {
    await tx.$queryRaw`
      SELECT 1 FROM graphile_worker.add_jobs(ARRAY(
        SELECT ROW(s.identifier, s.payload, NULL, s.run_at, NULL, s.job_key, NULL, NULL)::graphile_worker.job_spec
        FROM json_to_recordset(${JSON.stringify(arm)}::json) AS s(identifier text, payload json, run_at timestamptz, job_key text)
      ))`;
  }
  if (cancel.length) await tx.$queryRaw`SELECT 1 FROM unnest(${cancel}::text[]) k, graphile_worker.remove_job(k)`;
}

/** Re-arms (or cancels) the timers of the targets whose instant changed. */
export async function armBreachTimers(
  tx: Tx,
  conversationId: number,
  before: Record<(typeof COLUMN)[SlaTarget], Date | null>,
  after: Record<(typeof COLUMN)[SlaTarget], Date | null>,
): Promise<void> {
  for (const target of SLA_TARGETS) {
    const was = before[COLUMN[target]];
    const now = after[COLUMN[target]];
    if ((was?.getTime() ?? null) === (now?.getTime() ?? null)) continue;
    if (now === null) await cancelJob(tx, breachJobKey(conversationId, target));
    else await enqueueJob(tx, 'sla.breachCheck', { conversationId, target, at: now.toISOString() }, { runAt: now, jobKey: breachJobKey(conversationId, target), jobKeyMode: 'replace' });
  }
}

defineJob({
  name: 'sla.breachCheck',
  async handle(payload, context) {
    const viewer = automationViewer({ ruleType: 'sla', ruleId: 'breach' });
    await inTransaction({ ...context, viewer }, async (tx, emit) => {
      const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Conversation" WHERE id = ${payload.conversationId} FOR UPDATE`;
      if (!rows.length) return;
      const row = await tx.conversation.findUnique({
        where: { id: payload.conversationId },
        select: { slaPolicyId: true, firstRespondBreachAt: true, nextRespondBreachAt: true, resolveBreachAt: true },
      });
      const instant = row?.[COLUMN[payload.target]];
      if (!row || !instant || instant.toISOString() !== payload.at || instant.getTime() > Date.now()) return;
      const already = await tx.domainEvent.findFirst({
        where: { conversationId: payload.conversationId, type: 'sla.breached', payload: { path: ['breachAt'], equals: payload.at } },
        select: { payload: true },
      });
      if (already && (already.payload as { target?: string }).target === payload.target) return;
      // Overdue now, until this target's clock moves or stops (applySlaMany removes it then): what
      // the "SLA Breached" condition field, filters and triggers test. Kept in SLA_TARGETS order.
      await tx.$executeRaw`
        UPDATE "Conversation" SET "slaBreached" = ARRAY(SELECT t FROM unnest(${[...SLA_TARGETS]}::text[]) WITH ORDINALITY AS o(t, n) WHERE t = ANY ("slaBreached") OR t = ${payload.target} ORDER BY n)
        WHERE id = ${payload.conversationId}`;
      emit({ type: 'sla.breached', conversationId: payload.conversationId, payload: { target: payload.target, policyId: row.slaPolicyId, breachAt: payload.at } });
      // The waiting target is decided now (breached): its outcome row appears with the clocks unchanged.
      await applySla(tx, payload.conversationId);
    });
  },
});
