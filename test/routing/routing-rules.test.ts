/**
 * Routing rules over REST and GraphQL: the settings object with its id, enable, update, custom
 * rules (create, get, update, enable, sort with no-ops past either end, delete), bad input (400
 * naming the field, nothing written) and deleting a routing target (409 naming the rule).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const BASE = '/api/v3/anytime/routingRules';
let gw: TestGateway;
let agent: { id: number; auth: string };
let department: number;
let settingId: string;

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ name: 'Router' });
  const dep = await gw.rest('POST', '/api/v3/departments', { name: 'Billing' });
  expect(dep.status, JSON.stringify(dep.body)).toBe(201);
  department = dep.body.id;
  settingId = (await gw.rest('GET', BASE)).body.routingRules[0].id;
});
afterAll(() => gw?.stop());

const snapshot = async () =>
  JSON.stringify(await gw.sql(`SELECT (SELECT json_agg(s) FROM "RoutingSetting" s) AS s, (SELECT json_agg(r ORDER BY id) FROM "RoutingCustomRule" r) AS r, (SELECT count(*) FROM "Condition" WHERE "ownerType" = 'routingRule') AS c`));

const rule = (overrides: Record<string, unknown> = {}) => ({
  name: 'Urgent to Billing',
  routeType: 'department',
  routeToId: department,
  routeToPriority: 'high',
  conditions: { when: 'all', list: [{ type: 'routingRule', fieldId: 'priority', matchType: 'is', value: 'urgent' }] },
  ...overrides,
});

describe('routing settings', () => {
  it('lists one settings object with an id; enable takes enable in the body', async () => {
    const list = await gw.rest('GET', BASE);
    expect(list.status).toBe(200);
    expect(list.body.routingRules).toHaveLength(1);
    expect(list.body.routingRules[0]).toMatchObject({ id: settingId, enable: false, type: 'simple', rules: [] });
    expect((await gw.rest('PUT', `${BASE}/enable`, { enable: true })).status).toBe(204);
    expect((await gw.rest('GET', BASE)).body.routingRules[0].enable).toBe(true);
    expect((await gw.rest('PUT', `${BASE}/enable`, { enable: false })).status).toBe(204);
  });

  it('updates the settings (request names and object names)', async () => {
    const res = await gw.rest('PUT', `${BASE}/${settingId}`, {
      type: 'simple', simpleRouteType: 'agent', simpleRouteToId: agent.id, simpleRoutePriority: 'urgent',
      matchFailedType: 'department', matchFailedToId: department, matchFailedToPriority: 'low',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: settingId, type: 'simple', simpleRouteType: 'agent', simpleRouteToId: String(agent.id), simpleRouteToPriority: 'urgent',
      matchFailedType: 'department', matchFailedrouteToId: String(department), matchFailedToPriority: 'low',
    });
    const rules = await gw.rest('PUT', `${BASE}/${settingId}`, { type: 'rules' });
    expect(rules.body.type).toBe('rules');
  });

  it('refuses bad settings with a 400 naming the field, writing nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: 'magic' }, /^type must be one of simple, rules/],
      [{ simpleRouteType: 'team' }, /^simpleRouteType must be one of agent, department/],
      [{ simpleRouteType: 'agent', simpleRouteToId: 999999 }, /^simpleRouteToId must be an existing agent id/],
      [{ matchFailedType: 'department', matchFailedToId: 999999 }, /^matchFailedToId must be an existing department id/],
      [{ simpleRoutePriority: 'asap' }, /^simpleRoutePriority must be one of urgent, high, normal, low/],
      [{ matchFailedToPriority: 'asap' }, /^matchFailedToPriority must be one of/],
      // Changing only the type re-checks the kept id (agent id as a department).
      [{ simpleRouteType: 'department', enable: true }, /^simpleRouteToId must be an existing department id/],
    ];
    for (const [body, message] of cases) {
      const before = await snapshot();
      const res = await gw.rest('PUT', `${BASE}/${settingId}`, body);
      expect(res.status, JSON.stringify([body, res.body])).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    }
    expect((await gw.rest('PUT', `${BASE}/999`, { type: 'simple' })).status).toBe(404);
  });
});

describe('custom rules', () => {
  it('creates (bare or wrapped in customRule), gets, updates, enables', async () => {
    const created = await gw.rest('POST', `${BASE}/customRules`, rule());
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ routeId: settingId, enable: true, name: 'Urgent to Billing', routeType: 'department', routeToId: String(department), routeToPriority: 'high' });
    expect(created.body.conditions).toMatchObject({ when: 'all', logicExpression: null, list: [{ type: 'routingRule', matchType: 'is', value: 'urgent' }] });
    const wrapped = await gw.rest('POST', `${BASE}/customRules`, { customRule: rule({ name: 'Second', routeType: 'agent', routeToId: agent.id }) });
    expect(wrapped.status, JSON.stringify(wrapped.body)).toBe(200);
    expect(wrapped.body.orderIndex).toBeGreaterThan(created.body.orderIndex);

    const got = await gw.rest('GET', `${BASE}/customRules/${created.body.id}`);
    expect(got.body).toEqual(created.body);

    const updated = await gw.rest('PUT', `${BASE}/customRules/${created.body.id}`, {
      name: 'Renamed',
      conditions: { when: 'logicalExpression', logicExpression: '1 or 2', list: [{ fieldId: 'priority', matchType: 'is', value: 'urgent' }, { fieldId: 'subject', matchType: 'contains', value: 'invoice' }] },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Renamed', routeType: 'department', conditions: { when: 'logicalExpression', logicExpression: '1 or 2' } });
    expect(updated.body.conditions.list).toHaveLength(2);

    const disabled = await gw.rest('PUT', `${BASE}/customRules/${created.body.id}/enable`, { enable: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body.enable).toBe(false);
    const listed = (await gw.rest('GET', BASE)).body.routingRules[0].rules;
    expect(listed.map((r: any) => r.id)).toEqual([created.body.id, wrapped.body.id]);
  });

  it('sorts up and down; past either end is a no-op', async () => {
    const ids = async () => (await gw.rest('GET', BASE)).body.routingRules[0].rules.map((r: any) => r.id);
    const [first, second] = await ids();
    expect((await gw.rest('PUT', `${BASE}/customRules/${first}/sort`, { type: 'up' })).status).toBe(204);
    expect(await ids()).toEqual([first, second]);
    expect((await gw.rest('PUT', `${BASE}/customRules/${second}/sort`, { type: 'down' })).status).toBe(204);
    expect(await ids()).toEqual([first, second]);
    expect((await gw.rest('PUT', `${BASE}/customRules/${first}/sort`, { type: 'down' })).status).toBe(204);
    expect(await ids()).toEqual([second, first]);
    expect((await gw.rest('PUT', `${BASE}/customRules/${first}/sort`, { type: 'up' })).status).toBe(204);
    expect(await ids()).toEqual([first, second]);
    const before = await snapshot();
    const bad = await gw.rest('PUT', `${BASE}/customRules/${first}/sort`, { type: 'sideways' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^type must be one of up, down/);
    expect(await snapshot()).toBe(before);
  });

  it('refuses bad rules with a 400 naming the field, writing nothing', async () => {
    const existing = (await gw.rest('GET', BASE)).body.routingRules[0].rules[0].id;
    const cases: [Record<string, unknown>, RegExp][] = [
      [rule({ name: '' }), /^name is required/],
      [rule({ routeType: 'team' }), /^routeType must be one of agent, department/],
      [rule({ routeToId: 999999 }), /^routeToId must be an existing department id/],
      [rule({ routeType: 'agent', routeToId: 999999 }), /^routeToId must be an existing agent id/],
      [rule({ routeToId: 'abc' }), /^routeToId must be a Department id/],
      [rule({ routeToPriority: 'asap' }), /^routeToPriority must be one of/],
      [rule({ conditions: { list: [{ fieldId: '00000000-0000-0000-0000-000000000000', matchType: 'is', value: 'x' }] } }), /field/i],
      [rule({ conditions: { list: [{ fieldId: 'priority', matchType: 'before', value: 'x' }] } }), /before/],
      [rule({ conditions: { when: 'logicalExpression', logicExpression: '1 and 3', list: [{ fieldId: 'priority', matchType: 'is', value: 'urgent' }] } }), /condition 3/],
      [rule({ conditions: { when: 'sometimes', list: [] } }), /^when must be one of/],
    ];
    for (const [body, message] of cases) {
      for (const [method, path] of [['POST', `${BASE}/customRules`], ['PUT', `${BASE}/customRules/${existing}`]] as const) {
        if (method === 'PUT' && body.name === undefined) continue;
        const before = await snapshot();
        const res = await gw.rest(method, path, body);
        expect(res.status, JSON.stringify([method, body, res.body])).toBe(400);
        expect(res.body.message).toMatch(message);
        expect(await snapshot()).toBe(before);
      }
    }
    expect((await gw.rest('GET', `${BASE}/customRules/999999`)).status).toBe(404);
  });

  it('agents read but may not change rules', async () => {
    expect((await gw.rest('GET', BASE, undefined, agent.auth)).status).toBe(200);
    expect((await gw.rest('POST', `${BASE}/customRules`, rule(), agent.auth)).status).toBe(403);
    expect((await gw.rest('PUT', `${BASE}/enable`, { enable: true }, agent.auth)).status).toBe(403);
  });

  it('deleting an agent or department a rule targets is a 409 naming the rule; deleting the rule frees it', async () => {
    const target = await gw.createAgent({ name: 'Target' });
    const created = (await gw.rest('POST', `${BASE}/customRules`, rule({ name: 'To Target', routeType: 'agent', routeToId: target.id }))).body;
    const refused = await gw.rest('DELETE', `/api/v3/agents/${target.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/routing rule "To Target"/);
    const depRefused = await gw.rest('DELETE', `/api/v3/departments/${department}`);
    expect(depRefused.status).toBe(409);
    expect(depRefused.body.message).toMatch(/no-match target/);
    expect((await gw.rest('DELETE', `${BASE}/customRules/${created.id}`)).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/customRules/${created.id}`)).status).toBe(404);
    expect((await gw.rest('DELETE', `/api/v3/agents/${target.id}`)).status).toBe(204);
  });
});

describe('GraphQL', () => {
  it('offers the same operations', async () => {
    const created = await gw.gql(
      `mutation($input: RoutingCustomRuleInput!) { createRoutingCustomRule(input: $input) { id name routeType routeToId orderIndex conditions { when list { fieldId matchType value } } } }`,
      { input: { name: 'GraphQL rule', routeType: 'agent', routeToId: String(agent.id), conditions: { when: 'any', list: [{ fieldId: 'channel', matchType: 'is', value: 'chat' }] } } },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data.createRoutingCustomRule.id;
    const sorted = await gw.gql(`mutation($id: ID!) { sortRoutingCustomRule(id: $id, type: "up") { id orderIndex } }`, { id });
    expect(sorted.errors).toBeUndefined();
    const read = await gw.gql(`query($id: ID!) { routingCustomRule(id: $id) { name enable } routingRules { id enable rules { id } } }`, { id });
    expect(read.data.routingCustomRule).toEqual({ name: 'GraphQL rule', enable: true });
    expect(read.data.routingRules[0].rules.map((r: any) => r.id)).toContain(id);
    const enabled = await gw.gql(`mutation { setRoutingRulesEnabled(enable: true) { enable } }`);
    expect(enabled.data.setRoutingRulesEnabled.enable).toBe(true);
    const bad = await gw.gql(`mutation($id: ID!) { updateRoutingRule(id: $id, input: { type: "magic" }) { id } }`, { id: settingId });
    expect(bad.errors?.[0]?.message).toMatch(/^type must be one of/);
    const deleted = await gw.gql(`mutation($id: ID!) { deleteRoutingCustomRule(id: $id) { id } }`, { id });
    expect(deleted.errors).toBeUndefined();
  });
});
