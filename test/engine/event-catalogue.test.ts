/**
 * The typed event catalogue (issue #11 item 4): conversation.updated carries
 * `changes: { field: [from, to] }` for the conversation's columns, next to `fields`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { automationViewer } from '../../src/auth/viewer.js';
import { createConversation, updateConversation } from '../../src/modules/conversations/service.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

it('conversation.updated names each changed field with its [from, to]', async () => {
  const ctx = {
    prisma: gw.gateway.deps.prisma,
    events: gw.gateway.deps.events,
    config: gw.gateway.deps.config,
    invalidations: gw.gateway.deps.invalidations,
    viewer: automationViewer({ ruleType: 'trigger', ruleId: 1 }),
  };
  const created = await createConversation(ctx, { subject: 'before', channel: 'api', message: { type: 'reply', text: { content: 'hi' } } } as never);
  await updateConversation(ctx, created.id, { subject: 'after', priority: 'high' } as never);
  const rows = await gw.sql<{ payload: { fields: string[]; changes: Record<string, [unknown, unknown]> } }>(
    `SELECT payload FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'conversation.updated' ORDER BY id DESC LIMIT 1`,
    [created.id],
  );
  const payload = rows[0]!.payload;
  expect(payload.fields.sort()).toEqual(['priority', 'subject']);
  expect(payload.changes).toEqual({ subject: ['before', 'after'], priority: [created.priority, 'high'] });
});
