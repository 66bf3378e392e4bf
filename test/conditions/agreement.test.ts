/**
 * Property: for random conversations and random condition sets (every field kind, every match
 * type it takes, all three `when` modes, random logical expressions), the compiled SQL selects
 * exactly the conversations that in-memory evaluation accepts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveConditionSet, type RawCondition, type RawConditionSet } from '../../src/engine/conditions/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { memoryMatches, sqlMatches } from './helpers.js';

let gw: TestGateway;
const f: Record<string, string> = {};
let agents: number[];
let departments: number[];
let tags: number[];

async function field(body: Record<string, unknown>) {
  const res = await gw.rest('POST', '/api/v3/anytime/fields', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id as string;
}

beforeAll(async () => {
  gw = await startTestGateway();
  agents = [(await gw.createAgent()).id, (await gw.createAgent()).id];
  departments = (await gw.sql(`INSERT INTO "Department"(name) VALUES ('One'), ('Two') RETURNING id`)).map((r) => r.id);
  tags = (await gw.sql(`INSERT INTO "Tag"(name) VALUES ('t1'), ('t2'), ('t3') RETURNING id`)).map((r) => r.id);
  f.text = await field({ type: 'text', name: 'Text' });
  f.integer = await field({ type: 'integer', name: 'Integer' });
  f.float = await field({ type: 'float', name: 'Float' });
  f.date = await field({ type: 'date', name: 'Date' });
  f.checkbox = await field({ type: 'checkbox', name: 'Checkbox' });
  f.radio = await field({ type: 'radio', name: 'Radio', options: [{ value: 'r1' }, { value: 'r2' }, { value: 'r3' }] });
  f.list = await field({ type: 'checkboxList', name: 'List', options: [{ value: 'x' }, { value: 'y' }, { value: 'z' }] });
  f.operator = await field({ type: 'operator', name: 'Operator' });
});
afterAll(() => gw?.stop());

const smallText = (minLength = 0) => fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'ab', ' '), minLength, maxLength: 3 });
const instants = ['2026-01-01T00:00:00.000Z', '2026-01-01T12:00:00.000Z', '2026-01-01T23:59:59.999Z', '2026-01-02T00:00:00.000Z', '2026-01-02T06:30:00.000Z'];
const dateValues = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-01T12:00:00Z', '2026-01-02T00:00:00.000Z', '2026-01-01T14:00:00+02:00'];
const listValues = ['x', 'y', 'z', 'x,y', 'x,z', 'y,z', 'x,y,z'];

const conversationArb = () =>
  fc.record({
    subject: smallText(),
    status: fc.constantFrom('new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed'),
    priority: fc.constantFrom('urgent', 'high', 'normal', 'low'),
    channel: fc.constantFrom('email', 'chat', 'portal'),
    assignedAgentId: fc.option(fc.constantFrom(...agents)),
    assignedDepartmentId: fc.option(fc.constantFrom(...departments)),
    createdTime: fc.constantFrom(...instants),
    lastRepliedTime: fc.constantFrom(...instants),
    tagIds: fc.subarray(tags),
    values: fc.record(
      {
        [f.text!]: smallText(1).filter((s) => s.trim() !== ''),
        [f.integer!]: fc.integer({ min: -3, max: 3 }).map(String),
        [f.float!]: fc.constantFrom('1.5', '2', '-0.5', '2.0', '10'),
        [f.date!]: fc.constantFrom('2026-01-01', '2026-01-02', ...instants),
        [f.checkbox!]: fc.constantFrom('true', 'false'),
        [f.radio!]: fc.constantFrom('r1', 'r2', 'r3'),
        [f.list!]: fc.constantFrom(...listValues),
        [f.operator!]: fc.constantFrom(...agents.map(String)),
      },
      { requiredKeys: [] },
    ),
  });

const cond = (fieldId: string, matchTypes: string[], values: fc.Arbitrary<string>) =>
  fc.record({ fieldId: fc.constant(fieldId), matchType: fc.constantFrom(...matchTypes), value: values });

const conditionArb = (): fc.Arbitrary<RawCondition> =>
  fc.oneof(
    cond('subject', ['contains', 'notContains', 'is', 'isNot'], smallText()),
    cond('status', ['is', 'isNot'], fc.constantFrom('new', 'closed', 'onHold')),
    cond('priority', ['is', 'isNot'], fc.constantFrom('urgent', 'low', 'normal')),
    cond('channel', ['contains', 'notContains', 'is', 'isNot'], fc.constantFrom('email', 'chat', 'em', 'A')),
    cond('assignedAgent', ['is', 'isNot'], fc.constantFrom('', ...agents.map(String))),
    cond('assignedDepartment', ['is', 'isNot'], fc.constantFrom('', ...departments.map(String))),
    cond('tags', ['contains', 'notContains', 'is', 'isNot'], fc.constantFrom(...tags.map(String))),
    cond('tags', ['is', 'isNot'], fc.constant('')),
    cond('createdTime', ['is', 'isNot', 'before', 'after', 'isMoreThan', 'isLessThan'], fc.constantFrom(...dateValues)),
    cond('lastReplyTime', ['is', 'isNot', 'before', 'after'], fc.constantFrom(...dateValues)),
    cond(f.text!, ['contains', 'notContains', 'is', 'isNot'], smallText()),
    cond(f.integer!, ['is', 'isNot', 'isMoreThan', 'isLessThan'], fc.integer({ min: -4, max: 4 }).map(String)),
    cond(f.float!, ['is', 'isNot', 'isMoreThan', 'isLessThan'], fc.constantFrom('2', '1.50', '-1', '10.0')),
    cond(f.integer!, ['is', 'isNot'], fc.constant('')),
    cond(f.date!, ['is', 'isNot', 'before', 'after', 'isMoreThan', 'isLessThan'], fc.constantFrom(...dateValues)),
    cond(f.checkbox!, ['is', 'isNot'], fc.constantFrom('true', 'false')),
    cond(f.radio!, ['is', 'isNot'], fc.constantFrom('r1', 'r2', '')),
    cond(f.list!, ['contains', 'notContains'], fc.constantFrom('x', 'y', 'z')),
    cond(f.list!, ['is', 'isNot'], fc.constantFrom('', ...listValues, 'y,x')),
    cond(f.operator!, ['is', 'isNot'], fc.constantFrom('', ...agents.map(String))),
  );

const expressionArb = (n: number): fc.Arbitrary<string> =>
  fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { maxDepth: 3, depthSize: 'small' },
      fc.integer({ min: 1, max: n }).map(String),
      fc.tuple(tie('expr'), fc.constantFrom('and', 'or', 'AND', '||'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie('expr'), fc.constantFrom('and', 'or'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    ),
  })).expr;

const setArb = (): fc.Arbitrary<RawConditionSet> =>
  fc.array(conditionArb(), { minLength: 1, maxLength: 4 }).chain((conditions) =>
    fc.oneof(
      fc.constantFrom<RawConditionSet['when']>('all', 'any').map((when) => ({ when, conditions })),
      expressionArb(conditions.length).map((logicalExpression) => ({ when: 'logicalExpression' as const, logicalExpression, conditions })),
    ),
  );

async function replaceConversations(rows: fc.Arbitrary<any> extends fc.Arbitrary<infer T> ? T[] : never) {
  await gw.sql(`DELETE FROM "Conversation"`);
  if (rows.length === 0) return;
  const list = rows.map((row: any, i: number) => ({ id: i + 1, ...row }));
  await gw.sql(
    `INSERT INTO "Conversation"(id, guid, subject, status, priority, channel, "assignedAgentId", "assignedDepartmentId", "createdTime", "lastRepliedTime")
     SELECT x.id, gen_random_uuid(), x.subject, x.status::"ConversationStatus", x.priority::"ConversationPriority", x.channel, x."assignedAgentId", x."assignedDepartmentId", x."createdTime", x."lastRepliedTime"
     FROM json_to_recordset($1) AS x(id int, subject text, status text, priority text, channel text, "assignedAgentId" int, "assignedDepartmentId" int, "createdTime" timestamp, "lastRepliedTime" timestamp)`,
    [JSON.stringify(list)],
  );
  const tagRows = list.flatMap((row: any) => row.tagIds.map((tagId: number) => ({ c: row.id, t: tagId })));
  await gw.sql(`INSERT INTO "ConversationTag"("conversationId", "tagId") SELECT x.c, x.t FROM json_to_recordset($1) AS x(c int, t int)`, [JSON.stringify(tagRows)]);
  const valueRows = list.flatMap((row: any) => Object.entries(row.values).map(([fieldId, value]) => ({ c: row.id, f: fieldId, v: value })));
  await gw.sql(
    `INSERT INTO "ConversationFieldValue"("conversationId", "fieldId", value) SELECT x.c, x.f, x.v FROM json_to_recordset($1) AS x(c int, f uuid, v text)`,
    [JSON.stringify(valueRows)],
  );
}

it('compiled SQL and in-memory evaluation select the same conversations', async () => {
  const prisma = gw.gateway.db.prisma;
  await fc.assert(
    fc.asyncProperty(fc.array(conversationArb(), { maxLength: 12 }), setArb(), async (conversations, raw) => {
      await replaceConversations(conversations as never);
      const set = await resolveConditionSet(prisma, raw);
      const ids = conversations.map((_, i) => i + 1);
      expect(await memoryMatches(gw, set, ids)).toEqual(await sqlMatches(gw, set));
    }),
    { numRuns: 150 },
  );
}, 120_000);
