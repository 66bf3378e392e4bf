/**
 * `npm run bench:inbox`: seeds 100k conversations / 500k messages (plus agents, departments and
 * contacts), then measures the agent-console inbox page (50 conversations with assignee, department,
 * contact, creator and last replier) over GraphQL and over REST.
 *   BENCH_CONVERSATIONS, BENCH_DURATION (seconds), BENCH_CONNECTIONS override the defaults.
 */
import pg from 'pg';
import { adminAuth, load, machine, startBenchGateway, table } from './harness.js';

const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const messagesPerConversation = 5;
const duration = Number(process.env.BENCH_DURATION ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const bench = await startBenchGateway();
const db = new pg.Client({ connectionString: bench.databaseUrl });
await db.connect();

const seedStarted = Date.now();
await db.query(`INSERT INTO "Department"(name) SELECT 'Department ' || i FROM generate_series(1, 10) i`);
await db.query(`INSERT INTO "Agent"(name, email) SELECT 'Agent ' || i, 'agent' || i || '@bench.local' FROM generate_series(1, 200) i`);
await db.query(`INSERT INTO "Contact"(name) SELECT 'Contact ' || i FROM generate_series(1, 20000) i`);
await db.query(`
  INSERT INTO "Conversation"(guid, subject, channel, status, priority, "relatedType", "relatedId", "contactId", "assignedAgentId",
    "assignedDepartmentId", "createdById", "createdByType", "createdTime", "lastActivityTime", "lastRepliedTime",
    "lastRepliedById", "lastRepliedByType", "lastMessage")
  SELECT gen_random_uuid(), 'Order ' || i || ' question', (ARRAY['email','portal','chat','facebookMessenger'])[1 + i % 4],
    (ARRAY['new','pendingInternal','pendingExternal','onHold','closed'])[1 + i % 5]::"ConversationStatus",
    (ARRAY['urgent','high','normal','low'])[1 + i % 4]::"ConversationPriority",
    'contact', (1 + i % 20000)::text, 1 + i % 20000, CASE WHEN i % 7 = 0 THEN NULL ELSE 1 + i % 200 END, 1 + i % 10,
    (1 + i % 20000)::text, 'contact', now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval,
    now() - ((i % 40000) || ' minutes')::interval, (1 + i % 200)::text, 'agent', 'Thanks, we are on it (' || i || ')'
  FROM generate_series(1, $1::int) i`, [conversations]);
await db.query(`
  INSERT INTO "Message"(id, "conversationId", type, "directType", source, texts, "plainText", "senderId", "senderType", time)
  SELECT gen_random_uuid(), c.id, CASE WHEN m % 2 = 0 THEN 'reply'::"MessageType" ELSE 'email'::"MessageType" END,
    CASE WHEN m % 2 = 0 THEN 'send' ELSE 'receive' END, 'API',
    jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'format', 'plaintext', 'content', 'Message ' || m || ' about order ' || c.id)),
    'Message ' || m || ' about order ' || c.id, c."contactId"::text, CASE WHEN m % 2 = 0 THEN 'agent' ELSE 'contact' END,
    c."createdTime" + (m || ' minutes')::interval
  FROM "Conversation" c, generate_series(1, ${messagesPerConversation}) m`);
// A steady-state database: autovacuum has run (visibility map set, so counts can use index-only scans).
await db.query('VACUUM ANALYZE');
const seedSeconds = ((Date.now() - seedStarted) / 1000).toFixed(1);
await db.end();

const graphqlBody = JSON.stringify({
  query: `query Inbox {
    conversations(first: 50) {
      totalCount
      nodes {
        databaseId subject status priority channel lastMessage lastRepliedTime isRead
        assignedAgent { databaseId name }
        assignedDepartment { databaseId name }
        contact { databaseId name }
        createdBy { __typename ... on Contact { databaseId name } ... on Agent { databaseId name } }
        lastRepliedBy { __typename ... on Contact { databaseId name } ... on Agent { databaseId name } }
      }
    }
  }`,
});
const restPath = '/api/v3/anytime/conversations?include=assignedAgent,assignedDepartment,contact,createdBy,lastRepliedBy';

// One request of each first, so a broken query fails loudly instead of benchmarking errors.
for (const [name, init, path] of [
  ['GraphQL', { method: 'POST', body: graphqlBody, headers: { 'content-type': 'application/json', authorization: adminAuth } }, '/graphql'],
  ['REST', { headers: { authorization: adminAuth } }, restPath],
] as const) {
  const response = await fetch(`${bench.gateway.url}${path}`, init as RequestInit);
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${name} inbox request failed: ${response.status} ${text.slice(0, 500)}`);
}

const results = [
  await load('GraphQL inbox page (50, all relations)', {
    url: `${bench.gateway.url}/graphql`, method: 'POST', body: graphqlBody,
    headers: { 'content-type': 'application/json', authorization: adminAuth }, duration, connections,
  }),
  await load('REST inbox page (50, all includes)', {
    url: `${bench.gateway.url}${restPath}`, headers: { authorization: adminAuth }, duration, connections,
  }),
];
await bench.stop();

console.log(`\nMachine: ${machine()}`);
console.log(`Data: ${conversations} conversations, ${conversations * messagesPerConversation} messages (seeded in ${seedSeconds} s); ${connections} connections, ${duration} s each\n`);
console.log(table(results));
