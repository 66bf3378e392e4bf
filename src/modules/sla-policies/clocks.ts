/**
 * Which SLA policy applies to a conversation, and its clocks. Both are recomputed inside the
 * transaction of every write that can move them (creation, a message, a field or status change),
 * from the facts alone, so the answer to that write already shows them and no consumer lag or
 * replay can leave them stale:
 *
 *  - the policy: the first enabled policy in orderIndex order whose conditions match the
 *    conversation as it now is (the shared condition engine), or none;
 *  - the clocks (`computeClocks`, a pure function), counted in the policy's hours (the site
 *    calendar for business hours, every millisecond for calendar hours):
 *      firstRespondBreachAt = created + first-response target, null once an agent replied
 *        (reply, email or socialMessage written by an agent; never a note);
 *      nextRespondBreachAt = the oldest contact message after the last agent reply + next-response
 *        target, only once the first response is given; null when the agent has answered;
 *      resolveBreachAt = created + resolution target; null while closed.
 *    Time while the conversation is closed or in a paused status (pendingExternal, onHold) is not
 *    counted: a reopened or resumed conversation continues with the time already used. While a
 *    clock is stopped its breach instant is null (it has none until the clock runs again).
 *
 * Status history comes from the logged `conversation.statusChanged` events plus the row itself
 * (the change being written is not logged until the transaction ends).
 */
import type { Prisma } from '../../generated/prisma/client.js';
import { BusinessClock, CALENDAR_CLOCK, clockFor, type Clock, type Interval, type SiteCalendar } from '../../engine/calendar/index.js';
import {
  evaluateConditionSet, loadConditionFields, loadConditionSubjects, resolveConditionSet, type ConditionSubject, type RawConditionSet, type ResolvedConditionSet,
} from '../../engine/conditions/index.js';
import { rawConditionsOf, withConditions } from '../../engine/conditions/store.js';
import type { Tx } from '../../engine/write.js';
import { loadPausedStatuses, loadSiteCalendar } from '../working-time/service.js';
import { armBreachTimersMany } from './breach.js';
import { computeOutcomes, writeOutcomes, type SlaOutcome } from './outcomes.js';

export const HOUR = 3_600_000;
/**
 * Statuses in which every clock stops unless the site sets its own list (working-time settings,
 * `slaPausedStatuses`); closed always stops them.
 */
export const PAUSED_STATUSES: readonly string[] = ['pendingExternal', 'onHold'];
/** Message types that answer the contact when an agent writes them. */
export const RESPONSE_TYPES: readonly string[] = ['reply', 'email', 'socialMessage'];

export interface ClockPolicy {
  firstRespondWithin: number;
  nextRespondWithin: number;
  resolveRespondWithin: number;
  businessHours: boolean;
}

export interface ClockMessage {
  time: number;
  /** An agent's reply, email or social message (never a note). */
  agentResponse: boolean;
  /** Written by the contact. */
  fromContact: boolean;
}

/** A status held from `from` until `to` (null: still held). */
export interface StatusSpan {
  status: string;
  from: number;
  to: number | null;
}

export interface ClockFacts {
  createdTime: number;
  messages: readonly ClockMessage[];
  statuses: readonly StatusSpan[];
}

export interface Clocks {
  firstRespondBreachAt: Date | null;
  nextRespondBreachAt: Date | null;
  resolveBreachAt: Date | null;
}

export const NO_CLOCKS: Clocks = { firstRespondBreachAt: null, nextRespondBreachAt: null, resolveBreachAt: null };

const asDate = (at: number | null) => (at === null ? null : new Date(at));

/** The breach instants of a policy for these facts (pure: the tests compute with it directly). */
export function computeClocks(policy: ClockPolicy, calendar: SiteCalendar, facts: ClockFacts, paused: readonly string[] = PAUSED_STATUSES): Clocks {
  return computeClocksWith(policy, clockFor(policy.businessHours, calendar), facts, paused);
}

/** `computeClocks` with the clock given (a batch shares one business clock and its day cache). */
export function computeClocksWith(policy: ClockPolicy, clock: Clock, facts: ClockFacts, paused: readonly string[] = PAUSED_STATUSES): Clocks {
  const current = facts.statuses[facts.statuses.length - 1];
  if (current?.status === 'closed') return NO_CLOCKS;
  const stops: Interval[] = facts.statuses
    .filter((s) => s.status === 'closed' || paused.includes(s.status))
    .map((s) => [s.from, s.to ?? Infinity] as const);
  const messages = [...facts.messages].sort((a, b) => a.time - b.time);
  const responded = messages.some((m) => m.agentResponse);
  const firstRespondBreachAt = responded ? null : asDate(clock.add(facts.createdTime, policy.firstRespondWithin * HOUR, stops));
  let nextRespondBreachAt: Date | null = null;
  if (responded) {
    let lastResponse = -Infinity;
    for (const m of messages) if (m.agentResponse) lastResponse = Math.max(lastResponse, m.time);
    const waiting = messages.find((m) => m.fromContact && m.time >= lastResponse);
    if (waiting) nextRespondBreachAt = asDate(clock.add(waiting.time, policy.nextRespondWithin * HOUR, stops));
  }
  const resolveBreachAt = asDate(clock.add(facts.createdTime, policy.resolveRespondWithin * HOUR, stops));
  return { firstRespondBreachAt, nextRespondBreachAt, resolveBreachAt };
}

type StatusChange = { at: number; from: string; to: string };
/** A conversation's status history as logged: its status at creation (when logged) and every change. */
type StatusHistory = { initial: string | null; changes: StatusChange[] };

/**
 * The logged status history of these conversations, oldest first, by conversation (one
 * statement): the status `conversation.created` recorded and every `conversation.statusChanged`.
 */
async function loadStatusChanges(tx: Tx, ids: readonly number[]): Promise<Map<number, StatusHistory>> {
  const events = await tx.domainEvent.findMany({
    where: { conversationId: { in: [...ids] }, type: { in: ['conversation.created', 'conversation.statusChanged'] } },
    orderBy: { id: 'asc' },
    select: { conversationId: true, type: true, payload: true, time: true },
  });
  const byConversation = new Map<number, StatusHistory>();
  for (const e of events) {
    let history = byConversation.get(e.conversationId!);
    if (!history) byConversation.set(e.conversationId!, (history = { initial: null, changes: [] }));
    const payload = e.payload as { from?: unknown; to?: unknown; at?: unknown; status?: unknown };
    if (e.type === 'conversation.created') {
      history.initial = typeof payload.status === 'string' ? payload.status : null;
      continue;
    }
    // `at` is the row's own lastStatusChangeTime (the event row's time is the transaction's start).
    const parsed = typeof payload.at === 'string' ? Date.parse(payload.at) : NaN;
    history.changes.push({ at: Number.isNaN(parsed) ? e.time.getTime() : parsed, from: String(payload.from), to: String(payload.to) });
  }
  return byConversation;
}

/**
 * The status spans of a conversation: logged status changes (oldest first) and the row's current
 * status since its lastStatusChangeTime when that change is not logged yet (this transaction's).
 * Before the first logged change the status is that change's `from`, else the status logged at
 * creation (`initial`), else (a conversation created in this transaction) the row's own.
 */
export function statusSpansOf(conversation: { status: string; createdTime: Date; lastStatusChangeTime: Date }, changes: readonly StatusChange[], initial: string | null = null): StatusSpan[] {
  const spans: StatusSpan[] = [];
  let status = changes[0]?.from ?? initial ?? conversation.status;
  let from = conversation.createdTime.getTime();
  const push = (at: number, to: string) => {
    spans.push({ status, from, to: Math.max(at, from) });
    status = to;
    from = Math.max(at, from);
  };
  for (const change of changes) push(change.at, change.to);
  if (status !== conversation.status) push(conversation.lastStatusChangeTime.getTime(), conversation.status);
  spans.push({ status, from, to: null });
  return spans;
}

type PolicyWithConditions = Prisma.SlaPolicyGetPayload<{ include: typeof withConditions }>;
type ResolvedPolicy = { policy: PolicyWithConditions; set: ResolvedConditionSet };

/** The enabled policies in order, their condition sets resolved once (one read of the fields at most). */
async function resolvePolicies(tx: Tx, policies: readonly PolicyWithConditions[]): Promise<ResolvedPolicy[]> {
  const enabled = policies.filter((p) => p.enable);
  const fields = enabled.some((p) => p.conditions.length) ? await loadConditionFields(tx) : [];
  const resolved: ResolvedPolicy[] = [];
  for (const policy of enabled) {
    const set = await resolveConditionSet(
      tx,
      { when: policy.when as RawConditionSet['when'], logicalExpression: policy.logicalExpression, conditions: rawConditionsOf(policy.conditions) },
      { fields },
    );
    resolved.push({ policy, set });
  }
  return resolved;
}

/** The first policy whose conditions match the subject, or null. */
export const pickPolicy = (policies: readonly ResolvedPolicy[], subject: ConditionSubject): PolicyWithConditions | null =>
  policies.find((p) => evaluateConditionSet(p.set, subject))?.policy ?? null;

export interface SlaState extends Clocks {
  slaPolicyId: string | null;
}

/** One business clock per calendar object: its per-day cache then serves a whole batch. */
const businessClocks = new WeakMap<SiteCalendar, BusinessClock>();
function calendarClock(calendar: SiteCalendar): BusinessClock {
  let clock = businessClocks.get(calendar);
  if (!clock) businessClocks.set(calendar, (clock = new BusinessClock(calendar)));
  return clock;
}

export interface SlaPreloaded {
  policies?: PolicyWithConditions[];
  calendar?: SiteCalendar;
  pausedStatuses?: readonly string[];
}

/**
 * Re-picks the policy and recomputes the clocks of these conversations inside the caller's
 * transaction (the caller holds their locks), writing (and re-arming breach timers) only where
 * something moved. Reads are per batch, not per conversation: the conversations, their condition
 * subjects, messages and status changes are one statement each. Returns the SLA columns by id.
 */
export async function applySlaMany(tx: Tx, ids: readonly number[], preloaded: SlaPreloaded = {}): Promise<Map<number, SlaState>> {
  const result = new Map<number, SlaState>();
  if (!ids.length) return result;
  const [conversations, policies] = await Promise.all([
    tx.conversation.findMany({
      where: { id: { in: [...ids] } },
      select: {
        id: true, status: true, createdTime: true, lastStatusChangeTime: true, deletedTime: true, mergedIntoId: true,
        slaPolicyId: true, firstRespondBreachAt: true, nextRespondBreachAt: true, resolveBreachAt: true,
      },
    }),
    preloaded.policies ?? tx.slaPolicy.findMany({ orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }], include: withConditions }),
  ]);
  const live = conversations.filter((c) => c.deletedTime === null && c.mergedIntoId === null);
  const enabled = policies.some((p) => p.enable) && live.length ? await resolvePolicies(tx, policies) : [];
  const chosen = new Map<number, PolicyWithConditions>();
  if (enabled.length) {
    const subjects = await loadConditionSubjects(tx, live.map((c) => c.id));
    for (const c of live) {
      const subject = subjects.get(c.id);
      const policy = subject ? pickPolicy(enabled, subject) : null;
      if (policy) chosen.set(c.id, policy);
    }
  }
  const withPolicy = [...chosen.keys()];
  const [calendar, paused, messages, changes] = withPolicy.length
    ? await Promise.all([
        [...chosen.values()].some((p) => p.businessHours) ? (preloaded.calendar ?? loadSiteCalendar(tx)) : null,
        preloaded.pausedStatuses ?? loadPausedStatuses(tx),
        tx.message.findMany({ where: { conversationId: { in: withPolicy }, type: { not: 'note' } }, select: { conversationId: true, time: true, type: true, senderType: true }, orderBy: { time: 'asc' } }),
        loadStatusChanges(tx, withPolicy),
      ])
    : [null, PAUSED_STATUSES, [], new Map<number, StatusHistory>()];
  const messagesOf = new Map<number, ClockMessage[]>();
  for (const m of messages) {
    const message = { time: m.time.getTime(), agentResponse: m.senderType === 'agent' && RESPONSE_TYPES.includes(m.type), fromContact: m.senderType === 'contact' };
    const list = messagesOf.get(m.conversationId);
    if (list) list.push(message);
    else messagesOf.set(m.conversationId, [message]);
  }
  const now = Date.now();
  const outcomes = new Map<number, { policyId: number | null; outcomes: SlaOutcome[] }>();
  const same = (a: Date | null, b: Date | null) => (a === null ? b === null : b !== null && a.getTime() === b.getTime());
  const changed: { conversationId: number; before: Clocks; after: SlaState }[] = [];
  for (const conversation of conversations) {
    const policy = chosen.get(conversation.id);
    let state: SlaState = { slaPolicyId: null, ...NO_CLOCKS };
    if (policy) {
      const facts: ClockFacts = {
        createdTime: conversation.createdTime.getTime(),
        messages: messagesOf.get(conversation.id) ?? [],
        statuses: statusSpansOf(conversation, changes.get(conversation.id)?.changes ?? [], changes.get(conversation.id)?.initial ?? null),
      };
      const clock = policy.businessHours && calendar ? calendarClock(calendar) : CALENDAR_CLOCK;
      state = { slaPolicyId: String(policy.id), ...computeClocksWith(policy, clock, facts, paused) };
      outcomes.set(conversation.id, { policyId: policy.id, outcomes: computeOutcomes(policy, clock, facts, now, paused) });
    } else if (conversation.slaPolicyId !== null) {
      // No policy applies any more: its outcomes go with it (a conversation never under one writes nothing).
      outcomes.set(conversation.id, { policyId: null, outcomes: [] });
    }
    result.set(conversation.id, state);
    if (
      state.slaPolicyId !== conversation.slaPolicyId || !same(state.firstRespondBreachAt, conversation.firstRespondBreachAt) ||
      !same(state.nextRespondBreachAt, conversation.nextRespondBreachAt) || !same(state.resolveBreachAt, conversation.resolveBreachAt)
    ) {
      changed.push({ conversationId: conversation.id, before: conversation, after: state });
    }
  }
  if (changed.length) {
    // One statement for every changed row (timestamps are stored as UTC without zone).
    const rows = changed.map(({ conversationId, after }) => ({
      id: conversationId, p: after.slaPolicyId,
      f: after.firstRespondBreachAt?.toISOString() ?? null, n: after.nextRespondBreachAt?.toISOString() ?? null, r: after.resolveBreachAt?.toISOString() ?? null,
    }));
    await tx.$executeRaw`
      UPDATE "Conversation" c SET "slaPolicyId" = v.p, "firstRespondBreachAt" = v.f, "nextRespondBreachAt" = v.n, "resolveBreachAt" = v.r,
        -- A target stops being overdue when its clock moves or stops (the old instants are c's here).
        "slaBreached" = ARRAY(SELECT t FROM unnest(c."slaBreached") t WHERE
          (t = 'firstRespond' AND c."firstRespondBreachAt" IS NOT DISTINCT FROM v.f) OR
          (t = 'nextRespond' AND c."nextRespondBreachAt" IS NOT DISTINCT FROM v.n) OR
          (t = 'resolve' AND c."resolveBreachAt" IS NOT DISTINCT FROM v.r))
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(id int, p text, f timestamp(3), n timestamp(3), r timestamp(3))
      WHERE c.id = v.id`;
    await armBreachTimersMany(tx, changed);
  }
  await writeOutcomes(tx, outcomes);
  return result;
}

/** `applySlaMany` for one conversation (null when it does not exist). */
export async function applySla(tx: Tx, conversationId: number, preloaded: SlaPreloaded = {}): Promise<SlaState | null> {
  return (await applySlaMany(tx, [conversationId], preloaded)).get(conversationId) ?? null;
}
