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
import { clockFor, type Interval, type SiteCalendar } from '../../engine/calendar/index.js';
import { evaluateConditionSet, loadConditionFields, loadConditionSubjects, resolveConditionSet, type RawConditionSet } from '../../engine/conditions/index.js';
import { rawConditionsOf, withConditions } from '../../engine/conditions/store.js';
import type { Tx } from '../../engine/write.js';
import { loadSiteCalendar } from '../working-time/service.js';
import { armBreachTimers } from './breach.js';

export const HOUR = 3_600_000;
/** Statuses in which every clock stops (the configurable list: this constant). */
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
export function computeClocks(policy: ClockPolicy, calendar: SiteCalendar, facts: ClockFacts): Clocks {
  const clock = clockFor(policy.businessHours, calendar);
  const current = facts.statuses[facts.statuses.length - 1];
  if (current?.status === 'closed') return NO_CLOCKS;
  const stops: Interval[] = facts.statuses
    .filter((s) => s.status === 'closed' || PAUSED_STATUSES.includes(s.status))
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

/**
 * The status spans of a conversation: logged status changes (oldest first) and the row's current
 * status since its lastStatusChangeTime when that change is not logged yet (this transaction's).
 */
export async function loadStatusSpans(tx: Tx, conversation: { id: number; status: string; createdTime: Date; lastStatusChangeTime: Date }): Promise<StatusSpan[]> {
  const events = await tx.domainEvent.findMany({
    where: { conversationId: conversation.id, type: 'conversation.statusChanged' },
    orderBy: { id: 'asc' },
    select: { payload: true, time: true },
  });
  const changes = events.map((e) => {
    const payload = e.payload as { from?: unknown; to?: unknown; at?: unknown };
    // `at` is the row's own lastStatusChangeTime (the event row's time is the transaction's start).
    const at = typeof payload.at === 'string' ? Date.parse(payload.at) : e.time.getTime();
    return { at: Number.isNaN(at) ? e.time.getTime() : at, from: String(payload.from), to: String(payload.to) };
  });
  const spans: StatusSpan[] = [];
  let status = changes[0]?.from ?? conversation.status;
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

/** The first enabled policy whose conditions match, or null (policies given in orderIndex order). */
export async function pickPolicy(tx: Tx, policies: readonly PolicyWithConditions[], conversationId: number): Promise<PolicyWithConditions | null> {
  const enabled = policies.filter((p) => p.enable);
  if (!enabled.length) return null;
  const subject = (await loadConditionSubjects(tx, [conversationId])).get(conversationId);
  if (!subject) return null;
  const fields = enabled.some((p) => p.conditions.length) ? await loadConditionFields(tx) : [];
  for (const policy of enabled) {
    const set = await resolveConditionSet(
      tx,
      { when: policy.when as RawConditionSet['when'], logicalExpression: policy.logicalExpression, conditions: rawConditionsOf(policy.conditions) },
      { fields },
    );
    if (evaluateConditionSet(set, subject)) return policy;
  }
  return null;
}

export interface SlaState extends Clocks {
  slaPolicyId: string | null;
}

/**
 * Re-picks the policy and recomputes the clocks of one conversation inside the caller's
 * transaction, writing only when something moved. Returns the SLA columns as they now are.
 */
export async function applySla(tx: Tx, conversationId: number, preloaded?: { policies?: PolicyWithConditions[]; calendar?: SiteCalendar }): Promise<SlaState | null> {
  const conversation = await tx.conversation.findUnique({
    where: { id: conversationId },
    select: {
      id: true, status: true, createdTime: true, lastStatusChangeTime: true, deletedTime: true, mergedIntoId: true,
      slaPolicyId: true, firstRespondBreachAt: true, nextRespondBreachAt: true, resolveBreachAt: true,
    },
  });
  if (!conversation) return null;
  const policies = preloaded?.policies ?? (await tx.slaPolicy.findMany({ orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }], include: withConditions }));
  const policy = conversation.deletedTime === null && conversation.mergedIntoId === null ? await pickPolicy(tx, policies, conversationId) : null;
  let state: SlaState = { slaPolicyId: null, ...NO_CLOCKS };
  if (policy) {
    const [calendar, messages, statuses] = await Promise.all([
      policy.businessHours ? (preloaded?.calendar ?? loadSiteCalendar(tx)) : null,
      tx.message.findMany({ where: { conversationId, type: { not: 'note' } }, select: { time: true, type: true, senderType: true }, orderBy: { time: 'asc' } }),
      loadStatusSpans(tx, conversation),
    ]);
    const facts: ClockFacts = {
      createdTime: conversation.createdTime.getTime(),
      messages: messages.map((m) => ({ time: m.time.getTime(), agentResponse: m.senderType === 'agent' && RESPONSE_TYPES.includes(m.type), fromContact: m.senderType === 'contact' })),
      statuses,
    };
    state = { slaPolicyId: String(policy.id), ...computeClocks(policy, calendar ?? { timeZone: 'UTC', periods: [], holidays: [] }, facts) };
  }
  const same = (a: Date | null, b: Date | null) => (a === null ? b === null : b !== null && a.getTime() === b.getTime());
  if (
    state.slaPolicyId !== conversation.slaPolicyId || !same(state.firstRespondBreachAt, conversation.firstRespondBreachAt) ||
    !same(state.nextRespondBreachAt, conversation.nextRespondBreachAt) || !same(state.resolveBreachAt, conversation.resolveBreachAt)
  ) {
    await tx.conversation.update({ where: { id: conversationId }, data: state });
    await armBreachTimers(tx, conversationId, conversation, state);
  }
  return state;
}
