/**
 * Trigger execution from the durable consumer (real gateway, real PostgreSQL): each event kind
 * fires its triggers after commit, in orderIndex order, each on the state the previous ones left;
 * setValue writes as the automation actor; a batch retried after a failure runs each (event,
 * trigger) once; a trigger's own write does not fire it again and chains stop at the depth limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE as API, clientAuth, createContact, submit } from '../conversations/helpers.js';

const BASE = `${API}/triggers`;
let gw: TestGateway;
let agent: { id: number; auth: string };
let tag: number;
let scoreField: string;

beforeAll(async () => {
  gw = await startTestGateway({ consumerPollMs: 50, triggerMaxChainDepth: 3 });
  agent = await gw.createAgent({ name: 'Replier' });
  tag = (await gw.sql(`INSERT INTO "Tag"(name) VALUES ('escalated') RETURNING id`))[0].id;
  const score = await gw.rest('POST', `${API}/fields`, { type: 'integer', name: 'Score' });
  expect(score.status, JSON.stringify(score.body)).toBeLessThan(300);
  scoreField = score.body.id;
});
afterAll(() => gw?.stop());
beforeEach(async () => {
  await gw.sql(`DELETE FROM "Trigger"`);
});

const createTrigger = async (body: Record<string, unknown>) => {
  const res = await gw.rest('POST', BASE, { enable: true, setValue: true, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string };
};
const drain = () => gw.gateway.consumers!.drain();
const conversation = async (id: number) =>
  (await gw.sql(`SELECT status, priority, "assignedAgentId", (SELECT array_agg("tagId" ORDER BY "tagId") FROM "ConversationTag" WHERE "conversationId" = c.id) AS tags,
    (SELECT value FROM "ConversationFieldValue" WHERE "conversationId" = c.id AND "fieldId" = $2) AS score FROM "Conversation" c WHERE id = $1`, [id, scoreField]))[0];
const runs = async (triggerId: string) =>
  gw.sql<{ outcome: string; detail: string | null; depth: number; conversationId: number }>(
    `SELECT outcome, detail, depth, "conversationId" FROM "TriggerRun" WHERE "triggerId" = $1 ORDER BY "eventId"`, [Number(triggerId)]);
const eventsBy = async (triggerId: string, conversationId: number, type = 'conversation.updated') =>
  Number((await gw.sql(`SELECT count(*) n FROM "DomainEvent" WHERE "actorType" = 'automation' AND "actorId" = $1 AND "conversationId" = $2 AND type = $3`,
    [`trigger:${triggerId}`, conversationId, type]))[0].n);
const reply = async (id: number, body: Record<string, unknown>, auth?: string) => {
  const res = await gw.rest('POST', `${API}/conversations/${id}/messages`, { type: 'email', text: { format: 'plaintext', content: 'a reply' }, ...body }, auth);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
};
const update = async (id: number, body: Record<string, unknown>) => {
  const res = await gw.rest('PUT', `${API}/conversations/${id}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

describe('events', () => {
  it('conversationCreated: matching conversations get the values (as the automation actor), others are untouched', async () => {
    const t = await createTrigger({
      event: 'conversationCreated',
      conditions: [{ fieldId: 'messageText', matchType: 'contains', value: 'refund' }],
      autoUpdate: [{ fieldId: 'priority', value: 'urgent' }, { fieldId: 'tags', value: tag }, { fieldId: scoreField, value: '7' }, { fieldId: 'assignee', value: agent.id }],
    });
    const hit = await submit(gw, { subject: 'Money', text: 'I want a REFUND now' });
    const miss = await submit(gw, { subject: 'Hello', text: 'just saying hi' });
    await drain();
    expect(await conversation(hit.id)).toMatchObject({ priority: 'urgent', tags: [tag], score: '7', assignedAgentId: agent.id });
    expect(await conversation(miss.id)).toMatchObject({ priority: 'normal', tags: null, score: null, assignedAgentId: null });
    expect(await eventsBy(t.id, hit.id)).toBe(1);
    expect(await eventsBy(t.id, hit.id, 'conversation.assigneeChanged')).toBe(1);
    expect((await runs(t.id)).map((r) => [r.conversationId, r.outcome])).toEqual([[hit.id, 'applied'], [miss.id, 'noMatch']]);
  });

  it('conversationReplyReceived: a contact’s reply, not an agent’s and not the first message', async () => {
    const t = await createTrigger({ event: 'conversationReplyReceived', autoUpdate: [{ fieldId: 'status', value: 'pendingInternal' }] });
    const contactId = await createContact(gw, 'Rita');
    const integration = await clientAuth(gw, ['api']);
    const c = await submit(gw, { subject: 'Reply me' });
    await reply(c.id, { type: 'note' });
    await reply(c.id, {});
    await drain();
    expect((await conversation(c.id)).status).toBe('new');
    expect(await runs(t.id)).toEqual([]);
    await reply(c.id, { sendByType: 'contact', sendById: contactId }, integration);
    await drain();
    expect((await conversation(c.id)).status).toBe('pendingInternal');
    expect((await runs(t.id)).map((r) => r.outcome)).toEqual(['applied']);
  });

  it('agentReplied: an agent’s reply, email or social message, never a note', async () => {
    const t = await createTrigger({ event: 'agentReplied', autoUpdate: [{ fieldId: 'status', value: 'pendingExternal' }] });
    const c = await submit(gw, { subject: 'Agent answers' });
    await reply(c.id, { type: 'note' }, agent.auth);
    await drain();
    expect((await conversation(c.id)).status).toBe('new');
    expect(await runs(t.id)).toEqual([]);
    await reply(c.id, { type: 'reply' }, agent.auth);
    await drain();
    expect((await conversation(c.id)).status).toBe('pendingExternal');
    await update(c.id, { status: 'new' });
    await reply(c.id, { type: 'socialMessage' }, agent.auth);
    await drain();
    expect((await conversation(c.id)).status).toBe('pendingExternal');
    expect((await runs(t.id)).map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });

  it('conversationAssigneeChanged: with the change in the conditions (changedFields, the new assignee)', async () => {
    const t = await createTrigger({
      event: 'conversationAssigneeChanged',
      conditions: [{ fieldId: 'changedFields', matchType: 'contains', value: 'assignedAgent' }, { fieldId: 'assignedAgent', matchType: 'is', value: agent.id }],
      autoUpdate: [{ fieldId: 'priority', value: 'high' }],
    });
    const c = await submit(gw, { subject: 'Assign me' });
    await update(c.id, { priority: 'low' });
    await drain();
    expect(await runs(t.id)).toEqual([]);
    await update(c.id, { assignedAgentId: agent.id });
    await drain();
    expect((await conversation(c.id)).priority).toBe('high');
  });

  it('conversationStatusChanged: "changed to closed from new" through status and previousStatus', async () => {
    const t = await createTrigger({
      event: 'conversationStatusChanged',
      conditions: { when: 'all', list: [{ fieldId: 'status', matchType: 'is', value: 'closed' }, { fieldId: 'previousStatus', matchType: 'is', value: 'new' }] },
      autoUpdate: [{ fieldId: 'tags', value: tag }],
    });
    const a = await submit(gw, { subject: 'Close me' });
    const b = await submit(gw, { subject: 'Hold then close' });
    await update(a.id, { status: 'closed' });
    await update(b.id, { status: 'onHold' });
    // Conditions read the conversation as it is when the trigger runs (README "Triggers"): here, right after each change.
    await drain();
    await update(b.id, { status: 'closed' });
    await drain();
    expect((await conversation(a.id)).tags).toEqual([tag]);
    expect((await conversation(b.id)).tags).toBeNull();
    expect((await runs(t.id)).map((r) => r.outcome)).toEqual(['applied', 'noMatch', 'noMatch']);
  });

  it('a disabled trigger does not run; conversationStatusLastForCertainTime is stored but not fired yet', async () => {
    const t = await createTrigger({ event: 'conversationCreated', autoUpdate: [{ fieldId: 'priority', value: 'low' }] });
    expect((await gw.rest('PUT', `${BASE}/${t.id}`, { enable: false })).status).toBe(200);
    const timed = await createTrigger({ event: 'conversationStatusLastForCertainTime', statusDuration: 5, autoUpdate: [{ fieldId: 'priority', value: 'low' }] });
    const c = await submit(gw, { subject: 'Nothing happens' });
    await update(c.id, { status: 'onHold' });
    await drain();
    expect((await conversation(c.id)).priority).toBe('normal');
    expect(await runs(t.id)).toEqual([]);
    expect(await runs(timed.id)).toEqual([]);
  });
});

describe('order', () => {
  it('runs in orderIndex order, each on the state its predecessors left; sorting changes the outcome', async () => {
    const first = await createTrigger({ description: 'raise', event: 'conversationCreated', autoUpdate: [{ fieldId: 'priority', value: 'high' }] });
    const second = await createTrigger({
      description: 'hold high ones', event: 'conversationCreated',
      conditions: [{ fieldId: 'priority', matchType: 'is', value: 'high' }], autoUpdate: [{ fieldId: 'status', value: 'onHold' }],
    });
    const a = await submit(gw, { subject: 'ordered' });
    await drain();
    expect(await conversation(a.id)).toMatchObject({ priority: 'high', status: 'onHold' });

    expect((await gw.rest('PUT', `${BASE}/${second.id}/sort`, { type: 'up' })).status).toBe(204);
    const b = await submit(gw, { subject: 'reordered' });
    await drain();
    expect(await conversation(b.id)).toMatchObject({ priority: 'high', status: 'new' });
    expect((await runs(second.id)).map((r) => r.outcome)).toEqual(['applied', 'noMatch']);
    expect((await runs(first.id)).map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });
});

describe('exactly once', () => {
  it('a batch that fails after some triggers committed is retried: each (event, trigger) runs once', async () => {
    // T1 and T2 undo each other, so running T1 again on the retry would show as a second write.
    const t1 = await createTrigger({ event: 'conversationCreated', autoUpdate: [{ fieldId: 'priority', value: 'high' }] });
    const t2 = await createTrigger({ event: 'conversationCreated', autoUpdate: [{ fieldId: 'priority', value: 'low' }] });
    const t3 = await createTrigger({ event: 'conversationCreated', autoUpdate: [{ fieldId: 'status', value: 'onHold' }] });
    // A database fault: T3's first run fails (the sequence is not rolled back with the transaction).
    await gw.sql(`CREATE SEQUENCE trigger_fault`);
    await gw.sql(`CREATE FUNCTION trigger_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."triggerId" = ${Number(t3.id)} AND nextval('trigger_fault') = 1 THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await gw.sql(`CREATE TRIGGER trigger_fault BEFORE INSERT ON "TriggerRun" FOR EACH ROW EXECUTE FUNCTION trigger_fault()`);
    try {
      const c = await submit(gw, { subject: 'retried' });
      await drain();
      expect(Number((await gw.sql(`SELECT last_value FROM trigger_fault`))[0].last_value)).toBeGreaterThanOrEqual(2); // it did fail once
      expect(await conversation(c.id)).toMatchObject({ priority: 'low', status: 'onHold' });
      expect(await eventsBy(t1.id, c.id)).toBe(1);
      expect(await eventsBy(t2.id, c.id)).toBe(1);
      expect(await eventsBy(t3.id, c.id)).toBe(1);
      for (const t of [t1, t2, t3]) expect((await runs(t.id)).map((r) => r.outcome)).toEqual(['applied']);
    } finally {
      await gw.sql(`DROP TRIGGER trigger_fault ON "TriggerRun"; DROP FUNCTION trigger_fault(); DROP SEQUENCE trigger_fault`);
    }
  });

  it('after a crash between the runs’ commits and the batch’s position move, the replayed events change nothing', async () => {
    const t = await createTrigger({ event: 'conversationCreated', autoUpdate: [{ fieldId: 'priority', value: 'high' }] });
    const [{ position }] = await gw.sql(`SELECT position::text FROM "ConsumerCursor" WHERE name = 'triggers'`);
    const c = await submit(gw, { subject: 'crash' });
    await drain();
    expect((await conversation(c.id)).priority).toBe('high');
    // As if the process died right after the trigger runs committed: the stored position is where it was.
    await gw.sql(`UPDATE "ConsumerCursor" SET position = $1 WHERE name = 'triggers'`, [position]);
    await update(c.id, { priority: 'low' }); // a run of the trigger again would undo this
    await drain();
    expect((await conversation(c.id)).priority).toBe('low');
    expect(await eventsBy(t.id, c.id)).toBe(1);
    expect((await runs(t.id)).map((r) => r.outcome)).toEqual(['applied']);
  });

  it('a refused write is recorded as failed and the next triggers still run', async () => {
    const [doomed] = await gw.sql(`INSERT INTO "Agent"(name, email) VALUES ('Leaving', 'leaving@test.local') RETURNING id`);
    const assign = await createTrigger({ event: 'conversationCreated', autoUpdate: [{ fieldId: 'assignee', value: doomed.id }] });
    const after = await createTrigger({ event: 'conversationCreated', autoUpdate: [{ fieldId: 'priority', value: 'urgent' }] });
    await gw.sql(`DELETE FROM "Agent" WHERE id = $1`, [doomed.id]);
    const c = await submit(gw, { subject: 'assign to a ghost' });
    await drain();
    expect(await runs(assign.id)).toEqual([expect.objectContaining({ outcome: 'failed', detail: expect.stringMatching(/agent .* not found/) })]);
    expect((await conversation(c.id)).priority).toBe('urgent');
  });
});

describe('loops', () => {
  it('a trigger’s own write does not fire it again', async () => {
    const t = await createTrigger({ event: 'conversationStatusChanged', autoUpdate: [{ fieldId: 'status', value: 'pendingInternal' }] });
    const c = await submit(gw, { subject: 'self' });
    await update(c.id, { status: 'closed' });
    await drain();
    expect((await conversation(c.id)).status).toBe('pendingInternal');
    expect((await runs(t.id)).map((r) => [r.outcome, r.detail])).toEqual([
      ['applied', null],
      ['skipped', 'the event was caused by this trigger’s own write'],
    ]);
  });

  it('two triggers that undo each other stop at TRIGGER_MAX_CHAIN_DEPTH', async () => {
    const a = await createTrigger({ event: 'conversationStatusChanged', conditions: [{ fieldId: 'status', matchType: 'is', value: 'pendingInternal' }], autoUpdate: [{ fieldId: 'status', value: 'pendingExternal' }] });
    const b = await createTrigger({ event: 'conversationStatusChanged', conditions: [{ fieldId: 'status', matchType: 'is', value: 'pendingExternal' }], autoUpdate: [{ fieldId: 'status', value: 'pendingInternal' }] });
    const c = await submit(gw, { subject: 'ping pong' });
    await update(c.id, { status: 'pendingInternal' });
    await drain();
    const all = [...(await runs(a.id)), ...(await runs(b.id))];
    expect(Math.max(...all.map((r) => r.depth))).toBe(4);
    expect(all.filter((r) => r.outcome === 'applied').every((r) => r.depth <= 3)).toBe(true);
    expect(all.filter((r) => r.depth === 4).map((r) => r.outcome)).toEqual(expect.arrayContaining(['skipped']));
    expect(all.some((r) => /chain depth 4 exceeds TRIGGER_MAX_CHAIN_DEPTH \(3\)/.test(r.detail ?? ''))).toBe(true);
    // The log ends: the person's change and a bounded number of trigger writes.
    const changes = Number((await gw.sql(`SELECT count(*) n FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'conversation.statusChanged'`, [c.id]))[0].n);
    expect(changes).toBe(5);
    await drain();
    expect(Number((await gw.sql(`SELECT count(*) n FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'conversation.statusChanged'`, [c.id]))[0].n)).toBe(5);
  });
});
