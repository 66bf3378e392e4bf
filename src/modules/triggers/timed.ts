/**
 * conversationStatusLastForCertainTime (README "Triggers" → "Timed triggers").
 *
 * A status period begins with the conversation's creation (conversation.created) or a status change
 * (conversation.statusChanged). The trigger consumer (./execution.ts), in its batch transaction,
 * arms one delayed `triggers.statusLasted` job per enabled trigger of this event for each such
 * event: runAt = the event's time + statusDuration × TRIGGER_STATUS_DURATION_UNIT_MS (a minute),
 * job key `trigger-status:<conversationId>:<triggerId>`, so the next status change of that
 * conversation replaces the waiting job (the old period's timer is gone). When it runs, the period
 * must still be the one it was armed for (no later created/statusChanged event of that
 * conversation: a job taken just before it was replaced changes nothing); then the trigger runs
 * through the same runTrigger as every event, keyed (that event, trigger) in "TriggerRun": once per
 * status period, across retries and crashes. Jobs are found by polling (WORKER_POLL_MS, default
 * 2 s), so a trigger fires within seconds of its deadline.
 *
 * A trigger enabled (or created) later is armed from the next status change on; a period already
 * running when it was saved is not timed: the trigger's enabledAfterEventId (the last event logged
 * when it was created or enabled again) is checked when arming (the consumer may reach an older
 * event after the trigger was enabled) and when the job runs (a timer armed before the trigger
 * was disabled and enabled again).
 */
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { DomainEvent } from '../../engine/events.js';
import { defineJob, enqueueJob } from '../../engine/jobs/index.js';
import type { Tx } from '../../engine/write.js';
import { loadConditionFields } from '../../engine/conditions/index.js';
import { TIMED_EVENT, withTriggerDetails, type TriggerRow } from './service.js';
import { eventFromRow, type EventRow } from '../../engine/events.js';
import { depthOf, runTrigger } from './execution.js';
import { lockConversation } from '../conversations/service.js';

export const statusTimerKey = (conversationId: number, triggerId: number) => `trigger-status:${conversationId}:${triggerId}`;
const PERIOD_EVENTS = ['conversation.created', 'conversation.statusChanged'];

export async function armStatusTimers(tx: Tx, config: Config, events: readonly DomainEvent[], triggers: readonly TriggerRow[]) {
  const timed = triggers.filter((t) => t.event === TIMED_EVENT && t.statusDuration);
  if (!timed.length) return;
  for (const event of events) {
    if (event.conversationId === null || !PERIOD_EVENTS.includes(event.type)) continue;
    const start = new Date(event.time).getTime();
    for (const trigger of timed) {
      // A period that began before the trigger was enabled is not timed.
      if (BigInt(event.cursor) <= trigger.enabledAfterEventId) continue;
      await enqueueJob(
        tx,
        'triggers.statusLasted',
        { eventId: String(event.cursor), conversationId: event.conversationId, triggerId: trigger.id },
        { runAt: new Date(start + trigger.statusDuration! * config.triggerStatusDurationUnitMs), jobKey: statusTimerKey(event.conversationId, trigger.id) },
      );
    }
  }
}

defineJob({
  name: 'triggers.statusLasted',
  payload: z.object({ eventId: z.string().regex(/^\d+$/), conversationId: z.number().int(), triggerId: z.number().int() }),
  async handle({ eventId, conversationId, triggerId }, context) {
    const { prisma } = context;
    const periodEnded = async (db: Tx) =>
      Boolean(await db.domainEvent.findFirst({ where: { conversationId, id: { gt: BigInt(eventId) }, type: { in: PERIOD_EVENTS } }, select: { id: true } }));
    const rows = await prisma.$queryRaw<EventRow[]>`
      SELECT "id", "type", "conversationId", "actorType", "actorId", "payload", "time" FROM "DomainEvent" WHERE "id" = ${BigInt(eventId)}`;
    if (!rows.length) return;
    // Still the same status period: no status change of this conversation was logged after it.
    const db = prisma as unknown as Tx;
    if (await periodEnded(db)) return;
    const trigger = await prisma.trigger.findUnique({ where: { id: triggerId }, include: withTriggerDetails });
    if (!trigger || !trigger.enable || trigger.event !== TIMED_EVENT) return;
    // Disabled and enabled again since this timer was armed: the period began before the trigger was (re)enabled.
    if (BigInt(eventId) <= trigger.enabledAfterEventId) return;
    const event = eventFromRow(rows[0]!);
    const fields = trigger.conditions.length ? await loadConditionFields(db) : [];
    // Checked again under the conversation's lock: a status change committed since the check above
    // (it locks the conversation too) ends the period, and this run is skipped.
    await runTrigger(context, event, trigger, await depthOf(db, event), fields, async (tx) => {
      await lockConversation(tx, conversationId).catch(() => null);
      return (await periodEnded(tx)) ? 'the status changed before the deadline' : null;
    });
  },
});
