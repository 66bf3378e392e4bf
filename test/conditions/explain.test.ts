/**
 * A list filtered by a custom-field `is` condition over 100k conversations stays index-backed:
 * the plan reads "ConversationFieldValue" through an index, never with a sequential scan.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Prisma } from '../../src/generated/prisma/client.js';
import { conditionSetToSql, resolveConditionSet } from '../../src/engine/conditions/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let fieldId: string;

beforeAll(async () => {
  gw = await startTestGateway();
  const res = await gw.rest('POST', '/api/v3/anytime/fields', { type: 'text', name: 'Order number' });
  fieldId = res.body.id;
  await gw.sql(
    `INSERT INTO "Conversation"(guid, subject, channel, "lastRepliedTime")
     SELECT gen_random_uuid(), 'Conversation ' || i, 'email', now() - (i || ' minutes')::interval FROM generate_series(1, 100000) AS i`,
  );
  await gw.sql(`INSERT INTO "ConversationFieldValue"("conversationId", "fieldId", value) SELECT id, $1, 'ORD-' || (id % 5000) FROM "Conversation"`, [fieldId]);
  await gw.sql(`ANALYZE "Conversation"`);
  await gw.sql(`ANALYZE "ConversationFieldValue"`);
}, 120_000);
afterAll(() => gw?.stop());

it('a custom-field `is` condition reads ConversationFieldValue through an index', async () => {
  const set = await resolveConditionSet(gw.gateway.db.prisma, { conditions: [{ fieldId: 'Order number', matchType: 'is', value: 'ORD-42' }] });
  // The shape of the conversation list query: live conversations, newest reply first, one page.
  const query = Prisma.sql`SELECT c.id FROM "Conversation" c
    WHERE c."deletedTime" IS NULL AND (${conditionSetToSql(set)})
    ORDER BY c."lastRepliedTime" DESC LIMIT 50`;
  const plan = (await gw.sql(`EXPLAIN ${query.text}`, query.values)).map((row) => row['QUERY PLAN'] as string).join('\n');
  expect(plan).toMatch(/Index (Only )?Scan using "ConversationFieldValue_[A-Za-z_]+" on "ConversationFieldValue"|Bitmap Index Scan on "ConversationFieldValue_/);
  expect(plan).not.toMatch(/Seq Scan on "ConversationFieldValue"/);

  const rows = await gw.gateway.db.prisma.$queryRaw<{ id: number }[]>(query);
  expect(rows).toHaveLength(20);
  const count = await gw.gateway.db.prisma.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*) AS n FROM "Conversation" c WHERE ${conditionSetToSql(set)}`);
  expect(Number(count[0]!.n)).toBe(20);
}, 60_000);
