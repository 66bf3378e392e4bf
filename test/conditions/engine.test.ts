/**
 * The condition engine on a few hand-made conversations: every matchType on a field it suits,
 * all three `when` modes, and the rejections (each a 400 naming the problem). Every match is
 * computed twice, by the compiled SQL and in memory, and the two must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConditionSetOf, type RawCondition } from '../../src/engine/conditions/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { matching, rejection } from './helpers.js';

let gw: TestGateway;
const f: Record<string, string> = {};
let a1: number, a2: number, d1: number, t1: number, t2: number, c1: number;
let conv: number[];

async function field(body: Record<string, unknown>) {
  const res = await gw.rest('POST', '/api/v3/anytime/fields', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id as string;
}

async function conversation(row: Record<string, unknown>, tags: number[], values: Record<string, string>) {
  const [{ id }] = await gw.sql(
    `INSERT INTO "Conversation"(guid, subject, status, priority, channel, "assignedAgentId", "assignedDepartmentId", "contactId", "createdTime", "lastRepliedTime")
     VALUES (gen_random_uuid(), $1, $2::"ConversationStatus", $3::"ConversationPriority", $4, $5, $6, $7, $8, $9) RETURNING id`,
    [row.subject, row.status, row.priority, row.channel, row.agent ?? null, row.department ?? null, row.contact ?? null, row.created, row.replied ?? row.created],
  );
  for (const tag of tags) await gw.sql(`INSERT INTO "ConversationTag"("conversationId", "tagId") VALUES ($1, $2)`, [id, tag]);
  for (const [name, value] of Object.entries(values)) {
    await gw.sql(`INSERT INTO "ConversationFieldValue"("conversationId", "fieldId", value) VALUES ($1, $2, $3)`, [id, f[name], value]);
  }
  return id as number;
}

beforeAll(async () => {
  gw = await startTestGateway();
  a1 = (await gw.createAgent()).id;
  a2 = (await gw.createAgent()).id;
  d1 = (await gw.sql(`INSERT INTO "Department"(name) VALUES ('Support') RETURNING id`))[0].id;
  c1 = (await gw.sql(`INSERT INTO "Contact"(name) VALUES ('Carol') RETURNING id`))[0].id;
  t1 = (await gw.sql(`INSERT INTO "Tag"(name) VALUES ('vip') RETURNING id`))[0].id;
  t2 = (await gw.sql(`INSERT INTO "Tag"(name) VALUES ('bug') RETURNING id`))[0].id;
  f.code = await field({ type: 'text', name: 'Code' });
  f.qty = await field({ type: 'integer', name: 'Qty' });
  f.price = await field({ type: 'float', name: 'Price' });
  f.due = await field({ type: 'date', name: 'Due' });
  f.urgent = await field({ type: 'checkbox', name: 'Urgent' });
  f.colour = await field({ type: 'radio', name: 'Colour', options: [{ value: 'red' }, { value: 'green' }, { value: 'blue' }] });
  f.extras = await field({ type: 'checkboxList', name: 'Extras', options: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
  f.owner = await field({ type: 'operator', name: 'Owner' });
  f.team = await field({ type: 'department', name: 'Team' });
  f.mail = await field({ type: 'email', name: 'Mail' });
  conv = [
    await conversation(
      { subject: 'Printer on fire', status: 'new', priority: 'high', channel: 'email', agent: a1, department: d1, contact: c1, created: '2026-01-10 10:00:00' },
      [t1],
      { code: 'ABC-1', qty: '5', price: '2.50', due: '2026-03-01', urgent: 'true', colour: 'red', extras: 'a,b', owner: String(a1), team: String(d1), mail: 'x@y.com' },
    ),
    await conversation(
      { subject: 'Refund', status: 'closed', priority: 'low', channel: 'chat', created: '2026-01-12 08:00:00' },
      [],
      { code: 'xyz', qty: '12', due: '2026-03-02T12:00:00.000Z', urgent: 'false', colour: 'blue', extras: 'c' },
    ),
    await conversation({ subject: 'printer jam', status: 'pendingInternal', priority: 'normal', channel: 'email', agent: a2, created: '2026-01-10 23:59:59' }, [t1, t2], {}),
  ];
});
afterAll(() => gw?.stop());

const one = (fieldId: string, matchType: string, value: string): RawCondition => ({ fieldId, matchType, value });
const only = async (fieldId: string, matchType: string, value: string) => (await matching(gw, { conditions: [one(fieldId, matchType, value)] })).map((id) => conv.indexOf(id) + 1);

describe('every matchType on a suitable field (SQL and memory agree)', () => {
  it('contains / notContains: text (case-insensitive), checkbox lists, tags', async () => {
    expect(await only('subject', 'contains', 'PRINTER')).toEqual([1, 3]);
    expect(await only('subject', 'notContains', 'printer')).toEqual([2]);
    expect(await only(f.code!, 'contains', 'abc')).toEqual([1]);
    expect(await only('Code', 'notContains', 'abc')).toEqual([2, 3]);
    expect(await only('Extras', 'contains', 'b')).toEqual([1]);
    expect(await only('Extras', 'notContains', 'c')).toEqual([1, 3]);
    expect(await only('tags', 'contains', String(t2))).toEqual([3]);
    expect(await only('tags', 'notContains', String(t1))).toEqual([2]);
    expect(await only('channel', 'contains', 'MAI')).toEqual([1, 3]);
    expect(await only('Mail', 'contains', '@Y.')).toEqual([1]);
  });

  it('is / isNot: options, enums, ids, numbers, checkboxes, empty values, days', async () => {
    expect(await only('status', 'is', 'new')).toEqual([1]);
    expect(await only('priority', 'isNot', 'low')).toEqual([1, 3]);
    expect(await only('Colour', 'is', 'red')).toEqual([1]);
    expect(await only('Colour', 'isNot', 'red')).toEqual([2, 3]);
    expect(await only('Qty', 'is', '5')).toEqual([1]);
    expect(await only('Qty', 'isNot', '5')).toEqual([2, 3]);
    expect(await only('Urgent', 'is', 'true')).toEqual([1]);
    expect(await only('Urgent', 'is', 'false')).toEqual([2, 3]);
    expect(await only('Urgent', 'isNot', 'false')).toEqual([1]);
    expect(await only('assignedAgent', 'is', String(a1))).toEqual([1]);
    expect(await only('assignedAgent', 'isNot', String(a1))).toEqual([2, 3]);
    expect(await only('assignedAgent', 'is', '')).toEqual([2]);
    expect(await only('assignedDepartment', 'isNot', '')).toEqual([1]);
    expect(await only('contact', 'is', String(c1))).toEqual([1]);
    expect(await only('Owner', 'is', String(a1))).toEqual([1]);
    expect(await only('Team', 'isNot', String(d1))).toEqual([2, 3]);
    expect(await only('Code', 'is', '')).toEqual([3]);
    expect(await only('Code', 'isNot', '')).toEqual([1, 2]);
    expect(await only('Code', 'is', 'xyz')).toEqual([2]);
    expect(await only('Code', 'is', 'XYZ')).toEqual([]);
    expect(await only('Extras', 'is', 'b,a')).toEqual([1]);
    expect(await only('tags', 'is', '')).toEqual([2]);
    expect(await only('tags', 'is', String(t1))).toEqual([1, 3]);
    expect(await only('tags', 'isNot', String(t2))).toEqual([1, 2]);
    expect(await only('subject', 'is', 'Refund')).toEqual([2]);
    expect(await only('createdTime', 'is', '2026-01-10')).toEqual([1, 3]);
    expect(await only('createdTime', 'isNot', '2026-01-10')).toEqual([2]);
    expect(await only('Due', 'is', '2026-03-02')).toEqual([2]);
  });

  it('isMoreThan / isLessThan: numbers compare as numbers, dates as instants', async () => {
    expect(await only('Qty', 'isMoreThan', '5')).toEqual([2]);
    expect(await only('Qty', 'isLessThan', '10')).toEqual([1]);
    expect(await only('Price', 'isMoreThan', '2.4')).toEqual([1]);
    expect(await only('Price', 'isLessThan', '-1')).toEqual([]);
    expect(await only('createdTime', 'isMoreThan', '2026-01-11')).toEqual([2]);
    expect(await only('lastReplyTime', 'isLessThan', '2026-01-11')).toEqual([1, 3]);
  });

  it('before / after: a day means the whole UTC day, a time means that instant', async () => {
    expect(await only('Due', 'before', '2026-03-02')).toEqual([1]);
    expect(await only('Due', 'after', '2026-03-01')).toEqual([2]);
    expect(await only('Due', 'after', '2026-03-02T11:59:59Z')).toEqual([2]);
    expect(await only('Due', 'before', '2026-03-02T15:00:00+02:00')).toEqual([1, 2]);
    expect(await only('createdTime', 'before', '2026-01-10T12:00:00Z')).toEqual([1]);
    expect(await only('createdTime', 'after', '2026-01-10')).toEqual([2]);
    expect(await only('createdTime', 'after', '2026-01-10T10:00:00Z')).toEqual([2, 3]);
  });
});

describe('when: all, any, logicalExpression', () => {
  const conditions = () => [one('subject', 'contains', 'printer'), one('priority', 'is', 'high'), one('channel', 'is', 'chat')];
  const numbers = (ids: number[]) => ids.map((id) => conv.indexOf(id) + 1);

  it('all (the default) needs every condition', async () => {
    expect(numbers(await matching(gw, { conditions: conditions().slice(0, 2) }))).toEqual([1]);
    expect(numbers(await matching(gw, { when: 'all', conditions: conditions() }))).toEqual([]);
  });
  it('any needs one', async () => {
    expect(numbers(await matching(gw, { when: 'any', conditions: conditions() }))).toEqual([1, 2, 3]);
    expect(numbers(await matching(gw, { when: 'any', conditions: conditions().slice(1) }))).toEqual([1, 2]);
  });
  it('logicalExpression combines the numbered conditions, and binds "and" tighter than "or"', async () => {
    expect(numbers(await matching(gw, { when: 'logicalExpression', logicalExpression: '(1 and 2) or 3', conditions: conditions() }))).toEqual([1, 2]);
    expect(numbers(await matching(gw, { when: 'logicalExpression', logicalExpression: '1 and (2 or 3)', conditions: conditions() }))).toEqual([1]);
    expect(numbers(await matching(gw, { when: 'logicalExpression', logicalExpression: '3 or 1 AND 2', conditions: conditions() }))).toEqual([1, 2]);
    expect(numbers(await matching(gw, { when: 'logicalExpression', logicExpression: '((1)) && 2 || 3', conditions: conditions() }))).toEqual([1, 2]);
  });
  it("reads the spec's Conditions object of routing rules, triggers and SLA policies", async () => {
    const raw = rawConditionSetOf({ when: 'logicalExpression', logicExpression: '1 or 2', list: [{ id: 'c1', type: 'trigger', fieldId: 'status', matchType: 'is', value: 'closed' }, { fieldId: 'Qty', matchType: 'isLessThan', value: 6 }] });
    expect(numbers(await matching(gw, raw))).toEqual([1, 2]);
    expect(rawConditionSetOf(null)).toEqual({ when: 'all', conditions: [] });
    expect(() => rawConditionSetOf({ list: 'nope' })).toThrow(/conditions\.list must be a list/);
  });
  it('an empty set matches everything', async () => {
    expect(numbers(await matching(gw, { conditions: [] }))).toEqual([1, 2, 3]);
    expect(numbers(await matching(gw, { when: 'any', conditions: [] }))).toEqual([1, 2, 3]);
  });
});

describe('rejections: 400 naming the condition and the problem', () => {
  const cases: [string, Parameters<typeof rejection>[1], RegExp][] = [
    ['an unknown field', { conditions: [one('Nope', 'is', 'x')] }, /conditions\[0\]\.fieldId refers to an unknown field "Nope"/],
    ['a missing field', { conditions: [one('', 'is', 'x')] }, /conditions\[0\]\.fieldId is required/],
    ['an unknown matchType', { conditions: [one('subject', 'startsWith', 'x')] }, /conditions\[0\]\.matchType must be one of contains, notContains/],
    ['isMoreThan on text', { conditions: [one('subject', 'isMoreThan', '3')] }, /isMoreThan does not apply to field "Subject" \(text\); use one of contains, notContains, is, isNot/],
    ['before on a number', { conditions: [one('Qty', 'before', '3')] }, /before does not apply to field "Qty" \(integer\)/],
    ['contains on a status', { conditions: [one('status', 'contains', 'new')] }, /contains does not apply to field "Status"/],
    ['isLessThan on a checkbox', { conditions: [one('Urgent', 'isLessThan', 'true')] }, /isLessThan does not apply/],
    ['a non-number for a number', { conditions: [one('Qty', 'isMoreThan', 'ten')] }, /conditions\[0\]\.value must be an integer for field "Qty" \(integer\), got "ten"/],
    ['a fraction for an integer', { conditions: [one('Qty', 'is', '1.5')] }, /must be an integer/],
    ['a non-date for a date', { conditions: [one('createdTime', 'before', 'yesterday')] }, /must be an ISO-8601 date or date-time for field "Created Time"/],
    ['an empty date', { conditions: [one('createdTime', 'is', '')] }, /conditions\[0\]\.value is required/],
    ['an unknown status', { conditions: [one('status', 'is', 'open')] }, /must be one of new, pendingInternal, pendingExternal, onHold, closed for field "Status"/],
    ['an unknown option', { conditions: [one('Colour', 'is', 'pink')] }, /must be one of red, green, blue for field "Colour"/],
    ['two options for contains on a list', { conditions: [one('Extras', 'contains', 'a,b')] }, /exactly one option/],
    ['a non-id for an agent', { conditions: [one('assignedAgent', 'is', 'bob')] }, /must be an agent id/],
    ['a non-id for a tag', { conditions: [one('tags', 'contains', 'vip')] }, /must be a tag id/],
    ['a non-boolean for a checkbox', { conditions: [one('Urgent', 'is', 'perhaps')] }, /must be true or false/],
    ['an unknown when', { when: 'some' as never, conditions: [] }, /when must be one of all, any, logicalExpression/],
    ['a missing expression', { when: 'logicalExpression', conditions: [one('subject', 'is', 'a')] }, /logicalExpression is required/],
    ['unbalanced "("', { when: 'logicalExpression', logicalExpression: '(1 and 2', conditions: [one('subject', 'is', 'a'), one('subject', 'is', 'b')] }, /unbalanced parentheses/],
    ['unbalanced ")"', { when: 'logicalExpression', logicalExpression: '1 and 2)', conditions: [one('subject', 'is', 'a'), one('subject', 'is', 'b')] }, /unbalanced parentheses: unexpected "\)" at position 8/],
    ['an unknown number', { when: 'logicalExpression', logicalExpression: '1 or 4', conditions: [one('subject', 'is', 'a'), one('subject', 'is', 'b')] }, /refers to condition 4, but there are 2 conditions/],
    ['condition 0', { when: 'logicalExpression', logicalExpression: '0', conditions: [one('subject', 'is', 'a')] }, /refers to condition 0/],
    ['an unknown operator', { when: 'logicalExpression', logicalExpression: '1 xor 2', conditions: [one('subject', 'is', 'a'), one('subject', 'is', 'b')] }, /unexpected "xor" at position 3/],
    ['a dangling operator', { when: 'logicalExpression', logicalExpression: '1 and', conditions: [one('subject', 'is', 'a')] }, /expected a condition number or "\(" but found the end/],
    ['two numbers in a row', { when: 'logicalExpression', logicalExpression: '1 2', conditions: [one('subject', 'is', 'a'), one('subject', 'is', 'b')] }, /expected and\/or but found "2"/],
    ['the other spelling, malformed', { when: 'logicalExpression', logicExpression: '(1', conditions: [one('subject', 'is', 'a')] }, /logicExpression has unbalanced/],
  ];
  for (const [what, raw, message] of cases) {
    it(`rejects ${what}`, async () => {
      expect(await rejection(gw, raw)).toMatch(message);
    });
  }
});
