/**
 * The floor of `npm run bench:inbox`: node:http and a `pg` pool, each page answered by ONE SQL
 * statement that builds the whole JSON response in PostgreSQL; Node only passes the text on.
 * No GraphQL, no authentication, no validation: what any server on this database must at least pay.
 *
 * Env: DATABASE_URL, VIEWER_AGENT_ID (for isRead), POOL_SIZE (default 10, the gateway's pool).
 * Prints `{"listening":"http://127.0.0.1:<port>"}` once it serves.
 *   GET /inbox?first=N&shape=lean|full[&count=0]
 *     lean: the fields PostGraphile can serve (conversation columns, agent, department, contact)
 *     full: also isRead for the viewer, createdBy and lastRepliedBy (agent or contact by type)
 *   GET /conversation/<id>?senders=0|1   conversation, contact, messages (oldest first) with attachments
 */
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
const viewer = Number(process.env.VIEWER_AGENT_ID ?? 0);

const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ref = (column: string) => `CASE WHEN ${column} ~ '^[0-9]{1,9}$' THEN ${column}::int END`;
/** An agent or contact by a (type, text id) pair, as the gateway's ConversationParty union. */
const party = (type: string, id: string) => `CASE ${type}
    WHEN 'agent' THEN (SELECT json_build_object('__typename', 'Agent', 'databaseId', a.id, 'name', a.name) FROM "Agent" a WHERE a.id = ${ref(id)})
    WHEN 'contact' THEN (SELECT json_build_object('__typename', 'Contact', 'databaseId', k.id, 'name', k.name) FROM "Contact" k WHERE k.id = ${ref(id)})
  END`;

const WHERE = `c."deletedTime" IS NULL AND c."lastRepliedTime" >= $1 AND c."lastRepliedTime" <= $2`;

function inboxSql(shape: 'lean' | 'full', count: boolean): string {
  const full = shape === 'full'
    ? `, 'isRead', COALESCE((SELECT s."isRead" FROM "ConversationAgentState" s WHERE s."conversationId" = p.id AND s."agentId" = $4), false),
       'createdBy', ${party('p."createdByType"', 'p."createdById"')},
       'lastRepliedBy', ${party('p."lastRepliedByType"', 'p."lastRepliedById"')}`
    : '';
  return `
    WITH page AS (
      SELECT * FROM "Conversation" c WHERE ${WHERE} ORDER BY c."lastRepliedTime" DESC, c.id DESC LIMIT $3
    )
    SELECT json_build_object('data', json_build_object('conversations', json_build_object(
      ${count ? `'totalCount', (SELECT count(*) FROM "Conversation" c WHERE ${WHERE}),` : ''}
      'nodes', COALESCE((SELECT json_agg(json_build_object(
        'databaseId', p.id, 'subject', p.subject, 'status', p.status, 'priority', p.priority, 'channel', p.channel,
        'lastMessage', p."lastMessage", 'lastRepliedTime', ${iso('p."lastRepliedTime"')},
        'assignedAgent', (SELECT json_build_object('databaseId', a.id, 'name', a.name) FROM "Agent" a WHERE a.id = p."assignedAgentId"),
        'assignedDepartment', (SELECT json_build_object('databaseId', d.id, 'name', d.name) FROM "Department" d WHERE d.id = p."assignedDepartmentId"),
        'contact', (SELECT json_build_object('databaseId', k.id, 'name', k.name) FROM "Contact" k WHERE k.id = p."contactId")
        ${full}
      ) ORDER BY p."lastRepliedTime" DESC, p.id DESC) FROM page p), '[]'::json)
    )))::text AS body`;
}

function conversationSql(senders: boolean): string {
  return `
    SELECT json_build_object('data', json_build_object('conversation', (
      SELECT json_build_object(
        'databaseId', c.id, 'subject', c.subject, 'status', c.status, 'priority', c.priority, 'channel', c.channel,
        'createdTime', ${iso('c."createdTime"')}, 'lastRepliedTime', ${iso('c."lastRepliedTime"')},
        'contact', (SELECT json_build_object('databaseId', k.id, 'name', k.name, 'company', k.company, 'phone', k.phone) FROM "Contact" k WHERE k.id = c."contactId"),
        'messages', COALESCE((SELECT json_agg(json_build_object(
          'databaseId', m.id, 'type', m.type, 'directType', m."directType", 'texts', m.texts, 'plainText', m."plainText",
          'time', ${iso('m.time')}, 'senderId', m."senderId", 'senderType', m."senderType",
          ${senders ? `'sender', ${party('m."senderType"', 'm."senderId"')},` : ''}
          'attachments', COALESCE((SELECT json_agg(json_build_object('id', x.id, 'fileName', x."fileName", 'mimetype', x.mimetype, 'size', x.size)
            ORDER BY x."createdTime", x.id) FROM "Attachment" x WHERE x."messageId" = m.id), '[]'::json)
        ) ORDER BY m.time, m.id) FROM "Message" m WHERE m."conversationId" = c.id), '[]'::json)
      ) FROM "Conversation" c WHERE c.id = $1
    )))::text AS body`;
}

// Built once: node-postgres prepares named statements once per connection.
const statements = {
  lean: inboxSql('lean', true),
  full: inboxSql('full', true),
  leanNoCount: inboxSql('lean', false),
  fullNoCount: inboxSql('full', false),
  conversation: conversationSql(false),
  conversationSenders: conversationSql(true),
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://floor');
  let name: keyof typeof statements;
  let values: unknown[];
  if (url.pathname === '/inbox') {
    const shape = url.searchParams.get('shape') === 'full' ? 'full' : 'lean';
    const count = url.searchParams.get('count') !== '0';
    name = `${shape}${count ? '' : 'NoCount'}` as keyof typeof statements;
    const now = new Date();
    values = [new Date(now.getTime() - 30 * 86_400_000), now, Number(url.searchParams.get('first') ?? 50)];
    if (shape === 'full') values.push(viewer);
  } else if (url.pathname.startsWith('/conversation/')) {
    name = url.searchParams.get('senders') === '1' ? 'conversationSenders' : 'conversation';
    values = [Number(url.pathname.slice('/conversation/'.length))];
  } else {
    res.writeHead(404).end();
    return;
  }
  pool.query({ name, text: statements[name], values }).then(
    (result) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(result.rows[0].body);
    },
    (error: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message);
    },
  );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ listening: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` }));
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    pool.end().then(() => process.exit(0), () => process.exit(1));
  });
}
