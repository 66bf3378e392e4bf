/**
 * A page of conversations with every include costs the same number of SQL statements for 10 and 50
 * rows: at most 4 on a cold start (authentication, the page with its total, one per level of
 * relations), 3 once the credential and the total are remembered (src/db/invalidation.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE } from './helpers.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
  await gw.sql(`INSERT INTO "Department"(name) VALUES ('D1'), ('D2')`);
  await gw.sql(`INSERT INTO "Agent"(name, email) SELECT 'Agent ' || i, 'a' || i || '@x.y' FROM generate_series(1, 20) i`);
  await gw.sql(`INSERT INTO "Contact"(name) SELECT 'Contact ' || i FROM generate_series(1, 60) i`);
  await gw.sql(`INSERT INTO "Tag"(name) VALUES ('t1'), ('t2')`);
  await gw.sql(`INSERT INTO "Field"(id, type, name) VALUES (gen_random_uuid(), 'text', 'Custom')`);
  // 60 conversations: alternately created by an agent and by a contact, assigned, tagged, with two messages and a mention each.
  await gw.sql(`
    INSERT INTO "Conversation"(guid, subject, channel, "contactId", "relatedType", "relatedId", "assignedAgentId", "assignedDepartmentId",
                               "createdByType", "createdById", "lastRepliedByType", "lastRepliedById", "lastMessage")
    SELECT gen_random_uuid(), 'S' || i, 'email', c.id, 'contact', c.id::text, (SELECT min(id) FROM "Agent" WHERE email LIKE '%@x.y') + i % 20, (SELECT min(id) FROM "Department") + i % 2,
           CASE WHEN i % 2 = 0 THEN 'agent' ELSE 'contact' END,
           CASE WHEN i % 2 = 0 THEN ((SELECT min(id) FROM "Agent" WHERE email LIKE '%@x.y') + i % 20)::text ELSE c.id::text END,
           CASE WHEN i % 2 = 0 THEN 'contact' ELSE 'agent' END,
           CASE WHEN i % 2 = 0 THEN c.id::text ELSE ((SELECT min(id) FROM "Agent" WHERE email LIKE '%@x.y') + i % 20)::text END,
           'hello'
      FROM generate_series(1, 60) i JOIN "Contact" c ON c.name = 'Contact ' || i`);
  await gw.sql(`INSERT INTO "ConversationTag"("conversationId", "tagId") SELECT c.id, t.id FROM "Conversation" c CROSS JOIN "Tag" t`);
  await gw.sql(`INSERT INTO "ConversationFieldValue"("conversationId", "fieldId", value) SELECT c.id, f.id, 'v' FROM "Conversation" c CROSS JOIN "Field" f WHERE f.name = 'Custom'`);
  await gw.sql(`INSERT INTO "Message"(id, "conversationId", type, "directType", "senderType", "senderId", "mentionedAgentIds", texts, "plainText")
                SELECT gen_random_uuid(), c.id, 'note'::"MessageType", 'send', 'agent', c."assignedAgentId"::text, ARRAY[c."assignedAgentId"], '[{"id":"1","format":"plaintext","content":"x"}]'::jsonb, 'x' FROM "Conversation" c
                UNION ALL
                SELECT gen_random_uuid(), c.id, 'reply'::"MessageType", 'receive', 'contact', c."contactId"::text, '{}', '[]'::jsonb, '' FROM "Conversation" c`);
  await gw.sql(`INSERT INTO "Mention"("conversationId", "messageId", "agentId") SELECT m."conversationId", m.id, m."mentionedAgentIds"[1] FROM "Message" m WHERE m.type = 'note'`);
  await gw.sql(`INSERT INTO "Attachment"(id, "messageId", "conversationId", "fileName") SELECT gen_random_uuid(), m.id, m."conversationId", 'f.txt' FROM "Message" m WHERE m.type = 'reply'`);
});
afterAll(() => gw?.stop());

const everything = `query($first: Int) {
  conversations(first: $first) {
    totalCount
    nodes {
      databaseId subject isRead isActive hasDraft isEditable tagIds lastMessage
      mentionedAgents { agentId isRead agent { name } }
      customFields { id name value }
      assignedAgent { name departments { name } }
      assignedDepartment { name }
      contact { name identities { value } }
      createdBy { ... on Agent { name } ... on Contact { name } }
      lastRepliedBy { ... on Agent { name } ... on Contact { name } }
      messages { databaseId isRead texts { content } attachments { fileName url } sender { ... on Agent { name } ... on Contact { name } } }
    }
  }
}`;

describe('SQL statements per conversation page', () => {
  it('GraphQL: the same count for 10 and 50 conversations with every relation', async () => {
    let small: any;
    let large: any;
    const coldCount = await gw.countSql(() => gw.gql(everything, { first: 50 }));
    const smallCount = await gw.countSql(async () => {
      small = await gw.gql(everything, { first: 10 });
    });
    const largeCount = await gw.countSql(async () => {
      large = await gw.gql(everything, { first: 50 });
    });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(small.data.conversations.nodes).toHaveLength(10);
    expect(large.data.conversations.nodes).toHaveLength(50);
    const node = large.data.conversations.nodes[0];
    expect(node.createdBy.name).toMatch(/^(Agent|Contact) /);
    expect(node.lastRepliedBy.name).toMatch(/^(Agent|Contact) /);
    expect(node.messages).toHaveLength(2);
    expect(node.messages.some((m: any) => m.attachments.length === 1)).toBe(true);
    expect(node.mentionedAgents[0].agent.name).toMatch(/^Agent /);
    expect(node.customFields).toEqual([expect.objectContaining({ name: 'Custom', value: 'v' })]);
    // Cold: authentication, page + total (one statement), relations, relations of relations.
    expect(coldCount).toBe(4);
    expect(smallCount).toBe(3);
    expect(largeCount).toBe(3);
    expect(large.data.conversations.totalCount).toBe(60);
  });

  it('REST: the list with every include costs the same for a full and a partial page', async () => {
    const path = (page: number) => `${BASE}/conversations?include=assignedAgent,assignedDepartment,contact,createdBy,lastRepliedBy&pageIndex=${page}`;
    let full: any;
    let partial: any;
    await gw.sql(`UPDATE "Conversation" SET subject = subject`); // forget the remembered total
    const coldCount = await gw.countSql(() => gw.rest('GET', path(1)));
    const fullCount = await gw.countSql(async () => {
      full = await gw.rest('GET', path(1));
    });
    const partialCount = await gw.countSql(async () => {
      partial = await gw.rest('GET', path(2));
    });
    expect(full.status).toBe(200);
    expect(full.body.conversations).toHaveLength(50);
    expect(partial.body.conversations).toHaveLength(10);
    expect(full.body.conversations.every((c: any) => c.createdBy && c.contact && c.assignedAgent && c.assignedDepartment && c.lastRepliedBy)).toBe(true);
    expect(fullCount).toBe(partialCount);
    expect(coldCount).toBeLessThanOrEqual(4);
    expect(fullCount).toBe(3);
    expect(full.body.total).toBe(60);
  });
});
