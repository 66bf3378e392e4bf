/**
 * Auto allocation (issue #11 item 7) on the real server over HTTP, real PostgreSQL: a conversation
 * left without an agent after routing is allocated inside its creating transaction (the answer
 * shows it) on every creation path; eligibility (online, accepting, department, limit with
 * excluded statuses); loadBalancing with its tie-break; roundRobin whose rotation survives a
 * restart; preferLastAssignee; the queue, oldest first, drained within 5 s of each change that
 * frees capacity; allocated once, a manual unassign does not requeue.
 *
 * Each test starts from a clean slate: every agent offline, nothing open, the queue empty, the
 * settings at their defaults plus what the test sets; then it makes its own agents.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactToken, createContact, integrationToken } from '../attachments/helpers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const ALLOC = '/api/v3/anytime/autoAllocation';
const CONV = '/api/v3/anytime/conversations';
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ consumerPollMs: 200 });
});
afterAll(() => gw?.stop());

type Agent = { id: number; auth: string };

beforeEach(async () => {
  await gw.sql(`UPDATE "Agent" SET "isOnline" = false`);
  await gw.sql(`UPDATE "Conversation" SET status = 'closed', "closedTime" = now() WHERE status <> 'closed'`);
  await gw.sql(`DELETE FROM "AllocationQueue"`);
  await gw.sql(`DELETE FROM "AllocationRotation"`);
  await gw.sql(`DELETE FROM "AllocationAgentPreference"`);
  await settings({
    enable: true, defaultRule: 'loadBalancing', defaultPreferLastAssignee: false, setMaxNumberForEachAgent: false, maxNumberForAllAgents: 10,
    excludePendingExternal: false, excludeOnHold: false, allocationRuleSettings: [],
  });
});

async function settings(body: Record<string, unknown>) {
  const res = await gw.rest('PUT', ALLOC, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function online(agent: Agent, isOnline = true, ifAcceptAllocation?: boolean) {
  const res = await gw.rest('PUT', '/api/v3/anytime/agents/me/status', { isOnline, ...(ifAcceptAllocation === undefined ? {} : { ifAcceptAllocation }) }, agent.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function agents(n: number, departmentIds?: number[]): Promise<Agent[]> {
  const made: Agent[] = [];
  for (let i = 0; i < n; i++) {
    const agent = await gw.createAgent();
    if (departmentIds) expect((await gw.rest('PUT', `/api/v3/agents/${agent.id}`, { departmentIds })).status).toBe(200);
    await online(agent);
    made.push(agent);
  }
  return made;
}

async function department(name: string): Promise<number> {
  return (await gw.rest('POST', '/api/v3/departments', { name: `${name} ${Math.random().toString(36).slice(2, 8)}` })).body.id;
}

async function create(body: Record<string, unknown> = {}) {
  const res = await gw.rest('POST', CONV, {
    subject: 'Hello',
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'hi' } },
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: number; assignedAgentId: unknown };
}

async function update(id: number, body: Record<string, unknown>) {
  const res = await gw.rest('PUT', `${CONV}/${id}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const agentOf = async (id: number): Promise<number | null> =>
  (await gw.sql(`SELECT "assignedAgentId" a FROM "Conversation" WHERE id = $1`, [id]))[0].a;
const queued = async (): Promise<number[]> =>
  (await gw.sql(`SELECT "conversationId" id FROM "AllocationQueue" ORDER BY "queuedTime", "conversationId"`)).map((r) => r.id);

/** Bounded wait for the drain (the only timing in this file): the agent within 5 s. */
async function allocatedWithin5s(id: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const agent = await agentOf(id);
    if (agent !== null) return agent;
    if (Date.now() > deadline) throw new Error(`conversation ${id} not allocated within 5 s; queue: ${JSON.stringify(await queued())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
/** Every event committed so far handled by the consumers (for "still not allocated" checks). */
const settled = () => gw.gateway.consumers!.drain();

describe('allocation on create', () => {
  it('allocates inside the creating transaction on every path; the create answer shows the agent', async () => {
    const [ann] = await agents(1);
    const rest = await create();
    expect(String(rest.assignedAgentId)).toBe(String(ann!.id));
    const gql = await gw.gql(
      `mutation($input: CreateConversationInput!) { createConversation(input: $input) { databaseId assignedAgent { databaseId } } }`,
      { input: { subject: 'via GraphQL', channel: 'email', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } } },
    );
    expect(gql.errors, JSON.stringify(gql.errors)).toBeUndefined();
    expect(gql.data.createConversation.assignedAgent.databaseId).toBe(ann!.id);
    const contact = await createContact(gw, 'Carol');
    const portal = await gw.rest('POST', '/api/v3/anytime/portalConversations', { subject: 'From the portal', message: { text: { content: 'please' } } }, await contactToken(gw, contact));
    expect([200, 201], JSON.stringify(portal.body)).toContain(portal.status);
    expect(await agentOf(portal.body.id)).toBe(ann!.id);
    const api = await gw.rest('POST', CONV, { subject: 'From an integration', channel: 'api', message: { type: 'reply', text: { format: 'plaintext', content: 'x' } } }, await integrationToken(gw, ['api']));
    expect(api.status, JSON.stringify(api.body)).toBe(200);
    expect(String(api.body.assignedAgentId)).toBe(String(ann!.id));
    // The allocation's events name the automation; the creation's name the creator.
    const events = await gw.sql(`SELECT type, "actorType", "actorId" FROM "DomainEvent" WHERE "conversationId" = $1 ORDER BY id`, [rest.id]);
    expect(events.find((e) => e.type === 'conversation.created')).toMatchObject({ actorType: 'agent' });
    expect(events.find((e) => e.type === 'conversation.assigneeChanged')).toEqual({ type: 'conversation.assigneeChanged', actorType: 'automation', actorId: 'allocation:default' });
    expect((await gw.sql(`SELECT "agentId" FROM "AllocationRecord" WHERE "conversationId" = $1`, [rest.id]))[0].agentId).toBe(ann!.id);
  });

  it('does nothing while disabled, for explicit assignees and for closed conversations', async () => {
    const [ann] = await agents(1);
    const other = await gw.createAgent();
    expect(await agentOf((await create({ assignedAgentId: other.id })).id)).toBe(other.id);
    expect(await agentOf((await create({ status: 'closed' })).id)).toBe(null);
    expect((await gw.rest('PUT', `${ALLOC}/enable`, { enable: false })).status).toBe(204);
    const c = await create();
    await settled();
    expect(await agentOf(c.id)).toBe(null);
    expect(await queued()).toEqual([]);
    expect(ann).toBeDefined();
  });
});

describe('eligibility', () => {
  it('only online agents that accept allocation', async () => {
    const [ann, bob, cat] = await agents(3);
    await online(ann!, false);
    await online(bob!, true, false);
    for (let i = 0; i < 3; i++) expect(await agentOf((await create()).id)).toBe(cat!.id);
  });

  it('under the limit: maxNumberForAllAgents for everyone unless setMaxNumberForEachAgent, then maxConcurrentCount', async () => {
    const [ann, bob] = await agents(2);
    await settings({ maxNumberForAllAgents: 1, agentPreferences: [{ agentId: ann!.id, maxConcurrentCount: 3 }] });
    const got = [await agentOf((await create()).id), await agentOf((await create()).id)];
    expect(got.sort()).toEqual([ann!.id, bob!.id].sort());
    const third = await create();
    expect(third.assignedAgentId ?? null).toBe(null);
    expect(await queued()).toEqual([third.id]);
    // Per agent: ann's own 3 counts now, bob keeps the default 10 (no row); the change drains the queue.
    await settings({ setMaxNumberForEachAgent: true, agentPreferences: [{ agentId: bob!.id, maxConcurrentCount: 1 }] });
    expect(await allocatedWithin5s(third.id)).toBe(ann!.id);
    expect(await agentOf((await create()).id)).toBe(ann!.id);
    expect((await create()).assignedAgentId ?? null).toBe(null);
  });

  it('excluded statuses do not count towards the limit', async () => {
    const [ann] = await agents(1);
    await settings({ maxNumberForAllAgents: 2 });
    const pending = await create({ status: 'pendingExternal' });
    const hold = await create({ status: 'onHold' });
    expect([await agentOf(pending.id), await agentOf(hold.id)]).toEqual([ann!.id, ann!.id]);
    const waiting = await create();
    expect(await queued()).toEqual([waiting.id]);
    await settings({ excludePendingExternal: true });
    expect(await allocatedWithin5s(waiting.id)).toBe(ann!.id);
    const next = await create();
    expect(await queued()).toEqual([next.id]);
    await settings({ excludeOnHold: true });
    expect(await allocatedWithin5s(next.id)).toBe(ann!.id);
  });

  it('a conversation with a department goes to that department’s agents only', async () => {
    const billing = await department('Billing');
    const [outsider] = await agents(1);
    const [member] = await agents(1, [billing]);
    // Load balancing prefers the outsider (fewer), but the conversation is in Billing.
    await create({ assignedAgentId: member!.id });
    expect(await agentOf((await create({ assignedDepartmentId: billing })).id)).toBe(member!.id);
    expect(await agentOf((await create()).id)).toBe(outsider!.id);
    await online(member!, false);
    const waiting = await create({ assignedDepartmentId: billing });
    expect(await queued()).toEqual([waiting.id]);
    // A department conversation that cannot go anywhere does not hold back one that can.
    const younger = await create();
    expect(await agentOf(younger.id)).toBe(outsider!.id);
    await online(member!);
    expect(await allocatedWithin5s(waiting.id)).toBe(member!.id);
    // Joining the department is capacity too.
    await online(member!, false);
    const again = await create({ assignedDepartmentId: billing });
    expect(await queued()).toEqual([again.id]);
    expect((await gw.rest('PUT', `/api/v3/agents/${outsider!.id}`, { departmentIds: [billing] })).status).toBe(200);
    expect(await allocatedWithin5s(again.id)).toBe(outsider!.id);
  });
});

describe('rules', () => {
  it('loadBalancing: fewest counted conversations; ties to the agent longest since their last allocation', async () => {
    const [ann, bob, cat] = await agents(3);
    await create({ assignedAgentId: ann!.id });
    await create({ assignedAgentId: ann!.id });
    await create({ assignedAgentId: bob!.id });
    // 2/1/0 → cat; 2/1/1: bob was never allocated automatically, cat just was → bob; 2/2/1 → cat.
    expect(await agentOf((await create()).id)).toBe(cat!.id);
    expect(await agentOf((await create()).id)).toBe(bob!.id);
    expect(await agentOf((await create()).id)).toBe(cat!.id);
    // All at 2: ann never allocated → ann; then bob (allocated before cat) → bob; then cat.
    expect(await agentOf((await create()).id)).toBe(ann!.id);
    expect(await agentOf((await create()).id)).toBe(bob!.id);
    expect(await agentOf((await create()).id)).toBe(cat!.id);
  });

  it('roundRobin: a rotation in id order, kept in the database across a restart', async () => {
    await settings({ defaultRule: 'roundRobin' });
    const [ann, bob, cat] = await agents(3);
    await create({ assignedAgentId: ann!.id });
    await create({ assignedAgentId: ann!.id });
    expect(await agentOf((await create()).id)).toBe(ann!.id);
    expect(await agentOf((await create()).id)).toBe(bob!.id);
    const restarted = await restart();
    const c = await restarted.rest('POST', CONV, { subject: 'after restart', channel: 'email', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } });
    expect(c.status).toBe(200);
    expect(await agentOf(c.body.id)).toBe(cat!.id);
    expect(await agentOf((await create()).id)).toBe(ann!.id);
    expect((await gw.sql(`SELECT "lastAgentId" FROM "AllocationRotation" WHERE scope = 'default'`))[0].lastAgentId).toBe(ann!.id);
  });

  it('a department’s own rule and rotation; the default rule elsewhere', async () => {
    const support = await department('Support');
    const [ann, bob] = await agents(2, [support]);
    await settings({ allocationRuleSettings: [{ departmentId: support, allocationRule: 'roundRobin' }] });
    await create({ assignedAgentId: ann!.id });
    // roundRobin in Support ignores ann's load; outside it, load balancing gives bob.
    expect(await agentOf((await create({ assignedDepartmentId: support })).id)).toBe(ann!.id);
    expect(await agentOf((await create({ assignedDepartmentId: support })).id)).toBe(bob!.id);
    expect(await agentOf((await create({ assignedDepartmentId: support })).id)).toBe(ann!.id);
    expect(await agentOf((await create()).id)).toBe(bob!.id);
    expect((await gw.sql(`SELECT scope FROM "AllocationRotation"`)).map((r) => r.scope)).toEqual([`department:${support}`]);
  });

  it('preferLastAssignee gives the contact’s last assignee when eligible', async () => {
    const [ann, bob] = await agents(2);
    const contact = await createContact(gw, 'Dora');
    const forContact = { relatedType: 'contact', relatedId: String(contact) };
    await create({ ...forContact, assignedAgentId: bob!.id });
    await create({ assignedAgentId: bob!.id });
    // Without the preference load balancing gives ann.
    expect(await agentOf((await create(forContact)).id)).toBe(ann!.id);
    await settings({ defaultPreferLastAssignee: true });
    // ann is now the contact's last assignee (the newest of its conversations with an agent).
    expect(await agentOf((await create(forContact)).id)).toBe(ann!.id);
    await create({ ...forContact, assignedAgentId: bob!.id });
    expect(await agentOf((await create(forContact)).id)).toBe(bob!.id);
    // Not eligible (offline) → the rule decides.
    await online(bob!, false);
    expect(await agentOf((await create(forContact)).id)).toBe(ann!.id);
  });
});

describe('the queue', () => {
  it('waits oldest first and drains on each change that frees capacity', async () => {
    const [ann] = await agents(1);
    await settings({ maxNumberForAllAgents: 1 });
    const first = await create();
    expect(await agentOf(first.id)).toBe(ann!.id);
    const q = [await create(), await create(), await create(), await create(), await create(), await create()].map((c) => c.id);
    expect(await queued()).toEqual(q);

    // Closed.
    await update(first.id, { status: 'closed' });
    expect(await allocatedWithin5s(q[0]!)).toBe(ann!.id);
    await settled();
    expect(await queued()).toEqual(q.slice(1));
    // Moved into an excluded status.
    await settings({ excludeOnHold: true });
    await settled();
    expect(await queued()).toEqual(q.slice(1));
    await update(q[0]!, { status: 'onHold' });
    expect(await allocatedWithin5s(q[1]!)).toBe(ann!.id);
    // Reassigned away.
    const other = await gw.createAgent();
    await update(q[1]!, { assignedAgentId: other.id });
    expect(await allocatedWithin5s(q[2]!)).toBe(ann!.id);
    // An agent coming online.
    const [bob] = await agents(1);
    expect(await allocatedWithin5s(q[3]!)).toBe(bob!.id);
    // An agent accepting again.
    const cat = await gw.createAgent();
    await online(cat, true, false);
    await settled();
    expect(await queued()).toEqual(q.slice(4));
    await online(cat, true, true);
    expect(await allocatedWithin5s(q[4]!)).toBe(cat.id);
    // A limit raised.
    await settings({ maxNumberForAllAgents: 2 });
    expect(await allocatedWithin5s(q[5]!)).not.toBe(null);
    await settled();
    expect(await queued()).toEqual([]);
  });

  it('settings changed: enabling drains what waited; a conversation leaving the queue otherwise is dropped', async () => {
    const [ann] = await agents(1);
    await settings({ maxNumberForAllAgents: 1 });
    await create();
    const waiting = await create();
    const closedWhileWaiting = await create();
    const assignedWhileWaiting = await create();
    expect(await queued()).toEqual([waiting.id, closedWhileWaiting.id, assignedWhileWaiting.id]);
    await update(closedWhileWaiting.id, { status: 'closed' });
    await update(assignedWhileWaiting.id, { assignedAgentId: ann!.id });
    await settled();
    expect(await queued()).toEqual([waiting.id]);
    expect((await gw.rest('PUT', `${ALLOC}/enable`, { enable: false })).status).toBe(204);
    await settings({ maxNumberForAllAgents: 5 });
    await settled();
    expect(await agentOf(waiting.id)).toBe(null);
    expect((await gw.rest('PUT', `${ALLOC}/enable`, { enable: true })).status).toBe(204);
    expect(await allocatedWithin5s(waiting.id)).toBe(ann!.id);
    expect(await agentOf(closedWhileWaiting.id)).toBe(null);
    await settled();
    expect(await queued()).toEqual([]);
  });

  it('drains from the event log: capacity freed through a gateway without consumers is picked up by another', async () => {
    const [ann] = await agents(1);
    await settings({ maxNumberForAllAgents: 1 });
    const first = await create();
    const waiting = await create();
    expect(await queued()).toEqual([waiting.id]);
    const writer = await startTestGateway({ databaseUrl: gw.databaseUrl, consumersEnabled: false });
    try {
      const closed = await writer.rest('PUT', `${CONV}/${first.id}`, { status: 'closed' });
      expect(closed.status).toBe(200);
      // Only this file's gateway runs the consumer; it hears of the close by polling the log.
      expect(await allocatedWithin5s(waiting.id)).toBe(ann!.id);
    } finally {
      await writer.stop();
    }
  });

  it('allocates a conversation once: a manual unassign does not requeue it', async () => {
    const [ann] = await agents(1);
    const c = await create();
    expect(await agentOf(c.id)).toBe(ann!.id);
    await update(c.id, { assignedAgentId: null });
    await settled();
    expect(await agentOf(c.id)).toBe(null);
    expect(await queued()).toEqual([]);
    // Capacity changes later still leave it alone.
    await settings({ maxNumberForAllAgents: 20 });
    await online(ann!, true, true);
    await settled();
    expect(await agentOf(c.id)).toBe(null);
    expect((await gw.sql(`SELECT count(*)::int n FROM "AllocationRecord" WHERE "conversationId" = $1`, [c.id]))[0].n).toBe(1);
  });
});

/** Stops this file's gateway and starts another on the same database (the rotation must persist). */
async function restart(): Promise<TestGateway> {
  const databaseUrl = gw.databaseUrl;
  await gw.stop();
  gw = await startTestGateway({ databaseUrl, consumerPollMs: 200 });
  return gw;
}
