/**
 * SLA policies, working time and holidays over REST (v2 paths and v3 aliases) and GraphQL:
 * create/list/get/update/sort (no-ops past either end)/delete, conditions in the one condition
 * store (ownerType sla), and bad input: a 400 naming the field with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const V2 = '/api/v2/anytime/SLAPolicies';
const V3 = '/api/v3/anytime/SLAPolicies';
const WT = '/api/v3/anytime/workingTime';
const HOL = '/api/v3/anytime/holidays';
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

const snapshot = async () =>
  JSON.stringify(
    await gw.sql(`SELECT (SELECT json_agg(p ORDER BY id) FROM "SlaPolicy" p) AS p, (SELECT json_agg(c ORDER BY "slaPolicyId", "orderIndex") FROM "Condition" c WHERE "ownerType" = 'sla') AS c,
      (SELECT json_agg(w) FROM "WorkingTimeSetting" w) AS w, (SELECT json_agg(x ORDER BY id) FROM "WorkingPeriod" x) AS x, (SELECT json_agg(h ORDER BY id) FROM "Holiday" h) AS h`),
  );

const policy = (overrides: Record<string, unknown> = {}) => ({
  enable: true,
  firstRespondWithin: 4,
  nextRespondWithin: 8,
  resolveRespondWithin: 24,
  businessHours: true,
  conditions: [{ type: 'sla', fieldId: 'priority', matchType: 'is', value: 'urgent' }],
  ...overrides,
});

async function expect400(method: string, path: string, body: unknown, message: RegExp) {
  const before = await snapshot();
  const res = await gw.rest(method, path, body);
  expect(res.status, JSON.stringify([method, path, body, res.body])).toBe(400);
  expect(res.body.message).toMatch(message);
  expect(await snapshot()).toBe(before);
}

describe('SLA policies', () => {
  let first: string;
  let second: string;
  let third: string;

  it('creates, lists, gets and updates under v2 and v3, with conditions in the condition store', async () => {
    const a = await gw.rest('POST', V2, policy());
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({ enable: true, firstRespondWithin: 4, nextRespondWithin: 8, resolveRespondWithin: 24, businessHours: true, orderIndex: 1, when: 'all' });
    expect(a.body.conditions).toHaveLength(1);
    expect(a.body.conditions[0]).toMatchObject({ type: 'sla', matchType: 'is', value: 'urgent' });
    first = a.body.id;
    const stored = await gw.sql(`SELECT "ownerType", "slaPolicyId" FROM "Condition" WHERE "slaPolicyId" = $1`, [Number(first)]);
    expect(stored).toEqual([{ ownerType: 'sla', slaPolicyId: Number(first) }]);

    second = (await gw.rest('POST', V3, policy({ businessHours: false, conditions: [] }))).body.id;
    third = (await gw.rest('POST', V3, policy({ enable: false, conditions: { when: 'any', list: [{ fieldId: 'priority', matchType: 'is', value: 'high' }] } }))).body.id;
    const list = await gw.rest('GET', V2);
    expect(list.status).toBe(200);
    expect(list.body.SLAPolicies.map((p: { id: string }) => p.id)).toEqual([first, second, third]);
    expect((await gw.rest('GET', V3)).body).toEqual(list.body);
    expect((await gw.rest('GET', `${V3}/${third}`)).body).toMatchObject({ id: third, enable: false, when: 'any', businessHours: true });

    // The update's businessHours is a string (businessHours / calenderHours); booleans work too.
    const updated = await gw.rest('PUT', `${V2}/${first}`, { businessHours: 'calenderHours', firstRespondWithin: 2 });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ businessHours: false, firstRespondWithin: 2, nextRespondWithin: 8 });
    expect(updated.body.conditions).toHaveLength(1);
    expect((await gw.rest('PUT', `${V3}/${first}`, { businessHours: 'businessHours' })).body.businessHours).toBe(true);
    expect((await gw.rest('GET', `${V2}/999999`)).status).toBe(404);
  });

  it('sorts up and down; past either end is a no-op that succeeds', async () => {
    const order = async () => (await gw.rest('GET', V3)).body.SLAPolicies.map((p: { id: string }) => p.id);
    expect((await gw.rest('PUT', `${V3}/${first}/sort`, { type: 'up' })).status).toBe(204);
    expect(await order()).toEqual([first, second, third]);
    expect((await gw.rest('PUT', `${V3}/${third}/sort`, { type: 'down' })).status).toBe(204);
    expect(await order()).toEqual([first, second, third]);
    expect((await gw.rest('PUT', `${V3}/${third}/sort`, { type: 'up' })).status).toBe(204);
    expect(await order()).toEqual([first, third, second]);
    expect((await gw.rest('PUT', `${V2}/${first}/sort?type=down`)).status).toBe(204);
    expect(await order()).toEqual([third, first, second]);
    const indexes = (await gw.rest('GET', V3)).body.SLAPolicies.map((p: { orderIndex: number }) => p.orderIndex);
    expect(indexes).toEqual([1, 2, 3]);
  });

  it('refuses bad input with a 400 naming the field, writing nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [policy({ firstRespondWithin: 0 }), /^firstRespondWithin must be a whole number of hours/],
      [policy({ nextRespondWithin: -3 }), /^nextRespondWithin must be a whole number of hours/],
      [policy({ resolveRespondWithin: undefined }), /^resolveRespondWithin must be a whole number of hours/],
      [policy({ businessHours: 'sometimes' }), /^businessHours must be true \(businessHours\) or false/],
      [policy({ conditions: [{ fieldId: 'nope', matchType: 'is', value: 'x' }] }), /conditions/],
      [policy({ conditions: [{ fieldId: 'priority', matchType: 'contains', value: 'urgent' }] }), /conditions/],
      [policy({ conditions: [{ fieldId: 'priority', matchType: 'is', value: 'asap' }] }), /conditions/],
      [policy({ when: 'logicalExpression', logicExpression: '1 and 7' }), /logic/i],
    ];
    for (const [body, message] of cases) await expect400('POST', V2, body, message);
    // Not an integer: GraphQL coercion names the field.
    await expect400('POST', V3, policy({ firstRespondWithin: 1.5 }), /firstRespondWithin/);
    await expect400('PUT', `${V3}/${first}`, { resolveRespondWithin: 0 }, /^resolveRespondWithin must be/);
    await expect400('PUT', `${V3}/${first}`, { conditions: [{ fieldId: 'status', matchType: 'is', value: 'done' }] }, /conditions/);
    await expect400('PUT', `${V3}/${first}/sort`, { type: 'sideways' }, /^type must be one of up, down/);
  });

  it('deletes (its conditions go with it)', async () => {
    expect((await gw.rest('DELETE', `${V2}/${third}`)).status).toBe(204);
    expect((await gw.rest('GET', `${V2}/${third}`)).status).toBe(404);
    expect(await gw.sql(`SELECT count(*)::int n FROM "Condition" WHERE "slaPolicyId" = $1`, [Number(third)])).toEqual([{ n: 0 }]);
    expect((await gw.rest('DELETE', `${V3}/${third}`)).status).toBe(404);
  });

  it('the same in GraphQL', async () => {
    const created = await gw.gql(
      `mutation($input: SLAPolicyInput!) { createSlaPolicy(input: $input) { id orderIndex businessHours conditions { type fieldId matchType value } } }`,
      { input: { firstRespondWithin: 1, nextRespondWithin: 2, resolveRespondWithin: 3, businessHours: 'false', conditions: [{ fieldId: 'channel', matchType: 'is', value: 'chat' }] } },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data.createSlaPolicy.id;
    expect(created.data.createSlaPolicy).toMatchObject({ businessHours: false, conditions: [{ type: 'sla', matchType: 'is', value: 'chat' }] });
    const sorted = await gw.gql(`mutation($id: ID!) { sortSlaPolicy(id: $id, type: "up") { id orderIndex } }`, { id });
    expect(sorted.data.sortSlaPolicy.orderIndex).toBe(2);
    const read = await gw.gql(`query($id: ID!) { slaPolicy(id: $id) { id } slaPolicies { id } }`, { id });
    expect(read.data.slaPolicies.map((p: { id: string }) => p.id)).toContain(id);
    const updated = await gw.gql(`mutation($id: ID!) { updateSlaPolicy(id: $id, input: { enable: false, resolveRespondWithin: 10 }) { enable resolveRespondWithin } }`, { id });
    expect(updated.data.updateSlaPolicy).toEqual({ enable: false, resolveRespondWithin: 10 });
    const bad = await gw.gql(`mutation($id: ID!) { updateSlaPolicy(id: $id, input: { firstRespondWithin: 0 }) { id } }`, { id });
    expect(bad.errors?.[0]?.message).toMatch(/^firstRespondWithin must be/);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const deleted = await gw.gql(`mutation($id: ID!) { deleteSlaPolicy(id: $id) { id } }`, { id });
    expect(deleted.data.deleteSlaPolicy.id).toBe(id);
  });

  it('a field used by a policy cannot be deleted unnoticed (409 naming the policy)', async () => {
    const field = await gw.rest('POST', '/api/v3/anytime/fields', { name: 'Tier', type: 'text' });
    expect([200, 201], JSON.stringify(field.body)).toContain(field.status);
    const fieldId = field.body.id;
    const p = await gw.rest('POST', V3, policy({ conditions: [{ fieldId, matchType: 'is', value: 'gold' }] }));
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const del = await gw.rest('DELETE', `/api/v3/anytime/fields/${fieldId}`);
    expect(del.status).toBe(409);
    expect(del.body.message).toMatch(/SLA policy/);
    expect((await gw.rest('DELETE', `${V3}/${p.body.id}`)).status).toBe(204);
  });
});

describe('working time', () => {
  it('defaults to Monday–Friday 09:00–17:00 UTC', async () => {
    const res = await gw.rest('GET', WT);
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('UTC');
    expect(res.body.workingTimes).toHaveLength(7);
    expect(res.body.workingTimes[0]).toMatchObject({ dayOfWeek: 'Sunday', isBusinessDay: false });
    expect(res.body.workingTimes[1]).toEqual({ dayOfWeek: 'Monday', isBusinessDay: true, startHour: 9, startMin: 0, endHour: 17, endMin: 0 });
  });

  it('takes split shifts, 24:00, days off and a time zone', async () => {
    const body = {
      timeZone: 'Europe/London',
      workingTimes: [
        { dayOfWeek: 'Monday', isBusinessDay: true, startHour: 13, startMin: 30, endHour: 17, endMin: 0 },
        { dayOfWeek: 'Monday', isBusinessDay: true, startHour: 9, startMin: 0, endHour: 12, endMin: 0 },
        { dayOfWeek: 'Tuesday', isBusinessDay: true, startHour: 22, startMin: 0, endHour: 24, endMin: 0 },
        { dayOfWeek: 'Wednesday', isBusinessDay: true, startHour: 0, startMin: 0, endHour: 6, endMin: 0 },
        { dayOfWeek: 'Saturday', isBusinessDay: false, startHour: 0, startMin: 0, endHour: 0, endMin: 0 },
      ],
    };
    expect((await gw.rest('PUT', WT, body)).status).toBe(204);
    const res = await gw.rest('GET', WT);
    expect(res.body.timeZone).toBe('Europe/London');
    const monday = res.body.workingTimes.filter((w: { dayOfWeek: string }) => w.dayOfWeek === 'Monday');
    expect(monday).toEqual([
      { dayOfWeek: 'Monday', isBusinessDay: true, startHour: 9, startMin: 0, endHour: 12, endMin: 0 },
      { dayOfWeek: 'Monday', isBusinessDay: true, startHour: 13, startMin: 30, endHour: 17, endMin: 0 },
    ]);
    expect(res.body.workingTimes.find((w: { dayOfWeek: string }) => w.dayOfWeek === 'Tuesday')).toMatchObject({ startHour: 22, endHour: 24 });
    expect(res.body.workingTimes.find((w: { dayOfWeek: string }) => w.dayOfWeek === 'Saturday')).toMatchObject({ isBusinessDay: false });
    // Without timeZone the zone is kept.
    expect((await gw.rest('PUT', WT, { workingTimes: body.workingTimes.slice(0, 2) })).status).toBe(204);
    expect((await gw.rest('GET', WT)).body.timeZone).toBe('Europe/London');
    const gql = await gw.gql(`{ workingTime { timeZone workingTimes { dayOfWeek startHour } } }`);
    expect(gql.data.workingTime.timeZone).toBe('Europe/London');
  });

  it('refuses bad working time with a 400 naming the field, writing nothing', async () => {
    const day = (o: Record<string, unknown>) => ({ dayOfWeek: 'Monday', isBusinessDay: true, startHour: 9, startMin: 0, endHour: 17, endMin: 0, ...o });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ timeZone: 'Mars/Olympus', workingTimes: [day({})] }, /^timeZone must be an IANA time zone/],
      [{ workingTimes: [day({ startHour: 25 })] }, /^workingTimes\[0\]\.startHour must be an integer from 0 to 23/],
      [{ workingTimes: [day({ endHour: 25 })] }, /^workingTimes\[0\]\.endHour must be an integer from 0 to 24/],
      [{ workingTimes: [day({ startMin: 60 })] }, /^workingTimes\[0\]\.startMin must be an integer from 0 to 59/],
      [{ workingTimes: [day({ endHour: 24, endMin: 30 })] }, /^workingTimes\[0\]\.endMin must be 0/],
      [{ workingTimes: [day({ startHour: 17, endHour: 9 })] }, /^workingTimes\[0\]\.endHour must be after the start/],
      [{ workingTimes: [day({ startHour: 9, endHour: 9 })] }, /^workingTimes\[0\]\.endHour must be after the start/],
      [{ workingTimes: [day({}), day({ startHour: 16, endHour: 18 })] }, /^workingTimes\[1\] overlaps workingTimes\[0\]/],
      [{ workingTimes: [day({ dayOfWeek: 'Funday' })] }, /^workingTimes\[0\]\.dayOfWeek must be a day of the week/],
    ];
    for (const [body, message] of cases) await expect400('PUT', WT, body, message);
    await expect400('PUT', WT, { timeZone: 'UTC' }, /workingTimes/);
  });
});

describe('holidays', () => {
  let id: string;
  it('creates, lists, gets, updates and deletes (id in the query string or the body)', async () => {
    const created = await gw.rest('POST', HOL, { title: 'Christmas', date: '2026-12-25' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ title: 'Christmas', date: '2026-12-25' });
    id = created.body.id;
    // A datetime: its date is taken.
    const boxing = await gw.rest('POST', HOL, { title: 'Boxing Day', date: '2026-12-26T00:00:00Z' });
    expect(boxing.body.date).toBe('2026-12-26');
    expect((await gw.rest('GET', HOL)).body.holidays.map((h: { title: string }) => h.title)).toEqual(['Christmas', 'Boxing Day']);
    expect((await gw.rest('GET', `${HOL}/${id}`)).body).toMatchObject({ id, title: 'Christmas' });
    const updated = await gw.rest('PUT', `${HOL}/${id}`, { title: 'Christmas Day' });
    expect(updated.body).toMatchObject({ title: 'Christmas Day', date: '2026-12-25' });
    expect((await gw.rest('DELETE', `${HOL}?id=${boxing.body.id}`)).status).toBe(204);
    const third = (await gw.rest('POST', HOL, { title: 'New Year', date: '2027-01-01' })).body.id;
    expect((await gw.rest('DELETE', HOL, { id: Number(third) })).status).toBe(204);
    expect((await gw.rest('GET', HOL)).body.holidays.map((h: { id: string }) => h.id)).toEqual([id]);
    expect((await gw.rest('DELETE', `${HOL}?id=999999`)).status).toBe(404);
    const gql = await gw.gql(`{ holidays { id title date } }`);
    expect(gql.data.holidays).toEqual([{ id, title: 'Christmas Day', date: '2026-12-25' }]);
  });

  it('refuses bad holidays with a 400 naming the field, writing nothing', async () => {
    await expect400('POST', HOL, { title: 'Again', date: '2026-12-25' }, /^date already has the holiday "Christmas Day"/);
    await expect400('POST', HOL, { title: 'Bad', date: '2026-02-30' }, /^date must be a date YYYY-MM-DD/);
    await expect400('POST', HOL, { title: 'Bad', date: 'tomorrow' }, /^date must be a date/);
    await expect400('POST', HOL, { title: '', date: '2026-05-01' }, /^title is required/);
    await expect400('PUT', `${HOL}/${id}`, { date: '12/25/2026' }, /^date must be a date/);
    await expect400('DELETE', HOL, {}, /^id is required/);
  });
});
