/**
 * Trigger endpoints over REST and GraphQL (spec "# Triggers"): list, get, create, update, enable /
 * disable through `PUT triggers/{id}` with only `enable`, sort (no-op past either end), delete;
 * `conditions` as the spec's array and as `{ when, logicExpression, list }`, stored in the one
 * condition store; every bad input a 400 naming the field with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const BASE = '/api/v3/anytime/triggers';
let gw: TestGateway;
let agent: { id: number };
let department: number;
let tag: number;
let scoreField: string;
let levelField: string;

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ name: 'Trigger Target' });
  const dep = await gw.rest('POST', '/api/v3/departments', { name: 'Support' });
  expect(dep.status, JSON.stringify(dep.body)).toBe(201);
  department = dep.body.id;
  tag = (await gw.sql(`INSERT INTO "Tag"(name) VALUES ('vip') RETURNING id`))[0].id;
  const score = await gw.rest('POST', '/api/v3/anytime/fields', { type: 'integer', name: 'Score' });
  expect(score.status, JSON.stringify(score.body)).toBeLessThan(300);
  scoreField = score.body.id;
  const level = await gw.rest('POST', '/api/v3/anytime/fields', { type: 'dropdownList', name: 'Level', options: [{ name: 'Gold', value: 'gold' }, { name: 'Silver', value: 'silver' }] });
  expect(level.status, JSON.stringify(level.body)).toBeLessThan(300);
  levelField = level.body.id;
});
afterAll(() => gw?.stop());

const snapshot = async () =>
  JSON.stringify(
    await gw.sql(`SELECT (SELECT json_agg(t ORDER BY id) FROM "Trigger" t) AS t, (SELECT json_agg(a ORDER BY id) FROM "TriggerAutoUpdate" a) AS a,
      (SELECT count(*) FROM "Condition" WHERE "ownerType" = 'trigger') AS c`),
  );

const trigger = (overrides: Record<string, unknown> = {}) => ({
  description: 'Urgent to support',
  enable: true,
  event: 'conversationCreated',
  conditions: [{ fieldId: 'priority', matchType: 'is', value: 'urgent' }],
  setValue: true,
  autoUpdate: [{ fieldId: '00000000-0000-4000-8000-000000000006', value: department }],
  ...overrides,
});

const create = async (overrides: Record<string, unknown> = {}) => {
  const res = await gw.rest('POST', BASE, trigger(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('trigger endpoints', () => {
  it('creates with the spec’s condition array, gets and lists it; conditions live in the condition store', async () => {
    const created = await create();
    expect(created).toMatchObject({
      description: 'Urgent to support', enable: true, event: 'conversationCreated', when: 'all', logicExpression: null, setValue: true,
      autoUpdate: [{ triggerId: created.id, fieldId: '00000000-0000-4000-8000-000000000006', value: String(department) }],
      sendEmail: false, toAgents: [], attachment: null, showInConversationCorrespondences: false, statusDuration: null,
    });
    expect(created.conditions).toEqual([{ id: expect.any(String), type: 'trigger', fieldId: '00000000-0000-4000-8000-000000000003', matchType: 'is', value: 'urgent' }]);
    const stored = await gw.sql(`SELECT "ownerType", "triggerId" FROM "Condition" WHERE "triggerId" = $1`, [Number(created.id)]);
    expect(stored).toEqual([{ ownerType: 'trigger', triggerId: Number(created.id) }]);

    const got = await gw.rest('GET', `${BASE}/${created.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created);
    const list = await gw.rest('GET', BASE);
    expect(list.status).toBe(200);
    expect(list.body.triggers.map((t: { id: string }) => t.id)).toContain(created.id);
  });

  it('takes the routing rules’ { when, logicExpression, list } object too', async () => {
    const created = await create({
      conditions: { when: 'logicalExpression', logicExpression: '1 or 2', list: [
        { type: 'trigger', fieldId: 'status', matchType: 'is', value: 'new' },
        { fieldId: 'messageText', matchType: 'contains', value: 'refund' },
      ] },
    });
    expect(created).toMatchObject({ when: 'logicalExpression', logicExpression: '1 or 2' });
    expect(created.conditions.map((c: { matchType: string; value: string }) => c.value)).toEqual(['new', 'refund']);
  });

  it('updates partially; a body with only enable enables and disables', async () => {
    const created = await create();
    const updated = await gw.rest('PUT', `${BASE}/${created.id}`, { description: 'Renamed', conditions: [{ fieldId: 'priority', matchType: 'is', value: 'high' }], when: 'any' });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ description: 'Renamed', when: 'any', event: 'conversationCreated', autoUpdate: created.autoUpdate });
    expect(updated.body.conditions.map((c: { value: string }) => c.value)).toEqual(['high']);
    const disabled = await gw.rest('PUT', `${BASE}/${created.id}`, { enable: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enable: false, description: 'Renamed', conditions: updated.body.conditions });
    expect((await gw.rest('PUT', `${BASE}/${created.id}`, { enable: true })).body.enable).toBe(true);
  });

  it('sorts up and down; past either end is a no-op', async () => {
    await gw.sql(`DELETE FROM "Trigger"`);
    const a = await create({ description: 'a' });
    const b = await create({ description: 'b' });
    const c = await create({ description: 'c' });
    const order = async () => (await gw.rest('GET', BASE)).body.triggers.map((t: { description: string }) => t.description).join('');
    expect(await order()).toBe('abc');
    expect((await gw.rest('PUT', `${BASE}/${c.id}/sort`, { type: 'up' })).status).toBe(204);
    expect(await order()).toBe('acb');
    expect((await gw.rest('PUT', `${BASE}/${a.id}/sort`, { type: 'down' })).status).toBe(204);
    expect(await order()).toBe('cab');
    expect((await gw.rest('PUT', `${BASE}/${c.id}/sort`, { type: 'up' })).status).toBe(204);
    expect((await gw.rest('PUT', `${BASE}/${b.id}/sort`, { type: 'down' })).status).toBe(204);
    expect(await order()).toBe('cab');
    const list = (await gw.rest('GET', BASE)).body.triggers;
    expect(list.map((t: { orderIndex: number }) => t.orderIndex)).toEqual([1, 2, 3]);
    const bad = await gw.rest('PUT', `${BASE}/${b.id}/sort`, { type: 'sideways' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/type/);
  });

  it('deletes (with its conditions and actions); then 404', async () => {
    const created = await create();
    expect((await gw.rest('DELETE', `${BASE}/${created.id}`)).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/${created.id}`)).status).toBe(404);
    expect((await gw.rest('DELETE', `${BASE}/${created.id}`)).status).toBe(404);
    expect(await gw.sql(`SELECT 1 FROM "Condition" WHERE "triggerId" = $1 UNION ALL SELECT 1 FROM "TriggerAutoUpdate" WHERE "triggerId" = $1`, [Number(created.id)])).toEqual([]);
  });

  it('stores sendEmail with recipients, placeholders and an attachment; the timed event with statusDuration', async () => {
    const [attachment] = await gw.sql(`INSERT INTO "Attachment"(id, "fileName", size) VALUES (gen_random_uuid(), 'terms.pdf', 1000) RETURNING id`);
    const created = await create({
      event: 'conversationStatusLastForCertainTime', statusDuration: 30, setValue: false, autoUpdate: [],
      sendEmail: true, sendToContacts: true, sendToAgents: true, toAgents: [agent.id],
      subject: 'Re: {{conversation.subject}} (#{{ conversation.id }})', htmlText: '<p>Hi {{contact.name}}, {{agent.name}} here</p>', plainText: 'You wrote: {{message.text}}',
      attachment: { id: attachment.id }, showInConversationCorrespondences: true,
    });
    expect(created).toMatchObject({
      event: 'conversationStatusLastForCertainTime', statusDuration: 30, sendEmail: true, sendToContacts: true, sendToAgents: true, toAgents: [agent.id],
      subject: 'Re: {{conversation.subject}} (#{{ conversation.id }})', attachment: { id: attachment.id, fileName: 'terms.pdf', size: 1000 }, showInConversationCorrespondences: true,
    });
  });

  it('validates setValue values against each field’s type and stores them normalised', async () => {
    const created = await create({ autoUpdate: [
      { fieldId: 'status', value: 'pendingInternal' },
      { fieldId: 'priority', value: 'high' },
      { fieldId: 'assignee', value: agent.id },
      { fieldId: 'tags', value: String(tag) },
      { fieldId: scoreField, value: '042' },
      { fieldId: 'Level', value: 'gold' },
    ] });
    expect(created.autoUpdate.map((u: { value: string }) => u.value)).toEqual(['pendingInternal', 'high', String(agent.id), String(tag), '42', 'gold']);
  });
});

describe('fields in use', () => {
  it('a field a trigger tests or sets cannot be deleted, nor lose an option a trigger sets: 409 naming the trigger', async () => {
    const field = await gw.rest('POST', '/api/v3/anytime/fields', { type: 'dropdownList', name: 'Tier', options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] });
    expect(field.status).toBeLessThan(300);
    const setter = await create({ description: 'sets tier', autoUpdate: [{ fieldId: field.body.id, value: 'b' }] });
    const removeB = await gw.rest('PUT', `/api/v3/anytime/fields/${field.body.id}`, { options: [{ name: 'A', value: 'a' }] });
    expect(removeB.status, JSON.stringify(removeB.body)).toBe(409);
    expect(removeB.body.message).toContain(`the trigger "sets tier" (trigger ${setter.id})`);
    const removed = await gw.rest('DELETE', `/api/v3/anytime/fields/${field.body.id}`);
    expect(removed.status).toBe(409);
    expect(removed.body.message).toContain('the trigger "sets tier"');
    expect((await gw.rest('DELETE', `${BASE}/${setter.id}`)).status).toBe(204);

    const tester = await create({ description: 'tests tier', conditions: [{ fieldId: field.body.id, matchType: 'is', value: 'a' }] });
    const again = await gw.rest('DELETE', `/api/v3/anytime/fields/${field.body.id}`);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(`the trigger "tests tier" (trigger ${tester.id})`);
    expect((await gw.rest('DELETE', `${BASE}/${tester.id}`)).status).toBe(204);
    expect((await gw.rest('DELETE', `/api/v3/anytime/fields/${field.body.id}`)).status).toBe(204);
  });
});

describe('bad input: 400 naming the field, nothing written', () => {
  let existing: { id: string };
  beforeAll(async () => {
    existing = await create({ description: 'kept' });
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['unknown event', { event: 'conversationExploded' }, /^event must be one of/],
    ['missing event', { event: undefined }, /^event is required/],
    ['unknown condition field', { conditions: [{ fieldId: 'nope', matchType: 'is', value: 'x' }] }, /^conditions\[0\]\.fieldId refers to an unknown field/],
    ['bad match type', { conditions: [{ fieldId: 'priority', matchType: 'isMoreThan', value: 'urgent' }] }, /^conditions\[0\]\.matchType/],
    ['bad condition value', { conditions: [{ fieldId: 'priority', matchType: 'is', value: 'whenever' }] }, /^conditions\[0\]\.value must be one of/],
    ['bad expression', { conditions: { when: 'logicalExpression', logicExpression: '1 and 3', list: [{ fieldId: 'priority', matchType: 'is', value: 'high' }] } }, /logicExpression/],
    ['bad when', { conditions: { when: 'sometimes', list: [] } }, /^when must be one of/],
    ['unknown autoUpdate field', { autoUpdate: [{ fieldId: '11111111-1111-4111-8111-111111111111', value: 'x' }] }, /^autoUpdate\[0\]\.fieldId refers to an unknown field/],
    ['unsettable system field', { autoUpdate: [{ fieldId: 'subject', value: 'x' }] }, /^autoUpdate\[0\]\.fieldId "Subject" cannot be set/],
    ['status value', { autoUpdate: [{ fieldId: 'status', value: 'asleep' }] }, /^autoUpdate\[0\]\.value must be one of new/],
    ['priority value', { autoUpdate: [{ fieldId: 'priority', value: 'meh' }] }, /^autoUpdate\[0\]\.value must be one of urgent/],
    ['unknown agent', { autoUpdate: [{ fieldId: 'assignedAgent', value: '99999' }] }, /^autoUpdate\[0\]\.value must be an existing agent id/],
    ['agent not an id', { autoUpdate: [{ fieldId: 'assignedAgent', value: 'bob' }] }, /^autoUpdate\[0\]\.value must be an agent id/],
    ['unknown department', { autoUpdate: [{ fieldId: 'department', value: '99999' }] }, /^autoUpdate\[0\]\.value must be an existing department id/],
    ['unknown tag', { autoUpdate: [{ fieldId: 'tags', value: '99999' }] }, /^autoUpdate\[0\]\.value must be existing tag ids/],
    ['integer field', { autoUpdate: [{ fieldId: 'Score', value: '1.5' }] }, /^autoUpdate\[0\]\.value must be an integer for field "Score"/],
    ['dropdown option', { autoUpdate: [{ fieldId: 'Level', value: 'bronze' }] }, /^autoUpdate\[0\]\.value must be one of gold, silver/],
    ['field twice', { autoUpdate: [{ fieldId: 'status', value: 'new' }, { fieldId: 'status', value: 'closed' }] }, /^autoUpdate\[1\]\.fieldId sets field "Status" a second time/],
    ['setValue without actions', { autoUpdate: [] }, /^autoUpdate must set at least one field/],
    ['statusDuration below 5', { event: 'conversationStatusLastForCertainTime', statusDuration: 4 }, /^statusDuration must be between 5/],
    ['statusDuration missing', { event: 'conversationStatusLastForCertainTime' }, /^statusDuration is required/],
    ['statusDuration with another event', { statusDuration: 10 }, /^statusDuration applies only to the event conversationStatusLastForCertainTime/],
    ['statusDuration not an integer', { event: 'conversationStatusLastForCertainTime', statusDuration: 7.5 }, /statusDuration/],
    ['unknown agent in toAgents', { toAgents: [agentIdPlaceholder()] }, /^toAgents\[0\] refers to an unknown agent/],
    ['sendEmail without subject', { sendEmail: true, sendToContacts: true, plainText: 'hi' }, /^subject is required when sendEmail/],
    ['sendEmail without body', { sendEmail: true, sendToContacts: true, subject: 'hi' }, /^plainText is required \(or htmlText\)/],
    ['sendEmail without recipient', { sendEmail: true, subject: 'hi', plainText: 'x' }, /^sendToContacts or sendToAgents must be true/],
    ['unknown placeholder in subject', { subject: 'Hi {{contact.shoeSize}}' }, /^subject uses the unknown placeholder "\{\{contact.shoeSize\}\}"/],
    ['unknown placeholder in html', { htmlText: '<p>{{ ticket.number }}</p>' }, /^htmlText uses the unknown placeholder/],
    ['unknown placeholder in text', { plainText: '{{}}' }, /^plainText uses the unknown placeholder/],
    ['unknown attachment', { attachment: { id: '11111111-1111-4111-8111-111111111111' } }, /^attachment\.id refers to an unknown attachment/],
    ['enable not a boolean', { enable: 'yes' }, /enable/],
    ['description too long', { description: 'x'.repeat(501) }, /^description must be at most 500/],
    ['description not a string', { description: 12 }, /description/],
    ['setValue not a boolean', { setValue: 'on' }, /setValue/],
    ['sendToContacts not a boolean', { sendToContacts: 'x' }, /sendToContacts/],
    ['showInConversationCorrespondences not a boolean', { showInConversationCorrespondences: 2 }, /showInConversationCorrespondences/],
    ['toAgents not ids', { toAgents: 'all' }, /^toAgents\[0\] must be an agent id/],
    ['autoUpdate not a list of objects', { autoUpdate: ['status'] }, /autoUpdate/],
    ['autoUpdate without fieldId', { autoUpdate: [{ value: 'closed' }] }, /autoUpdate/],
    ['conditions not a list or object', { conditions: 'urgent' }, /conditions/],
    ['condition without matchType', { conditions: [{ fieldId: 'priority', value: 'urgent' }] }, /conditions|matchType/],
  ];

  function agentIdPlaceholder() {
    return 987654;
  }

  for (const [name, overrides, message] of cases) {
    it(`create: ${name}`, async () => {
      const before = await snapshot();
      const res = await gw.rest('POST', BASE, trigger(overrides));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    });
  }

  it('an oversize attachment', async () => {
    const [big] = await gw.sql(`INSERT INTO "Attachment"(id, "fileName", size) VALUES (gen_random_uuid(), 'huge.bin', $1) RETURNING id`, [11 * 1024 * 1024]);
    const before = await snapshot();
    const res = await gw.rest('POST', BASE, trigger({ attachment: { id: big.id } }));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^attachment is 11534336 bytes/);
    expect(await snapshot()).toBe(before);
  });

  it('update: the same checks, nothing written (also with the combination of stored and given settings)', async () => {
    const before = await snapshot();
    for (const [body, message] of [
      [{ event: 'nope' }, /^event must be one of/],
      [{ autoUpdate: [{ fieldId: 'priority', value: 'x' }] }, /^autoUpdate\[0\]\.value/],
      [{ conditions: [{ fieldId: 'status', matchType: 'is', value: 'x' }] }, /^conditions\[0\]\.value/],
      [{ event: 'conversationStatusLastForCertainTime' }, /^statusDuration is required/],
      [{ sendEmail: true }, /^subject is required when sendEmail/],
      [{ setValue: true, autoUpdate: [] }, /^autoUpdate must set at least one field/],
    ] as const) {
      const res = await gw.rest('PUT', `${BASE}/${existing.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    expect((await gw.rest('PUT', `${BASE}/abc`, { enable: true })).status).toBe(400);
    expect((await gw.rest('PUT', `${BASE}/99999`, { enable: true })).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it('agents may read but not write triggers', async () => {
    const reader = await gw.createAgent({ role: 'agent' });
    expect((await gw.rest('GET', BASE, undefined, reader.auth)).status).toBe(200);
    const before = await snapshot();
    expect((await gw.rest('POST', BASE, trigger(), reader.auth)).status).toBe(403);
    expect((await gw.rest('DELETE', `${BASE}/${existing.id}`, undefined, reader.auth)).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});

describe('GraphQL', () => {
  const FIELDS = `id description enable event statusDuration when logicExpression conditions { type fieldId matchType value }
    conditionSet { when logicExpression list { fieldId value } } setValue autoUpdate { fieldId value } sendEmail toAgents subject orderIndex`;

  it('creates, reads, updates, enables, sorts and deletes', async () => {
    const created = await gw.gql(`mutation($input: TriggerInput!) { createTrigger(input: $input) { ${FIELDS} } }`, {
      input: {
        description: 'gql', event: 'agentReplied', setValue: true, autoUpdate: [{ fieldId: 'status', value: 'pendingExternal' }],
        conditions: { when: 'any', list: [{ fieldId: 'messageType', matchType: 'is', value: 'email' }, { fieldId: 'messageType', matchType: 'is', value: 'reply' }] },
      },
    });
    expect(created.errors).toBeUndefined();
    const t = created.data.createTrigger;
    expect(t).toMatchObject({ description: 'gql', event: 'agentReplied', when: 'any', conditionSet: { when: 'any', list: [{ value: 'email' }, { value: 'reply' }] } });

    const read = await gw.gql(`query($id: ID!) { trigger(id: $id) { id } triggers { id } }`, { id: t.id });
    expect(read.data.trigger.id).toBe(t.id);
    expect(read.data.triggers.map((x: { id: string }) => x.id)).toContain(t.id);

    const updated = await gw.gql(`mutation($id: ID!, $input: TriggerInput!) { updateTrigger(id: $id, input: $input) { ${FIELDS} } }`, { id: t.id, input: { description: 'gql 2' } });
    expect(updated.data.updateTrigger).toMatchObject({ description: 'gql 2', when: 'any', event: 'agentReplied' });
    const disabled = await gw.gql(`mutation($id: ID!) { setTriggerEnabled(id: $id, enable: false) { enable } }`, { id: t.id });
    expect(disabled.data.setTriggerEnabled.enable).toBe(false);
    const sorted = await gw.gql(`mutation($id: ID!) { sortTrigger(id: $id, type: "down") { orderIndex } }`, { id: t.id });
    expect(sorted.errors).toBeUndefined();

    const bad = await gw.gql(`mutation($input: TriggerInput!) { createTrigger(input: $input) { id } }`, { input: { event: 'conversationCreated', subject: '{{nope}}' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/^subject uses the unknown placeholder/);

    const deleted = await gw.gql(`mutation($id: ID!) { deleteTrigger(id: $id) { id } }`, { id: t.id });
    expect(deleted.data.deleteTrigger.id).toBe(t.id);
    const gone = await gw.gql(`query($id: ID!) { trigger(id: $id) { id } }`, { id: t.id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
