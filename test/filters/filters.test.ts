/**
 * Filters over REST: CRUD at the documented URLs, private filters isolated to their creator
 * (404 to anyone else), permissions, bad input, and `filterId` on the conversation list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_FIELDS } from '../../src/engine/conditions/system-fields.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const BASE = '/api/v3/anytime/filters';
const id = (key: string) => SYSTEM_FIELDS.find((f) => f.key === key)!.id;
let gw: TestGateway;
let alice: { id: number; auth: string };
let bob: { id: number; auth: string };
let region: string;

beforeAll(async () => {
  gw = await startTestGateway();
  alice = await gw.createAgent({ name: 'Alice' });
  bob = await gw.createAgent({ name: 'Bob' });
  region = (await gw.rest('POST', '/api/v3/anytime/fields', { type: 'dropdownList', name: 'Region', options: [{ value: 'EU' }, { value: 'US' }] })).body.id;
});
afterAll(() => gw?.stop());

const filterCount = async () => Number((await gw.sql(`SELECT (SELECT count(*) FROM "Filter") + (SELECT count(*) FROM "Condition") AS n`))[0].n);

describe('CRUD', () => {
  it('creates a filter with conditions, gets it with them, lists without them', async () => {
    const created = await gw.rest(
      'POST',
      BASE,
      {
        name: 'Urgent EU',
        conditions: [
          { fieldId: id('priority'), matchType: 'is', value: 'urgent' },
          { fieldId: region, matchType: 'is', value: 'EU' },
        ],
      },
      alice.auth,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ name: 'Urgent EU', isPrivate: false, createdById: String(alice.id), when: 'all', logicalExpression: null });
    expect(created.body.conditions.map(({ id: _, ...c }: any) => c)).toEqual([
      { fieldId: id('priority'), matchType: 'is', value: 'urgent' },
      { fieldId: region, matchType: 'is', value: 'EU' },
    ]);
    expect(typeof created.body.conditions[0].id).toBe('string');

    const got = await gw.rest('GET', `${BASE}/${created.body.id}`, undefined, bob.auth);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const list = await gw.rest('GET', BASE, undefined, bob.auth);
    expect(list.status).toBe(200);
    const row = list.body.find((f: any) => f.id === created.body.id);
    expect(row).toEqual({ id: created.body.id, name: 'Urgent EU', isPrivate: false, createdById: String(alice.id), when: 'all', logicalExpression: null });
  });

  it('accepts field names, any and logical expressions (either spelling)', async () => {
    const any = await gw.rest('POST', BASE, { name: 'Any', when: 'any', conditions: [{ fieldId: 'status', matchType: 'is', value: 'new' }, { fieldId: 'Region', matchType: 'isNot', value: 'US' }] }, alice.auth);
    expect(any.status).toBe(200);
    expect(any.body.conditions.map((c: any) => c.fieldId)).toEqual([id('status'), region]);
    const expr = await gw.rest(
      'POST',
      BASE,
      { name: 'Expr', when: 'logicalExpression', logicExpression: '(1 and 2) or 3', conditions: [{ fieldId: 'status', matchType: 'is', value: 'new' }, { fieldId: 'priority', matchType: 'is', value: 'high' }, { fieldId: 'channel', matchType: 'is', value: 'chat' }] },
      alice.auth,
    );
    expect(expr.status, JSON.stringify(expr.body)).toBe(200);
    expect(expr.body).toMatchObject({ when: 'logicalExpression', logicalExpression: '(1 and 2) or 3' });
    const seats = (await gw.rest('POST', '/api/v3/anytime/fields', { type: 'integer', name: 'Seats' })).body.id;
    const numeric = await gw.rest('POST', BASE, { name: 'Big', conditions: [{ fieldId: seats, matchType: 'isMoreThan', value: 100 }] }, alice.auth);
    expect(numeric.status, JSON.stringify(numeric.body)).toBe(200);
    expect(numeric.body.conditions[0].value).toBe('100');
  });

  it('updates name, privacy and conditions; an expression must fit the conditions', async () => {
    const created = (await gw.rest('POST', BASE, { name: 'Mine', conditions: [{ fieldId: 'status', matchType: 'is', value: 'new' }] }, alice.auth)).body;
    const updated = await gw.rest('PUT', `${BASE}/${created.id}`, { name: 'Mine, renamed', isPrivate: true, conditions: [{ fieldId: 'subject', matchType: 'contains', value: 'refund' }, { fieldId: 'status', matchType: 'isNot', value: 'closed' }] }, alice.auth);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Mine, renamed', isPrivate: true });
    expect(updated.body.conditions).toHaveLength(2);
    const before = await gw.sql(`SELECT "matchType", value FROM "Condition" WHERE "filterId" = $1 ORDER BY "orderIndex"`, [created.id]);
    const bad = await gw.rest('PUT', `${BASE}/${created.id}`, { when: 'logicalExpression', logicalExpression: '1 or 3' }, alice.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/refers to condition 3, but there are 2 conditions/);
    const ok = await gw.rest('PUT', `${BASE}/${created.id}`, { when: 'logicalExpression', logicalExpression: '1 or 2' }, alice.auth);
    expect(ok.body).toMatchObject({ when: 'logicalExpression', logicalExpression: '1 or 2' });
    expect(await gw.sql(`SELECT "matchType", value FROM "Condition" WHERE "filterId" = $1 ORDER BY "orderIndex"`, [created.id])).toEqual(before);
  });

  it('deletes (204), then 404', async () => {
    const created = (await gw.rest('POST', BASE, { name: 'Gone soon' }, alice.auth)).body;
    expect(created.conditions).toEqual([]);
    expect((await gw.rest('DELETE', `${BASE}/${created.id}`, undefined, alice.auth)).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/${created.id}`, undefined, alice.auth)).status).toBe(404);
    expect((await gw.rest('DELETE', `${BASE}/${created.id}`, undefined, alice.auth)).status).toBe(404);
  });
});

describe('private filters belong to their creator', () => {
  let privateId: string;
  beforeAll(async () => {
    privateId = (await gw.rest('POST', BASE, { name: 'Alice only', isPrivate: true, conditions: [{ fieldId: 'status', matchType: 'is', value: 'new' }] }, alice.auth)).body.id;
  });

  it('the creator sees and uses it', async () => {
    expect((await gw.rest('GET', `${BASE}/${privateId}`, undefined, alice.auth)).status).toBe(200);
    expect((await gw.rest('GET', BASE, undefined, alice.auth)).body.map((f: any) => f.id)).toContain(privateId);
    expect((await gw.rest('GET', `/api/v3/anytime/conversations?filterId=${privateId}`, undefined, alice.auth)).status).toBe(200);
  });

  it('anyone else (even an admin) gets 404 for get, update, delete, list and the conversation list; nothing changes', async () => {
    const before = await gw.sql(`SELECT name, "isPrivate" FROM "Filter" WHERE id = $1`, [privateId]);
    for (const auth of [bob.auth, undefined]) {
      const get = await gw.rest('GET', `${BASE}/${privateId}`, undefined, auth);
      expect(get.status).toBe(404);
      expect(get.body.message).toBe(`filter ${privateId} not found`);
      expect((await gw.rest('PUT', `${BASE}/${privateId}`, { name: 'Hijacked' }, auth)).status).toBe(404);
      expect((await gw.rest('DELETE', `${BASE}/${privateId}`, undefined, auth)).status).toBe(404);
      expect((await gw.rest('GET', BASE, undefined, auth)).body.map((f: any) => f.id)).not.toContain(privateId);
      expect((await gw.rest('GET', `/api/v3/anytime/conversations?filterId=${privateId}`, undefined, auth)).status).toBe(404);
    }
    const query = await gw.gql(`query($id: ID!) { filter(id: $id) { name } }`, { id: privateId }, bob.auth);
    expect(query.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const globalId = (await gw.gql(`query($id: ID!) { filter(id: $id) { id } }`, { id: privateId }, alice.auth)).data.filter.id;
    const node = await gw.gql(`query($id: ID!) { node(id: $id) { ... on Filter { name } } }`, { id: globalId }, bob.auth);
    expect(node.data?.node ?? null).toBeNull();
    expect(JSON.stringify(node)).not.toContain('Alice only');
    expect((await gw.gql(`query($id: ID!) { node(id: $id) { ... on Filter { name } } }`, { id: globalId }, alice.auth)).data.node.name).toBe('Alice only');
    expect(await gw.sql(`SELECT name, "isPrivate" FROM "Filter" WHERE id = $1`, [privateId])).toEqual(before);
  });

  it('a public filter is changed only by its creator or an admin (403 for other agents)', async () => {
    const shared = (await gw.rest('POST', BASE, { name: 'Shared' }, alice.auth)).body;
    const denied = await gw.rest('PUT', `${BASE}/${shared.id}`, { name: 'Bob was here' }, bob.auth);
    expect(denied.status).toBe(403);
    expect((await gw.rest('DELETE', `${BASE}/${shared.id}`, undefined, bob.auth)).status).toBe(403);
    expect((await gw.rest('PUT', `${BASE}/${shared.id}`, { name: 'Admin renamed' })).body.name).toBe('Admin renamed');
    expect(await gw.sql(`SELECT name FROM "Filter" WHERE id = $1`, [shared.id])).toEqual([{ name: 'Admin renamed' }]);
  });
});

describe('bad input: 4xx, nothing written', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a missing name', { conditions: [] }, /name is required/],
    ['an unknown field', { name: 'x', conditions: [{ fieldId: '00000000-0000-4000-8000-999999999999', matchType: 'is', value: 'a' }] }, /conditions\[0\]\.fieldId refers to an unknown field/],
    ['a matchType the field does not take', { name: 'x', conditions: [{ fieldId: 'Region', matchType: 'isMoreThan', value: 'EU' }] }, /isMoreThan does not apply to field "Region" \(dropdownList\)/],
    ['a value outside the options', { name: 'x', conditions: [{ fieldId: 'Region', matchType: 'is', value: 'Mars' }] }, /must be one of EU, US/],
    ['a value of the wrong type', { name: 'x', conditions: [{ fieldId: 'createdTime', matchType: 'before', value: 'soon' }] }, /ISO-8601/],
    ['a malformed expression', { name: 'x', when: 'logicalExpression', logicalExpression: '(1 or 2', conditions: [{ fieldId: 'status', matchType: 'is', value: 'new' }, { fieldId: 'status', matchType: 'is', value: 'closed' }] }, /unbalanced parentheses/],
    ['an unknown when', { name: 'x', when: 'sometimes' }, /sometimes/],
  ];
  for (const [what, body, message] of cases) {
    it(`rejects ${what}`, async () => {
      const before = await filterCount();
      const res = await gw.rest('POST', BASE, body, alice.auth);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await filterCount()).toBe(before);
    });
  }

  it('404 for an unknown or malformed id; integrations and anonymous callers cannot create', async () => {
    expect((await gw.rest('GET', `${BASE}/00000000-0000-4000-8000-999999999999`, undefined, alice.auth)).status).toBe(404);
    expect((await gw.rest('GET', `${BASE}/nope`, undefined, alice.auth)).status).toBe(404);
    expect((await gw.rest('POST', BASE, { name: 'x' }, null)).status).toBe(401);
  });
});

describe('filterId on the conversation list', () => {
  it('lists exactly the conversations the filter matches, with built-in views too', async () => {
    const make = async (subject: string, priority: string, regionValue: string | null) => {
      const body: Record<string, unknown> = { subject, channel: 'email', priority, message: { type: 'note', text: { format: 'plaintext', content: 'x' } } };
      if (regionValue) body.customFields = [{ id: region, value: regionValue }];
      const res = await gw.rest('POST', '/api/v3/anytime/conversations', body);
      expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
      return res.body.id as number;
    };
    const c1 = await make('One', 'urgent', 'EU');
    await make('Two', 'urgent', 'US');
    await make('Three', 'low', 'EU');
    await make('Four', 'urgent', null);
    const filter = (await gw.rest('POST', BASE, { name: 'Urgent EU list', conditions: [{ fieldId: 'priority', matchType: 'is', value: 'urgent' }, { fieldId: region, matchType: 'is', value: 'EU' }] }, alice.auth)).body;
    const list = await gw.rest('GET', `/api/v3/anytime/conversations?filterId=${filter.id}`, undefined, alice.auth);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.conversations.map((c: any) => c.id)).toEqual([c1]);
    expect(list.body.total).toBe(1);
    const all = await gw.rest('GET', `/api/v3/anytime/conversations?filterId=all`, undefined, alice.auth);
    expect(all.body.total).toBe(4);
    const unknown = await gw.rest('GET', `/api/v3/anytime/conversations?filterId=00000000-0000-4000-8000-999999999999`, undefined, alice.auth);
    expect(unknown.status).toBe(404);

    // Unread counts per filter use the same compiled SQL; another agent's private filter is a 404 there too.
    const counts = await gw.rest('GET', `/api/v3/anytime/conversations/unreadCount?filterIds=${filter.id}&filterIds=all`, undefined, alice.auth);
    expect(counts.status, JSON.stringify(counts.body)).toBe(200);
    expect(counts.body.filters).toEqual([
      { filterId: filter.id, unreadCount: 1, unreadMentionedCount: 0 },
      { filterId: 'all', unreadCount: 4, unreadMentionedCount: 0 },
    ]);
    const secret = (await gw.rest('POST', BASE, { name: 'Bob secret', isPrivate: true }, bob.auth)).body;
    expect((await gw.rest('GET', `/api/v3/anytime/conversations/unreadCount?filterIds=${secret.id}`, undefined, alice.auth)).status).toBe(404);
    expect((await gw.rest('GET', `/api/v3/anytime/conversations/unreadCount?filterIds=${secret.id}`, undefined, bob.auth)).body.filters[0].unreadCount).toBe(4);
  });

  it('list conditions accept custom fields by name or id', async () => {
    const byName = await gw.rest('GET', `/api/v3/anytime/conversations?conditions[0][field]=Region&conditions[0][matchType]=is&conditions[0][value]=US`, undefined, alice.auth);
    expect(byName.status, JSON.stringify(byName.body)).toBe(200);
    expect(byName.body.conversations.map((c: any) => c.subject)).toEqual(['Two']);
    const byId = await gw.rest('GET', `/api/v3/anytime/conversations?conditions[0][field]=${region}&conditions[0][matchType]=isNot&conditions[0][value]=US&conditions[1][field]=priority&conditions[1][matchType]=is&conditions[1][value]=urgent`, undefined, alice.auth);
    expect(byId.body.conversations.map((c: any) => c.subject).sort()).toEqual(['Four', 'One']);
    const bad = await gw.rest('GET', `/api/v3/anytime/conversations?conditions[0][field]=Region&conditions[0][matchType]=after&conditions[0][value]=US`, undefined, alice.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/after does not apply to field "Region"/);
  });
});

describe('reads cost a constant number of SQL statements', () => {
  it('filters with their conditions, whatever the number of filters', async () => {
    const measure = () => gw.countSql(async () => {
      const res = await gw.gql(`{ filters { databaseId conditions { fieldId matchType value } } }`, {}, alice.auth);
      expect(res.errors).toBeUndefined();
    });
    const few = await measure();
    for (let i = 0; i < 5; i++) await gw.rest('POST', BASE, { name: `More ${i}`, conditions: [{ fieldId: 'status', matchType: 'is', value: 'new' }] }, alice.auth);
    expect(await measure()).toBe(few);
  });

  it('unread counts of 1 or 6 stored filters', async () => {
    const ids = (await gw.rest('GET', BASE, undefined, alice.auth)).body.map((f: any) => f.id).slice(0, 6);
    expect(ids).toHaveLength(6);
    const measure = (list: string[]) =>
      gw.countSql(async () => {
        const res = await gw.rest('GET', `/api/v3/anytime/conversations/unreadCount?${list.map((id) => `filterIds=${id}`).join('&')}`, undefined, alice.auth);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      });
    // Compiling stored filters reads them once (filters with conditions, fields); then they are
    // remembered until a filter or field changes, and the counts are one statement for any number.
    const cold = await measure(ids);
    expect(cold).toBeLessThanOrEqual(4);
    expect(await measure(ids)).toBe(1);
    expect(await measure(ids.slice(0, 1))).toBe(1);
    await gw.rest('PUT', `${BASE}/${ids[0]}`, { name: 'Renamed' }, alice.auth);
    expect(await measure(ids)).toBe(cold);
  });
});
