/**
 * Routing when enabled: conversations created with no assignee (agent console over REST, GraphQL,
 * the portal) are routed inside the creating transaction, so the create answer already shows it.
 * simple → the configured target and priority; rules → first enabled matching rule in orderIndex
 * order (all / any / logical expression), else the matchFailed target. Explicit assignees win.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactToken, createContact } from '../attachments/helpers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const BASE = '/api/v3/anytime/routingRules';
let gw: TestGateway;
let settingId: string;
let ann: { id: number };
let bob: { id: number };
let billing: number;
let support: number;

beforeAll(async () => {
  gw = await startTestGateway();
  ann = await gw.createAgent({ name: 'Ann' });
  bob = await gw.createAgent({ name: 'Bob' });
  billing = (await gw.rest('POST', '/api/v3/departments', { name: 'Billing' })).body.id;
  support = (await gw.rest('POST', '/api/v3/departments', { name: 'Support' })).body.id;
  settingId = (await gw.rest('GET', BASE)).body.routingRules[0].id;
});
afterAll(() => gw?.stop());

async function create(body: Record<string, unknown> = {}) {
  const res = await gw.rest('POST', '/api/v3/anytime/conversations', {
    subject: 'Hello',
    channel: 'email',
    message: { type: 'email', text: { format: 'plaintext', content: 'hi' } },
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: number; assignedAgentId: unknown; assignedDepartmentId: unknown; priority: string };
}
const stored = async (id: number) => (await gw.sql(`SELECT "assignedAgentId" a, "assignedDepartmentId" d, priority::text p FROM "Conversation" WHERE id = $1`, [id]))[0];

describe('routing on create', () => {
  it('does nothing while routing is disabled', async () => {
    await gw.rest('PUT', `${BASE}/${settingId}`, { enable: false, type: 'simple', simpleRouteType: 'agent', simpleRouteToId: ann.id });
    const c = await create();
    expect(await stored(c.id)).toEqual({ a: null, d: null, p: 'normal' });
  });

  it('simple: routes to the configured agent with its priority, shown in the create answer', async () => {
    expect((await gw.rest('PUT', `${BASE}/${settingId}`, { enable: true, type: 'simple', simpleRouteType: 'agent', simpleRouteToId: ann.id, simpleRoutePriority: 'high' })).status).toBe(200);
    const c = await create();
    expect(String(c.assignedAgentId ?? (c as any).assignedAgent?.id)).toBe(String(ann.id));
    expect(c.priority).toBe('high');
    expect(await stored(c.id)).toEqual({ a: ann.id, d: null, p: 'high' });
    // An explicit priority is kept; an explicit assignee is not routed.
    expect((await stored((await create({ priority: 'low' })).id)).p).toBe('low');
    expect(await stored((await create({ assignedDepartmentId: support })).id)).toMatchObject({ a: null, d: support });
  });

  it('simple to a department', async () => {
    await gw.rest('PUT', `${BASE}/${settingId}`, { simpleRouteType: 'department', simpleRouteToId: billing, simpleRoutePriority: '' });
    expect(await stored((await create()).id)).toEqual({ a: null, d: billing, p: 'normal' });
  });

  it('rules: first enabled match in order, else the matchFailed target', async () => {
    await gw.rest('PUT', `${BASE}/${settingId}`, { type: 'rules', matchFailedType: 'department', matchFailedToId: support, matchFailedToPriority: 'low' });
    const mk = async (body: Record<string, unknown>) => {
      const res = await gw.rest('POST', `${BASE}/customRules`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.id as string;
    };
    const invoice = await mk({ name: 'Invoices', routeType: 'department', routeToId: billing, routeToPriority: 'urgent', conditions: { when: 'all', list: [{ fieldId: 'subject', matchType: 'contains', value: 'invoice' }, { fieldId: 'channel', matchType: 'is', value: 'email' }] } });
    await mk({ name: 'Chat or refund', routeType: 'agent', routeToId: bob.id, conditions: { when: 'any', list: [{ fieldId: 'channel', matchType: 'is', value: 'chat' }, { fieldId: 'subject', matchType: 'contains', value: 'refund' }] } });
    const disabled = await mk({ name: 'Disabled catch-all', enable: false, routeType: 'agent', routeToId: ann.id });
    await mk({ name: 'Expression', routeType: 'agent', routeToId: ann.id, conditions: { when: 'logicalExpression', logicExpression: '1 and (2 or 3)', list: [{ fieldId: 'subject', matchType: 'contains', value: 'vip' }, { fieldId: 'priority', matchType: 'is', value: 'high' }, { fieldId: 'priority', matchType: 'is', value: 'urgent' }] } });

    expect(await stored((await create({ subject: 'Invoice 42' })).id)).toEqual({ a: null, d: billing, p: 'urgent' });
    // Both the first and second rule match: the first in order wins.
    expect(await stored((await create({ subject: 'Invoice refund' })).id)).toMatchObject({ d: billing });
    expect(await stored((await create({ subject: 'Refund please' })).id)).toMatchObject({ a: bob.id, d: null });
    expect(await stored((await create({ subject: 'VIP here', priority: 'high' })).id)).toMatchObject({ a: ann.id });
    expect(await stored((await create({ subject: 'VIP here', priority: 'low' })).id)).toEqual({ a: null, d: support, p: 'low' });
    expect(await stored((await create({ subject: 'Nothing special' })).id)).toEqual({ a: null, d: support, p: 'low' });

    // Reordering changes the winner; enabling the catch-all at the top takes everything.
    await gw.rest('PUT', `${BASE}/customRules/${invoice}/sort`, { type: 'down' });
    expect(await stored((await create({ subject: 'Invoice refund' })).id)).toMatchObject({ a: bob.id });
    await gw.rest('PUT', `${BASE}/customRules/${disabled}/enable`, { enable: true });
    for (let i = 0; i < 3; i++) await gw.rest('PUT', `${BASE}/customRules/${disabled}/sort`, { type: 'up' });
    expect(await stored((await create({ subject: 'Invoice 43' })).id)).toMatchObject({ a: ann.id });
    await gw.rest('PUT', `${BASE}/customRules/${disabled}/enable`, { enable: false });
  });

  it('routes portal submissions and GraphQL creations too', async () => {
    const contact = await createContact(gw, 'Carol');
    const auth = await contactToken(gw, contact);
    const portal = await gw.rest('POST', '/api/v3/anytime/portalConversations', { subject: 'Refund for my order', message: { text: { content: 'please' } } }, auth);
    expect([200, 201], JSON.stringify(portal.body)).toContain(portal.status);
    expect(await stored(portal.body.id)).toMatchObject({ a: bob.id });
    const gql = await gw.gql(
      `mutation($input: CreateConversationInput!) { createConversation(input: $input) { databaseId } }`,
      { input: { subject: 'Invoice via GraphQL', channel: 'email', message: { type: 'email', text: { format: 'plaintext', content: 'x' } } } },
    );
    expect(gql.errors, JSON.stringify(gql.errors)).toBeUndefined();
    expect(await stored(Number(gql.data.createConversation.databaseId))).toMatchObject({ a: null, d: billing });
  });
});
