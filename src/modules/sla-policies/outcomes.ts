/**
 * SLA outcomes (issue #13, item 5): per conversation and target, whether it was achieved or
 * breached and how long it took in the policy's hours — what an SLA report counts.
 *
 * Like the clocks, outcomes are a pure function of the facts (`computeOutcomes`), rewritten in the
 * transaction of every write that recomputes the SLA (`applySlaMany`) and by the breach job at the
 * breach instant, so they can never disagree with the clocks and a replay or a recompute after a
 * policy or calendar change gives the same rows. One row per decided target:
 *  - firstRespond: the wait from creation to the first agent response;
 *  - nextRespond: each later wait, from the contact message that began it (the first one after an
 *    agent response) to the next agent response;
 *  - resolve: from creation to the close (the last one; time while closed before a reopen, and
 *    paused time, is not counted).
 * A target is decided when its wait ended (achieved if the time taken is within the target, else
 * breached) or, still waiting, once its breach instant has passed (breached, `endedAt` null until
 * the answer comes). Undecided waits have no row.
 */
import type { Clock, Interval } from '../../engine/calendar/index.js';
import type { Tx } from '../../engine/write.js';
import type { SlaTarget } from './breach.js';
import { HOUR, PAUSED_STATUSES, type ClockFacts, type ClockPolicy } from './clocks.js';

export interface SlaOutcome {
  target: SlaTarget;
  /** When the wait began: creation (firstRespond, resolve) or the contact message (nextRespond). */
  startedAt: Date;
  /** The breach instant (null when it was never reached: a pause without end came first). */
  dueAt: Date | null;
  /** The response (close); null while still waiting. */
  endedAt: Date | null;
  /** Time taken in the policy's hours (working time for business hours), once ended. */
  elapsedSeconds: number | null;
  breached: boolean;
}

function decide(target: SlaTarget, clock: Clock, stops: readonly Interval[], start: number, end: number | null, within: number, now: number): SlaOutcome | null {
  const due = clock.add(start, within, stops);
  if (end === null) {
    if (due === null || due > now) return null;
    return { target, startedAt: new Date(start), dueAt: new Date(due), endedAt: null, elapsedSeconds: null, breached: true };
  }
  const elapsed = clock.elapsed(start, end, stops);
  return { target, startedAt: new Date(start), dueAt: due === null ? null : new Date(due), endedAt: new Date(end), elapsedSeconds: Math.round(elapsed / 1000), breached: elapsed > within };
}

/** The decided outcomes of a conversation under `policy` as of `now` (pure). */
export function computeOutcomes(policy: ClockPolicy, clock: Clock, facts: ClockFacts, now: number, paused: readonly string[] = PAUSED_STATUSES): SlaOutcome[] {
  // Closed and paused time stop every clock (as in computeClocks); the close that ends the
  // resolution wait is the start of the current closed span.
  const current = facts.statuses[facts.statuses.length - 1];
  const closedAt = current?.status === 'closed' ? current.from : null;
  const stops: Interval[] = facts.statuses
    .filter((s) => s.status === 'closed' || paused.includes(s.status))
    .map((s) => [s.from, s.to ?? Infinity] as const);
  const messages = [...facts.messages].sort((a, b) => a.time - b.time);
  const outcomes: SlaOutcome[] = [];
  const push = (outcome: SlaOutcome | null) => outcome && outcomes.push(outcome);

  const firstResponse = messages.find((m) => m.agentResponse)?.time ?? null;
  push(decide('firstRespond', clock, stops, facts.createdTime, firstResponse, policy.firstRespondWithin * HOUR, now));
  if (firstResponse !== null) {
    let waitingSince: number | null = null;
    for (const m of messages) {
      if (m.time < firstResponse) continue;
      if (m.agentResponse) {
        if (waitingSince !== null) push(decide('nextRespond', clock, stops, waitingSince, m.time, policy.nextRespondWithin * HOUR, now));
        waitingSince = null;
      } else if (m.fromContact && waitingSince === null) waitingSince = m.time;
    }
    if (waitingSince !== null) push(decide('nextRespond', clock, stops, waitingSince, null, policy.nextRespondWithin * HOUR, now));
  }
  push(decide('resolve', clock, stops, facts.createdTime, closedAt, policy.resolveRespondWithin * HOUR, now));
  return outcomes;
}

/**
 * Replaces the stored outcomes of these conversations (the caller holds their locks) with the
 * computed ones: conversations without a policy keep none. Two statements, whatever the count.
 */
export async function writeOutcomes(tx: Tx, byConversation: ReadonlyMap<number, { policyId: number | null; outcomes: readonly SlaOutcome[] }>): Promise<void> {
  if (!byConversation.size) return;
  const ids = [...byConversation.keys()];
  const rows = [...byConversation].flatMap(([conversationId, { policyId, outcomes }]) =>
    outcomes.map((o) => ({
      c: conversationId, t: o.target, p: policyId, s: o.startedAt.toISOString(), d: o.dueAt?.toISOString() ?? null,
      e: o.endedAt?.toISOString() ?? null, x: o.elapsedSeconds, b: o.breached,
    })),
  );
  await tx.$executeRaw`DELETE FROM "SlaOutcome" WHERE "conversationId" = ANY(${ids}::int[])`;
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO "SlaOutcome" ("conversationId", "target", "policyId", "startedAt", "dueAt", "endedAt", "elapsedSeconds", "breached")
    SELECT v.c, v.t, v.p, v.s, v.d, v.e, v.x, v.b
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(c int, t text, p int, s timestamp(3), d timestamp(3), e timestamp(3), x int, b boolean)`;
}
