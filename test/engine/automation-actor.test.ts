/**
 * The automation actor (issue #11 item 3): a write made through automationViewer() records the
 * rule as the actor of its events, so a consumer can recognise a rule's own writes; the one
 * viewer → party mapping gives every kind of viewer the same identity everywhere.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { automationViewer, isActorRule, partyKey, partyOf } from '../../src/auth/viewer.js';
import { inTransaction } from '../../src/engine/write.js';
import { createConversation } from '../../src/modules/conversations/service.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const ctxAs = (viewer: ReturnType<typeof automationViewer>) => ({
  prisma: gw.gateway.deps.prisma,
  events: gw.gateway.deps.events,
  config: gw.gateway.deps.config,
  invalidations: gw.gateway.deps.invalidations,
  viewer,
});

it('records the rule as the actor of the events its writes cause, and a rule recognises its own', async () => {
  const rule = { ruleType: 'trigger' as const, ruleId: 42 };
  const seen: { actorType: string | null; actorId: string | null }[] = [];
  const off = gw.gateway.deps.events.subscribe((event) => seen.push(event));
  const logged = await inTransaction(ctxAs(automationViewer(rule)), async (_tx, emit) => {
    emit({ type: 'filter.updated', payload: { filterId: 'none' } });
    return 'ok';
  });
  off();
  expect(logged).toBe('ok');
  const rows = await gw.sql<{ actorType: string; actorId: string }>(
    `SELECT "actorType", "actorId" FROM "DomainEvent" WHERE type = 'filter.updated' ORDER BY id DESC LIMIT 1`,
  );
  expect(rows[0]).toEqual({ actorType: 'automation', actorId: 'trigger:42' });
  expect(seen.at(-1)).toMatchObject({ actorType: 'automation', actorId: 'trigger:42' });
  expect(isActorRule(rows[0]!, rule)).toBe(true);
  expect(isActorRule(rows[0]!, { ruleType: 'trigger', ruleId: 43 })).toBe(false);
  expect(isActorRule(rows[0]!, { ruleType: 'sla', ruleId: 42 })).toBe(false);
});

it('a conversation created by a rule is created by the system, its events name the rule', async () => {
  const conversation = await createConversation(ctxAs(automationViewer({ ruleType: 'routingRule', ruleId: 'r1' })), {
    subject: 'by a rule',
    channel: 'api',
    message: { type: 'reply', text: { content: 'hello' } },
  } as never);
  expect(conversation.createdByType).toBe('system');
  const events = await gw.sql<{ type: string; actorType: string; actorId: string }>(
    `SELECT type, "actorType", "actorId" FROM "DomainEvent" WHERE "conversationId" = $1 ORDER BY id`,
    [conversation.id],
  );
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) expect(event).toMatchObject({ actorType: 'automation', actorId: 'routingRule:r1' });
});

it('maps every kind of viewer to one party', () => {
  expect(partyOf({ kind: 'agent', agentId: 3, role: 'agent', email: 'a@x' })).toEqual({ type: 'agent', id: '3' });
  expect(partyOf({ kind: 'contact', contactId: 5, clientId: 'c' })).toEqual({ type: 'contact', id: '5' });
  expect(partyOf({ kind: 'integration', clientId: 'cli', scopes: [] })).toEqual({ type: 'integration', id: 'cli' });
  expect(partyOf({ kind: 'anonymous' })).toEqual({ type: null, id: null });
  expect(partyKey(automationViewer({ ruleType: 'sla', ruleId: 9 }))).toBe('automation:sla:9');
  expect(partyKey({ kind: 'anonymous' })).toBe('anonymous');
});
