/**
 * The one condition store: a field in use by any owner's conditions (a filter = `view`, a routing
 * rule = `routingRule`) cannot be deleted, retyped or lose a tested option unnoticed: a 409 naming
 * each owner (type, id, name) in the message and as `owners`, on REST and GraphQL; nothing written.
 * Once the owners stop using the field, the same request succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { loadConditions } from '../../src/engine/conditions/store.js';

const FIELDS = '/api/v3/anytime/fields';
const FILTERS = '/api/v3/anytime/filters';
const RULES = '/api/v3/anytime/routingRules/customRules';
let gw: TestGateway;
let department: number;

beforeAll(async () => {
  gw = await startTestGateway();
  const dep = await gw.rest('POST', '/api/v3/departments', { name: 'Owners dept' });
  expect(dep.status, JSON.stringify(dep.body)).toBe(201);
  department = dep.body.id;
});
afterAll(() => gw?.stop());

const field = async (body: Record<string, unknown>) => {
  const res = await gw.rest('POST', FIELDS, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string; name: string };
};

const filterUsing = async (name: string, fieldId: string, value: string) => {
  const res = await gw.rest('POST', FILTERS, { name, conditions: [{ fieldId, matchType: 'is', value }] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id as string;
};

const ruleUsing = async (name: string, fieldId: string, value: string) => {
  const res = await gw.rest('POST', RULES, {
    name, routeType: 'department', routeToId: department,
    conditions: { when: 'all', list: [{ type: 'routingRule', fieldId, matchType: 'is', value }] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id as string;
};

const fieldRow = async (id: string) => gw.sql(`SELECT name, type, (SELECT json_agg(o.value ORDER BY o."order") FROM "FieldOption" o WHERE o."fieldId" = f.id) AS options FROM "Field" f WHERE id = $1`, [id]);

const gqlDelete = `mutation($id: ID!) { deleteField(id: $id) { id } }`;
const gqlUpdate = `mutation($id: ID!, $input: FieldInput!) { updateField(id: $id, input: $input) { id type } }`;

describe('a field a filter uses', () => {
  it('cannot be deleted or retyped (409 naming the view owner, REST and GraphQL); after the filter goes, it can', async () => {
    const region = await field({ type: 'text', name: 'Owner region' });
    const filterId = await filterUsing('EU owners', region.id, 'EU');
    const before = await fieldRow(region.id);
    const owners = [{ type: 'view', id: filterId, name: 'EU owners' }];

    const deleted = await gw.rest('DELETE', `${FIELDS}/${region.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.message).toBe(`Field "Owner region" is used by the filter "EU owners" (view ${filterId}); change those first`);
    expect(deleted.body.owners).toEqual(owners);

    const retyped = await gw.rest('PUT', `${FIELDS}/${region.id}`, { type: 'integer' });
    expect(retyped.status).toBe(409);
    expect(retyped.body.message).toMatch(new RegExp(`^Cannot change the type of field "Owner region": the filter "EU owners" \\(view ${filterId}\\)`));
    expect(retyped.body.owners).toEqual(owners);

    const gqlDeleted = await gw.gql(gqlDelete, { id: region.id });
    expect(gqlDeleted.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', owners });
    expect(gqlDeleted.errors?.[0]?.message).toMatch(/the filter "EU owners" \(view /);
    const gqlRetyped = await gw.gql(gqlUpdate, { id: region.id, input: { type: 'integer' } });
    expect(gqlRetyped.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', owners });

    expect(await fieldRow(region.id)).toEqual(before);
    expect(await gw.sql(`SELECT count(*)::int AS n FROM "Condition" WHERE "fieldId" = $1`, [region.id])).toEqual([{ n: 1 }]);

    expect((await gw.rest('DELETE', `${FILTERS}/${filterId}`)).status).toBe(204);
    expect((await gw.rest('PUT', `${FIELDS}/${region.id}`, { type: 'integer' })).status).toBe(200);
    expect((await gw.rest('DELETE', `${FIELDS}/${region.id}`)).status).toBe(204);
  });
});

describe('a field a routing rule uses', () => {
  it('cannot be deleted or retyped (409 naming the routingRule owner, REST and GraphQL); after the rule changes, it can', async () => {
    const tier = await field({ type: 'text', name: 'Owner tier' });
    const ruleId = await ruleUsing('Gold to owners', tier.id, 'gold');
    const before = await fieldRow(tier.id);
    const owners = [{ type: 'routingRule', id: ruleId, name: 'Gold to owners' }];

    const deleted = await gw.rest('DELETE', `${FIELDS}/${tier.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.message).toBe(`Field "Owner tier" is used by the routing rule "Gold to owners" (routingRule ${ruleId}); change those first`);
    expect(deleted.body.owners).toEqual(owners);

    const retyped = await gw.rest('PUT', `${FIELDS}/${tier.id}`, { type: 'date' });
    expect(retyped.status).toBe(409);
    expect(retyped.body.owners).toEqual(owners);

    const gqlDeleted = await gw.gql(gqlDelete, { id: tier.id });
    expect(gqlDeleted.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', owners });
    const gqlRetyped = await gw.gql(gqlUpdate, { id: tier.id, input: { type: 'date' } });
    expect(gqlRetyped.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', owners });
    expect(gqlRetyped.errors?.[0]?.message).toMatch(/the routing rule "Gold to owners" \(routingRule \d+\)/);

    expect(await fieldRow(tier.id)).toEqual(before);

    // The rule stops testing the field: it is free again.
    const changed = await gw.rest('PUT', `${RULES}/${ruleId}`, { conditions: { when: 'all', list: [{ fieldId: 'priority', matchType: 'is', value: 'high' }] } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await gw.rest('DELETE', `${FIELDS}/${tier.id}`)).status).toBe(204);
    expect((await gw.rest('DELETE', `${RULES}/${ruleId}`)).status).toBe(204);
  });

  it('an option a rule tests cannot be removed; a field used by a filter and a rule names both owners', async () => {
    const plan = await field({ type: 'dropdownList', name: 'Owner plan', options: [{ value: 'free' }, { value: 'pro' }] });
    const ruleId = await ruleUsing('Pro rule', plan.id, 'pro');
    const filterId = await filterUsing('Pro filter', plan.id, 'pro');

    const removed = await gw.rest('PUT', `${FIELDS}/${plan.id}`, { options: [{ value: 'free' }] });
    expect(removed.status).toBe(409);
    expect(removed.body.message).toMatch(/^Option "pro" of field "Owner plan" is used by /);
    expect(removed.body.owners).toEqual(expect.arrayContaining([
      { type: 'routingRule', id: ruleId, name: 'Pro rule' },
      { type: 'view', id: filterId, name: 'Pro filter' },
    ]));
    expect(removed.body.owners).toHaveLength(2);

    const deleted = await gw.rest('DELETE', `${FIELDS}/${plan.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.message).toContain(`the routing rule "Pro rule" (routingRule ${ruleId})`);
    expect(deleted.body.message).toContain(`the filter "Pro filter" (view ${filterId})`);
    expect((await fieldRow(plan.id))[0].options).toEqual(['free', 'pro']);

    // An option no condition tests can go.
    expect((await gw.rest('PUT', `${FIELDS}/${plan.id}`, { options: [{ value: 'pro' }] })).status).toBe(200);
  });
});

describe('the store reads every owner kind', () => {
  it('loadConditions returns each owner its conditions in order', async () => {
    const a = await field({ type: 'text', name: 'Store a' });
    const filterId = (await gw.rest('POST', FILTERS, { name: 'Two', conditions: [{ fieldId: a.id, matchType: 'is', value: 'x' }, { fieldId: 'status', matchType: 'is', value: 'new' }] })).body.id as string;
    const ruleId = Number(await ruleUsing('One', a.id, 'y'));
    const loaded = await loadConditions(gw.gateway.db.prisma, [{ type: 'view', id: filterId }, { type: 'routingRule', id: ruleId }, { type: 'routingRule', id: 999999 }]);
    expect(loaded.get(`view:${filterId}`)!.map((c) => [c.ownerType, c.value, c.orderIndex])).toEqual([['view', 'x', 1], ['view', 'new', 2]]);
    expect(loaded.get(`routingRule:${ruleId}`)!.map((c) => [c.ownerType, c.value])).toEqual([['routingRule', 'y']]);
    expect(loaded.get('routingRule:999999')).toEqual([]);
    // Over GraphQL the same rows come through the conditionsByOwner loader.
    const gql = await gw.gql(`query($id: ID!) { filter(id: $id) { conditions { value } } }`, { id: filterId });
    expect(gql.errors).toBeUndefined();
    expect(gql.data.filter.conditions.map((c: any) => c.value)).toEqual(['x', 'new']);
  });
});
