/**
 * Auto allocation itself (spec "# AutoAllocation", issue #11 item 7): gives a conversation that is
 * left without an agent after routing to an eligible agent, or queues it until one is.
 *
 * Eligible: online, `ifAcceptAllocation` (an agent without a preferences row accepts), a member
 * of the conversation's department when it has one, and under its limit. The limit is the agent's
 * own `maxConcurrentCount` when `setMaxNumberForEachAgent` is true, else `maxNumberForAllAgents`
 * for every agent alike (the spec's "max conversation number for all agents" read as one cap that
 * applies to each agent, Comm100's "same maximum for all agents" — not a total shared by all).
 * Counted: the agent's conversations that are not closed and not deleted, minus pendingExternal
 * / onHold ones when `excludePendingExternal` / `excludeOnHold`.
 *
 * Rule: the department's (`departmentAllocationRule`) when the conversation has a department with
 * a rule, else `defaultRule` / `defaultPreferLastAssignee`. `preferLastAssignee` first tries the
 * assignee of the contact's most recently created other conversation. `loadBalancing`: fewest
 * counted conversations; ties to the agent whose last automatic allocation is oldest (never
 * allocated first), then the lower id. `roundRobin`: the eligible agent with the next id after
 * the scope's last one (wrapping), the rotation kept in "AllocationRotation" per scope (`default`
 * or `department:<id>`), so it survives restarts and is shared by every process.
 *
 * Concurrency: every decision runs under one transaction-scoped advisory lock
 * (ALLOCATION_LOCK_KEY), taken before the counts are read, so decisions of all processes are
 * serialised: under READ COMMITTED each statement after the lock sees every earlier decision's
 * commit, so no limit is exceeded and no conversation is given twice. The lock is held from the
 * decision to the commit (a few statements).
 *
 * Queue: a conversation with no eligible agent gets an "AllocationQueue" row; queued conversations
 * are allocated oldest first (queuedTime, then id) whenever a decision is made — before a new
 * conversation is considered, and by the durable consumer below on every event that can free
 * capacity. A queued conversation that cannot go anywhere yet (say its department's agents are
 * full) does not hold back younger ones that can. A conversation leaves the queue when it is
 * allocated, gets an agent by other means, is closed or deleted; nothing ever re-enters it, so a
 * conversation is allocated automatically at most once ("AllocationRecord") and a manual unassign
 * does not requeue it (Comm100's rule).
 */
import { automationViewer, type Viewer } from '../../auth/viewer.js';
import { defineConsumer, type ConsumerContext } from '../../engine/consumers/index.js';
import type { DomainEventType } from '../../engine/events.js';
import { inTransaction, type Emit, type Tx } from '../../engine/write.js';

/** Key of the advisory lock that serialises allocation decisions across processes ("allo"). */
export const ALLOCATION_LOCK_KEY = 0x616c6c6f;
/** Queued conversations read per page (a creation reads one page, the consumer's drain all). */
const QUEUE_BATCH = 200;

interface AgentState {
  id: number;
  load: number;
  limit: number;
  lastAllocated: number;
  departments: Set<number>;
}

interface Subject {
  id: number;
  departmentId: number | null;
  contactId: number | null;
}

interface State {
  agents: AgentState[];
  rules: Map<number, { allocationRule: string; preferLastAssignee: boolean }>;
  defaultRule: string;
  defaultPreferLastAssignee: boolean;
  rotation: Map<string, number>;
  rotated: Set<string>;
  /** Whether anything waited when the state was read. */
  queued: boolean;
}

const hasCapacity = (state: State) => state.agents.some((a) => a.load < a.limit);

/**
 * Takes the lock (only when enabled: a disabled allocation serialises nothing) and reads, in one
 * statement after it, settings, rules, rotation and the online, accepting agents with their load.
 * Null when disabled. The read must be a statement of its own after the lock: under READ
 * COMMITTED a statement's snapshot is taken when it starts, so reading in the statement that
 * waits for the lock would miss the decision committed by the previous holder.
 */
async function loadState(tx: Tx): Promise<State | null> {
  const locked = await tx.$queryRaw<{ locked: boolean }[]>`
    SELECT true AS locked, pg_advisory_xact_lock(${ALLOCATION_LOCK_KEY}::bigint)::text FROM "AllocationSetting" WHERE id = 1 AND enable`;
  if (locked.length === 0) return null;
  const [row] = await tx.$queryRaw<{
    enable: boolean; defaultRule: string; defaultPreferLastAssignee: boolean; setMaxNumberForEachAgent: boolean; maxNumberForAllAgents: number;
    queued: boolean;
    rules: { departmentId: number; allocationRule: string; preferLastAssignee: boolean }[];
    rotation: { scope: string; lastAgentId: number }[];
    agents: { id: number; max: number; load: number; last: number | null; departments: number[] }[];
  }[]>`
    SELECT s.enable, s."defaultRule", s."defaultPreferLastAssignee", s."setMaxNumberForEachAgent", s."maxNumberForAllAgents",
      EXISTS (SELECT 1 FROM "AllocationQueue") AS queued,
      (SELECT coalesce(json_agg(r), '[]') FROM "AllocationDepartmentRule" r) AS rules,
      (SELECT coalesce(json_agg(o), '[]') FROM "AllocationRotation" o) AS rotation,
      (SELECT coalesce(json_agg(json_build_object(
          'id', a.id,
          'max', coalesce(p."maxConcurrentCount", 10),
          'load', (SELECT count(*) FROM "Conversation" c
            WHERE c."assignedAgentId" = a.id AND c."deletedTime" IS NULL AND c.status <> 'closed'
              AND NOT (s."excludePendingExternal" AND c.status = 'pendingExternal')
              AND NOT (s."excludeOnHold" AND c.status = 'onHold')),
          'last', (SELECT extract(epoch FROM max(r."allocatedTime")) * 1000 FROM "AllocationRecord" r WHERE r."agentId" = a.id),
          'departments', coalesce((SELECT json_agg(d."departmentId") FROM "AgentDepartment" d WHERE d."agentId" = a.id), '[]')
        ) ORDER BY a.id), '[]')
        FROM "Agent" a LEFT JOIN "AllocationAgentPreference" p ON p."agentId" = a.id
        WHERE a."isOnline" AND coalesce(p."ifAcceptAllocation", true)) AS agents
    FROM "AllocationSetting" s WHERE s.id = 1`;
  if (!row?.enable) return null;
  return {
    agents: row.agents.map((a) => ({
      id: a.id,
      load: a.load,
      limit: row.setMaxNumberForEachAgent ? a.max : row.maxNumberForAllAgents,
      lastAllocated: a.last === null ? 0 : Number(a.last),
      departments: new Set(a.departments),
    })),
    rules: new Map(row.rules.map((r) => [r.departmentId, r])),
    defaultRule: row.defaultRule,
    defaultPreferLastAssignee: row.defaultPreferLastAssignee,
    rotation: new Map(row.rotation.map((r) => [r.scope, r.lastAgentId])),
    rotated: new Set(),
    queued: row.queued,
  };
}

async function lastAssigneeOf(tx: Tx, subject: Subject): Promise<number | null> {
  if (subject.contactId === null) return null;
  const rows = await tx.$queryRaw<{ agentId: number }[]>`
    SELECT "assignedAgentId" AS "agentId" FROM "Conversation"
    WHERE "contactId" = ${subject.contactId} AND id <> ${subject.id} AND "assignedAgentId" IS NOT NULL AND "deletedTime" IS NULL
    ORDER BY "createdTime" DESC, id DESC LIMIT 1`;
  return rows[0]?.agentId ?? null;
}

/** The agent the rules give this conversation (and the scope deciding), or null when none is eligible. */
async function choose(tx: Tx, state: State, subject: Subject): Promise<{ agent: AgentState; scope: string } | null> {
  const eligible = state.agents.filter((a) => a.load < a.limit && (subject.departmentId === null || a.departments.has(subject.departmentId)));
  if (eligible.length === 0) return null;
  const rule = subject.departmentId !== null ? state.rules.get(subject.departmentId) : undefined;
  const scope = rule ? `department:${subject.departmentId}` : 'default';
  if (rule ? rule.preferLastAssignee : state.defaultPreferLastAssignee) {
    const last = await lastAssigneeOf(tx, subject);
    const agent = eligible.find((a) => a.id === last);
    if (agent) return { agent, scope };
  }
  if ((rule?.allocationRule ?? state.defaultRule) === 'roundRobin') {
    const previous = state.rotation.get(scope) ?? 0;
    const agent = eligible.find((a) => a.id > previous) ?? eligible[0]!;
    state.rotation.set(scope, agent.id);
    state.rotated.add(scope);
    return { agent, scope };
  }
  const agent = eligible.reduce((best, a) => (a.load < best.load || (a.load === best.load && a.lastAllocated < best.lastAllocated) ? a : best));
  return { agent, scope };
}

/** Writes the allocation (only if the conversation still has no agent and is open); true when it did. */
async function assign(tx: Tx, emit: Emit, subject: Subject, agent: AgentState, scope: string): Promise<boolean> {
  // One statement: the conditional update (a concurrent manual assignment wins), the queue row
  // goes either way, the record only with the update.
  const record = await tx.$queryRaw<{ at: Date }[]>`
    WITH updated AS (
      UPDATE "Conversation" SET "assignedAgentId" = ${agent.id}
      WHERE id = ${subject.id} AND "assignedAgentId" IS NULL AND "deletedTime" IS NULL AND status <> 'closed'
      RETURNING id
    ), dequeued AS (
      DELETE FROM "AllocationQueue" WHERE "conversationId" = ${subject.id}
    )
    INSERT INTO "AllocationRecord" ("conversationId", "agentId", "allocatedTime")
    SELECT id, ${agent.id}, clock_timestamp() FROM updated
    ON CONFLICT ("conversationId") DO UPDATE SET "agentId" = excluded."agentId"
    RETURNING "allocatedTime" AS at`;
  if (record.length === 0) return false;
  agent.load += 1;
  agent.lastAllocated = record[0]!.at.getTime();
  const actor: Viewer = automationViewer({ ruleType: 'allocation', ruleId: scope });
  emit({ type: 'conversation.updated', conversationId: subject.id, actor, payload: { fields: ['assignedAgentId'], changes: { assignedAgentId: [null, agent.id] } } });
  emit({
    type: 'conversation.assigneeChanged',
    conversationId: subject.id,
    actor,
    payload: { from: { agentId: null, departmentId: subject.departmentId }, to: { agentId: agent.id, departmentId: subject.departmentId } },
  });
  return true;
}

/**
 * Allocates queued conversations oldest first while any agent has room, `pages` pages of
 * QUEUE_BATCH at most (a page of conversations nobody can take yet, say of a full department, is
 * passed over, not read again); returns how many were allocated.
 */
async function drainWith(tx: Tx, emit: Emit, state: State, pages: number): Promise<number> {
  let allocated = 0;
  if (!state.queued) return allocated;
  const seen: number[] = [];
  for (let page = 0; page < pages && hasCapacity(state); page++) {
    const queued = await tx.$queryRaw<(Subject & { agentId: number | null; open: boolean })[]>`
      SELECT c.id, c."assignedDepartmentId" AS "departmentId", c."contactId", c."assignedAgentId" AS "agentId",
        (c."deletedTime" IS NULL AND c.status <> 'closed') AS open
      FROM "AllocationQueue" q JOIN "Conversation" c ON c.id = q."conversationId"
      WHERE NOT (q."conversationId" = ANY(${seen}::int[]))
      ORDER BY q."queuedTime", q."conversationId" LIMIT ${QUEUE_BATCH}`;
    const gone: number[] = [];
    for (const subject of queued) {
      seen.push(subject.id);
      if (subject.agentId !== null || !subject.open) {
        gone.push(subject.id);
        continue;
      }
      if (!hasCapacity(state)) break;
      const choice = await choose(tx, state, subject);
      if (choice && (await assign(tx, emit, subject, choice.agent, choice.scope))) allocated += 1;
    }
    if (gone.length) await tx.$executeRaw`DELETE FROM "AllocationQueue" WHERE "conversationId" = ANY(${gone}::int[])`;
    if (queued.length < QUEUE_BATCH) break;
  }
  return allocated;
}

async function saveRotation(tx: Tx, state: State) {
  if (state.rotated.size === 0) return;
  const scopes = [...state.rotated];
  const agents = scopes.map((scope) => state.rotation.get(scope)!);
  await tx.$executeRaw`
    INSERT INTO "AllocationRotation" ("scope", "lastAgentId") SELECT * FROM unnest(${scopes}::text[], ${agents}::int[])
    ON CONFLICT ("scope") DO UPDATE SET "lastAgentId" = excluded."lastAgentId"`;
}

/**
 * Inside the creating transaction, after routing: allocates the new conversation (when enabled,
 * it has no agent and is open), after any queued conversation an agent could take first; queues
 * it when no agent is eligible. Returns the agent id or null.
 */
export async function allocateNewConversation(tx: Tx, emit: Emit, conversation: { id: number; assignedAgentId: number | null; assignedDepartmentId: number | null; contactId: number | null; status: string }): Promise<number | null> {
  if (conversation.assignedAgentId !== null || conversation.status === 'closed') return null;
  const state = await loadState(tx);
  if (!state) return null;
  // One page at most here: the creator's transaction holds the lock for it.
  await drainWith(tx, emit, state, 1);
  const subject = { id: conversation.id, departmentId: conversation.assignedDepartmentId, contactId: conversation.contactId };
  const choice = await choose(tx, state, subject);
  let agentId: number | null = null;
  if (choice && (await assign(tx, emit, subject, choice.agent, choice.scope))) agentId = choice.agent.id;
  else await tx.$executeRaw`INSERT INTO "AllocationQueue" ("conversationId", "queuedTime") VALUES (${conversation.id}, clock_timestamp()) ON CONFLICT DO NOTHING`;
  await saveRotation(tx, state);
  return agentId;
}

/**
 * Drains the whole queue in a transaction of its own (events published after the commit). No
 * "is anything queued?" check before the lock: a creation holding the lock may be about to commit
 * a queue row that this drain, waiting for the lock, must then see.
 */
export async function drainAllocationQueue(context: Pick<ConsumerContext, 'prisma' | 'events' | 'invalidations'>): Promise<number> {
  return inTransaction({ ...context, viewer: automationViewer({ ruleType: 'allocation', ruleId: 'queue' }) }, async (tx, emit) => {
    // Conversations that got an agent otherwise, were closed or deleted leave the queue for good.
    await tx.$executeRaw`
      DELETE FROM "AllocationQueue" q USING "Conversation" c
      WHERE c.id = q."conversationId" AND (c."assignedAgentId" IS NOT NULL OR c."deletedTime" IS NOT NULL OR c.status = 'closed')`;
    const state = await loadState(tx);
    if (!state) return 0;
    const allocated = await drainWith(tx, emit, state, Number.POSITIVE_INFINITY);
    await saveRotation(tx, state);
    return allocated;
  });
}

/**
 * Every change that can free capacity or make an agent eligible: a conversation closed, moved to
 * an excluded status, reassigned away, moved to another department, deleted or merged; an agent
 * created, coming online, accepting again or joining a department; settings changed (enabled, a
 * limit raised, exclusions, rules).
 */
export const CAPACITY_EVENTS: readonly DomainEventType[] = [
  'conversation.statusChanged',
  'conversation.assigneeChanged',
  'conversation.updated',
  'conversation.deleted',
  'conversation.purged',
  'conversation.merged',
  'agent.created',
  'agent.updated',
  'allocation.settingsUpdated',
];

/**
 * The queue's durable driver: runs on every capacity event (woken right after a local commit by
 * the in-process bus, otherwise by the consumers' poll, CONSUMER_POLL_MS), so a conversation is
 * allocated within a poll interval of capacity freeing in any process, also after a crash.
 * Idempotent: draining twice allocates nothing twice (the queue row goes with the allocation).
 */
defineConsumer({
  name: 'allocation.queue',
  eventTypes: CAPACITY_EVENTS,
  async handle(events, _tx, context) {
    // Allocation's own writes free nothing: a batch of only those needs no pass.
    if (events.every((event) => event.actorType === 'automation' && event.actorId?.startsWith('allocation:'))) return;
    await drainAllocationQueue(context);
  },
});
