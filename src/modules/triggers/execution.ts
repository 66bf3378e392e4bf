/**
 * Trigger execution: a durable consumer (src/engine/consumers) reads the event log after commit,
 * never inside the request that caused the event.
 *
 * Events (the DomainEvent catalogue → the spec's trigger events):
 *  - conversation.created         → conversationCreated
 *  - message.added by a contact   → conversationReplyReceived (not the conversation's first message: that is conversationCreated)
 *  - message.added by an agent of type reply, email or socialMessage → agentReplied (never a note;
 *    not the first message either)
 *  - conversation.assigneeChanged → conversationAssigneeChanged
 *  - conversation.statusChanged   → conversationStatusChanged
 *  - conversationStatusLastForCertainTime: the status period that began with a conversation.created
 *    or conversation.statusChanged event has lasted statusDuration minutes (./timed.ts: a delayed
 *    job per trigger armed by this consumer, run through runTrigger with that event).
 *
 * For each event, the enabled triggers of its kind run one after the other in orderIndex order.
 * Each run is its own transaction, which locks the conversation, evaluates the trigger's conditions
 * (the shared engine, on the conversation as the previous triggers left it, plus the event's
 * message and changes: loadEventSubject), applies its setValue actions through the conversations
 * service as the automation actor (`automation`, `trigger:<id>`), and inserts the run's row in
 * "TriggerRun", whose key (eventId, triggerId) makes it happen once: a batch retried after a crash
 * or an error skips every run that committed, and runs the rest.
 *
 * Loops: a trigger never runs on an event its own write caused; a trigger's write may fire other
 * triggers, but a chain (a trigger fired by a trigger fired by ...) stops at TRIGGER_MAX_CHAIN_DEPTH
 * runs (default 3): each run records its depth and the range of event ids its write logged, so the
 * next run knows how deep it is. A write that changes nothing logs no event and fires nothing.
 *
 * A run whose write is refused (an AppError: the conversation was deleted or merged, the agent it
 * assigns to is gone) is recorded as `failed` with the reason and the others go on; any other error
 * (the database) rolls the batch back and the consumer retries it.
 */
import { automationViewer, isActorRule } from '../../auth/viewer.js';
import { defineConsumer, type ConsumerContext } from '../../engine/consumers/index.js';
import { SYSTEM_FIELDS, evaluateConditionSet, loadConditionFields, loadEventSubject, resolveConditionSet, type FieldRow, type RawConditionSet } from '../../engine/conditions/index.js';
import { rawConditionsOf } from '../../engine/conditions/store.js';
import type { DomainEvent } from '../../engine/events.js';
import { inTransaction, type Emit, type ServiceContext, type Tx } from '../../engine/write.js';
import { AppError } from '../../graphql/errors.js';
import { lockConversation, updateConversationTx, type ConversationFieldsInput } from '../conversations/service.js';
import { queueTriggerEmails } from './email.js';
import { withTriggerDetails, type TriggerEvent, type TriggerRow } from './service.js';
import { armStatusTimers } from './timed.js';

export const TRIGGER_CONSUMER = 'triggers';
const AGENT_REPLY_TYPES = ['reply', 'email', 'socialMessage'];

/** The trigger event a logged event is, or null. message.added needs the message (one query). */
export async function triggerEventOf(db: Tx, event: DomainEvent): Promise<TriggerEvent | null> {
  switch (event.type) {
    case 'conversation.created':
      return 'conversationCreated';
    case 'conversation.assigneeChanged':
      return 'conversationAssigneeChanged';
    case 'conversation.statusChanged':
      return 'conversationStatusChanged';
    case 'sla.breached':
      return 'slaBreached';
    case 'message.added': {
      const { senderType, type } = event.payload;
      const kind = senderType === 'contact' && type !== 'note' ? 'conversationReplyReceived' : senderType === 'agent' && AGENT_REPLY_TYPES.includes(type) ? 'agentReplied' : null;
      if (!kind) return null;
      // The first message of a conversation is part of conversationCreated, not a reply.
      const rows = await db.$queryRaw<{ first: boolean }[]>`
        SELECT m."time" <= c."createdTime" AS first FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" WHERE m.id = ${event.payload.messageId}::uuid`;
      if (!rows.length || rows[0]!.first) return null;
      return kind;
    }
    default:
      return null;
  }
}

/** 1 for an event a person (or integration, or another rule) caused; the causing run's depth + 1 for a trigger's. */
export async function depthOf(db: Tx, event: DomainEvent): Promise<number> {
  if (event.actorType !== 'automation' || !event.actorId?.startsWith('trigger:')) return 1;
  const rows = await db.$queryRaw<{ depth: number }[]>`
    SELECT "depth" FROM "TriggerRun"
    WHERE "lastEventId" >= ${BigInt(event.cursor)} AND "firstEventId" <= ${BigInt(event.cursor)}
    ORDER BY "lastEventId" LIMIT 1`;
  return (rows[0]?.depth ?? 0) + 1;
}

interface RunOutcome {
  outcome: 'applied' | 'noMatch' | 'skipped' | 'failed';
  detail?: string | null;
}

/** The conversation fields a trigger's setValue actions write (tags are added to the current ones). */
function updateInput(trigger: TriggerRow, currentTagIds: readonly number[]): ConversationFieldsInput {
  const input: ConversationFieldsInput = {};
  const customFields: { id: string; value: string | null }[] = [];
  for (const update of trigger.autoUpdates) {
    const value = update.value;
    switch (systemKeyOf(update.fieldId)) {
      case 'status':
        input.status = value;
        break;
      case 'priority':
        input.priority = value;
        break;
      case 'assignedAgent':
        input.assignedAgentId = value === '' ? null : Number(value);
        break;
      case 'assignedDepartment':
        input.assignedDepartmentId = value === '' ? null : Number(value);
        break;
      case 'tags':
        input.tagIds = [...new Set([...currentTagIds, ...value.split(',').map(Number)])];
        break;
      default:
        customFields.push({ id: update.fieldId, value: value === '' ? null : value });
    }
  }
  if (customFields.length) input.customFields = customFields;
  return input;
}

const systemKeyOf = (fieldId: string) => SYSTEM_FIELDS.find((field) => field.id === fieldId)?.key ?? null;

async function recordRun(tx: Tx, event: DomainEvent, trigger: TriggerRow, depth: number, run: RunOutcome) {
  await tx.triggerRun.update({
    where: { eventId_triggerId: { eventId: BigInt(event.cursor), triggerId: trigger.id } },
    data: { outcome: run.outcome, detail: run.detail ?? null, depth },
  });
}

/** Claims the (event, trigger) key inside `tx`: false when a previous attempt already committed it. */
async function claim(tx: Tx, event: DomainEvent, trigger: TriggerRow, depth: number): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "TriggerRun" ("eventId", "triggerId", "conversationId", "outcome", "depth")
    VALUES (${BigInt(event.cursor)}, ${trigger.id}, ${event.conversationId}, 'running', ${depth})
    ON CONFLICT ("eventId", "triggerId") DO NOTHING`;
  return inserted === 1;
}

/** A last check inside the run's transaction (the timed trigger's: is the status period still the same?); a reason to skip, or null. */
export type RunGuard = (tx: Tx) => Promise<string | null>;

export async function runTrigger(context: ConsumerContext, event: DomainEvent, trigger: TriggerRow, depth: number, fields: readonly FieldRow[], guard?: RunGuard) {
  const ctx: ServiceContext = { ...context, viewer: automationViewer({ ruleType: 'trigger', ruleId: trigger.id }) };
  try {
    await inTransaction(
      ctx,
      async (tx, emit) => {
        if (!(await claim(tx, event, trigger, depth))) return;
        let run: RunOutcome;
        if (isActorRule(event, { ruleType: 'trigger', ruleId: trigger.id })) run = { outcome: 'skipped', detail: 'the event was caused by this trigger’s own write' };
        else if (depth > context.config.triggerMaxChainDepth) run = { outcome: 'skipped', detail: `chain depth ${depth} exceeds TRIGGER_MAX_CHAIN_DEPTH (${context.config.triggerMaxChainDepth})` };
        else {
          const skip = guard ? await guard(tx) : null;
          run = skip ? { outcome: 'skipped', detail: skip } : await evaluateAndApply(tx, emit, ctx, event, trigger, fields);
        }
        await recordRun(tx, event, trigger, depth, run);
      },
      {
        // The run's own events: the next trigger in a chain finds its depth from this range.
        afterLog: async (tx, logged) => {
          if (!logged.length) return;
          await tx.triggerRun.update({
            where: { eventId_triggerId: { eventId: BigInt(event.cursor), triggerId: trigger.id } },
            data: { firstEventId: BigInt(logged[0]!.cursor), lastEventId: BigInt(logged[logged.length - 1]!.cursor) },
          });
        },
      },
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The write was refused: record it (the key too, so it is not retried) and go on with the next trigger.
    context.logger.warn('trigger run failed', { triggerId: trigger.id, eventId: event.cursor, error: error.message });
    await inTransaction(ctx, async (tx) => {
      if (await claim(tx, event, trigger, depth)) await recordRun(tx, event, trigger, depth, { outcome: 'failed', detail: error.message });
    });
  }
}

async function evaluateAndApply(tx: Tx, emit: Emit, ctx: ServiceContext, event: DomainEvent, trigger: TriggerRow, fields: readonly FieldRow[]): Promise<RunOutcome> {
  const conversationId = event.conversationId!;
  const exists = await tx.conversation.findUnique({ where: { id: conversationId }, select: { id: true } });
  if (!exists) return { outcome: 'skipped', detail: `conversation ${conversationId} no longer exists` };
  // Locked: the conditions see the state the previous triggers (and everyone else) left, and it holds until this run commits.
  await lockConversation(tx, conversationId);
  const subject = await loadEventSubject(tx, event);
  if (!subject) return { outcome: 'skipped', detail: `conversation ${conversationId} no longer exists` };
  const set = await resolveConditionSet(
    tx,
    { when: trigger.when as RawConditionSet['when'], logicalExpression: trigger.logicalExpression, conditions: rawConditionsOf(trigger.conditions) },
    { fields, automation: true },
  );
  if (!evaluateConditionSet(set, subject)) return { outcome: 'noMatch' };
  const notes: string[] = [];
  if (trigger.setValue && trigger.autoUpdates.length) {
    await updateConversationTx(tx, emit, ctx.viewer, conversationId, updateInput(trigger, subject.tagIds));
  }
  if (trigger.sendEmail) notes.push(...(await queueTriggerEmails(tx, emit, ctx, event, trigger, conversationId)));
  return { outcome: 'applied', detail: notes.join('; ') || null };
}

export const triggerConsumer = defineConsumer({
  name: TRIGGER_CONSUMER,
  // Each event may run every trigger in a transaction of its own: small batches stay well inside the batch timeout.
  batchSize: 25,
  eventTypes: ['conversation.created', 'message.added', 'conversation.assigneeChanged', 'conversation.statusChanged', 'sla.breached'],
  async handle(events, tx, context) {
    const triggers = await tx.trigger.findMany({
      where: { enable: true },
      orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }],
      include: withTriggerDetails,
    });
    if (!triggers.length) return;
    await armStatusTimers(tx, context.config, events, triggers);
    const fields = triggers.some((t) => t.conditions.length) ? await loadConditionFields(tx) : [];
    for (const event of events) {
      if (event.conversationId === null) continue;
      const kind = await triggerEventOf(tx, event);
      if (!kind) continue;
      // Only triggers enabled before the event was logged (a trigger enabled since never fires for an older event).
      const ofKind = triggers.filter((t) => t.event === kind && BigInt(event.cursor) > t.enabledAfterEventId);
      if (!ofKind.length) continue;
      const depth = await depthOf(tx, event);
      for (const trigger of ofKind) await runTrigger(context, event, trigger, depth, fields);
    }
  },
});
