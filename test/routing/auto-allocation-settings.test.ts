/**
 * Auto allocation settings over REST and GraphQL: every documented setting, both naming styles
 * of the update, enable, and bad input (400 naming the field, nothing written).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const BASE = '/api/v3/anytime/autoAllocation';
let gw: TestGateway;
let ann: { id: number; auth: string };
let dep: number;

beforeAll(async () => {
  gw = await startTestGateway();
  ann = await gw.createAgent({ name: 'Ann' });
  dep = (await gw.rest('POST', '/api/v3/departments', { name: 'Billing' })).body.id;
});
afterAll(() => gw?.stop());

const snapshot = async () =>
  JSON.stringify(await gw.sql(`SELECT (SELECT json_agg(s) FROM "AllocationSetting" s) s, (SELECT json_agg(d) FROM "AllocationDepartmentRule" d) d, (SELECT json_agg(p) FROM "AllocationAgentPreference" p) p`));

describe('auto allocation settings', () => {
  it('gets the defaults, enables, and updates with the request’s names', async () => {
    const got = await gw.rest('GET', BASE);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      enable: false, departmentAllocationRule: [], defaultRule: 'loadBalancing', defaultPreferLastAssignee: false,
      setMaxNumberForEachAgent: false, maxNumberForAllAgents: 10, agentPreferences: [], excludePendingExternal: false, excludeOnHold: false,
    });
    expect((await gw.rest('PUT', `${BASE}/enable`, { enable: true })).status).toBe(204);
    expect((await gw.rest('GET', BASE)).body.enable).toBe(true);
    const updated = await gw.rest('PUT', BASE, {
      defaultRule: 'roundRobin', defaultPreferLastAssignee: true, setMaxNumberForEachAgent: true, maxNumberForAllAgents: 4,
      excludePendingExternal: true, excludeOnHold: true,
      allocationRuleSettings: [{ departmentId: dep, allocationRule: 'roundRobin', preferLastAssignee: true }],
      allocationAgentPreferences: [{ agentId: ann.id, maxConcurrentCount: 3, ifAcceptAllocation: false }],
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toEqual({
      enable: true, defaultRule: 'roundRobin', defaultPreferLastAssignee: true, setMaxNumberForEachAgent: true, maxNumberForAllAgents: 4,
      excludePendingExternal: true, excludeOnHold: true,
      departmentAllocationRule: [{ departmentId: String(dep), departmentName: 'Billing', allocationRule: 'roundRobin', preferLastAssignee: true }],
      agentPreferences: [{ agentId: String(ann.id), maxConcurrentCount: 3, ifAcceptAllocation: false }],
    });
  });

  it('updates with the object’s names', async () => {
    const updated = await gw.rest('PUT', BASE, {
      departmentAllocationRule: [{ departmentId: String(dep), allocationRule: 'loadBalancing' }],
      agentPreferences: [{ agentId: String(ann.id), ifAcceptAllocation: true }],
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.departmentAllocationRule).toEqual([{ departmentId: String(dep), departmentName: 'Billing', allocationRule: 'loadBalancing', preferLastAssignee: false }]);
    expect(updated.body.agentPreferences).toEqual([{ agentId: String(ann.id), maxConcurrentCount: 3, ifAcceptAllocation: true }]);
  });

  it('refuses bad input with a 400 naming the field, writing nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ defaultRule: 'random' }, /^defaultRule must be one of loadBalancing, roundRobin/],
      [{ maxNumberForAllAgents: 0 }, /^maxNumberForAllAgents must be a positive integer/],
      [{ maxNumberForAllAgents: -3 }, /^maxNumberForAllAgents must be a positive integer/],
      [{ allocationRuleSettings: [{ departmentId: dep, allocationRule: 'random' }] }, /^allocationRuleSettings\[0\]\.allocationRule must be one of/],
      [{ allocationRuleSettings: [{ departmentId: 999999, allocationRule: 'roundRobin' }] }, /^allocationRuleSettings\[0\]\.departmentId must be an existing department id/],
      [{ departmentAllocationRule: [{ departmentId: dep, allocationRule: 'roundRobin' }, { departmentId: dep, allocationRule: 'roundRobin' }] }, /^departmentAllocationRule\[1\]\.departmentId is listed twice/],
      [{ allocationAgentPreferences: [{ agentId: 999999, maxConcurrentCount: 2 }] }, /^allocationAgentPreferences\[0\]\.agentId must be an existing agent id/],
      [{ agentPreferences: [{ agentId: ann.id, maxConcurrentCount: 0 }] }, /^agentPreferences\[0\]\.maxConcurrentCount must be a positive integer/],
      [{ defaultRule: 'roundRobin', agentPreferences: [{ agentId: 'x' }] }, /^agentPreferences\[0\]\.agentId must be a Agent id/],
    ];
    for (const [body, message] of cases) {
      const before = await snapshot();
      const res = await gw.rest('PUT', BASE, body);
      expect(res.status, JSON.stringify([body, res.body])).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    }
  });

  it('agents read; only admins change; GraphQL offers the same', async () => {
    expect((await gw.rest('GET', BASE, undefined, ann.auth)).status).toBe(200);
    expect((await gw.rest('PUT', `${BASE}/enable`, { enable: false }, ann.auth)).status).toBe(403);
    const res = await gw.gql(`mutation { updateAutoAllocation(input: { defaultRule: "loadBalancing", maxNumberForAllAgents: 7 }) { defaultRule maxNumberForAllAgents } }`);
    expect(res.data.updateAutoAllocation).toEqual({ defaultRule: 'loadBalancing', maxNumberForAllAgents: 7 });
    const off = await gw.gql(`mutation { setAutoAllocationEnabled(enable: false) { enable } } `);
    expect(off.data.setAutoAllocationEnabled.enable).toBe(false);
    expect((await gw.gql(`{ autoAllocation { enable maxNumberForAllAgents } }`)).data.autoAllocation).toEqual({ enable: false, maxNumberForAllAgents: 7 });
  });
});

describe('agent online status', () => {
  it('an agent sets its own online status and acceptance over REST and GraphQL', async () => {
    const res = await gw.rest('PUT', '/api/v3/anytime/agents/me/status', { isOnline: true, ifAcceptAllocation: false }, ann.auth);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ id: ann.id, isOnline: true });
    expect((await gw.sql(`SELECT "ifAcceptAllocation" a FROM "AllocationAgentPreference" WHERE "agentId" = $1`, [ann.id]))[0].a).toBe(false);
    const gql = await gw.gql(`mutation { setMyOnlineStatus(isOnline: false) { isOnline } }`, {}, ann.auth);
    expect(gql.data.setMyOnlineStatus.isOnline).toBe(false);
    const bad = await gw.rest('PUT', '/api/v3/anytime/agents/me/status', {}, ann.auth);
    expect(bad.status).toBe(400);
  });
});
