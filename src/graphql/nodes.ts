/**
 * `node(id:)` and `nodes(ids:)`. Relay's contract: an id that names no object the viewer may see
 * answers `null`, never an error. Pothos loads a prismaNode with `findUniqueOrThrow`, so an unknown
 * id (deleted, never existed, or filtered out by the type's `findUnique`, like another agent's
 * private filter) came back as INTERNAL_SERVER_ERROR, and an id of the wrong shape
 * (`Conversation:abc`, an unknown type, not base64 at all) too, from Prisma or the id decoder.
 *
 * So the two fields are declared here rather than by the Relay plugin (whose id argument is decoded,
 * and refused, before any resolver runs): each id is decoded and checked against the type's key (an integer, or a uuid) first, so
 * nothing malformed reaches the database; then Pothos loads it (its per-request cache and the
 * types' `findUnique`/`authScopes` still apply) and Prisma's "not found" alone becomes null. Any
 * other failure (database down) stays an error.
 */
import { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import type { GraphQLInterfaceType, GraphQLResolveInfo } from 'graphql';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import { builder } from './builder.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT4_MAX = 2147483647;

/** Each node type's key kind, from the Prisma datamodel (the node types are Prisma models of the same name). */
const keyKinds = new Map<string, 'int' | 'uuid'>(
  Object.entries(getDatamodel().datamodel.models).flatMap(([model, { fields }]) => {
    const id = fields.find((field) => field.isId);
    // Every String key of our models is a @db.Uuid (PostgreSQL refuses anything else in a uuid column).
    const kind: 'int' | 'uuid' | undefined = id?.type === 'Int' ? 'int' : id?.type === 'String' ? 'uuid' : undefined;
    return kind ? [[model, kind] as const] : [];
  }),
);

/** The decoded id, or null when it cannot name an object of a node type. */
function parseNodeId(raw: unknown, nodeTypes: ReadonlySet<string>): { typename: string; id: string } | null {
  if (typeof raw !== 'string') return null;
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(raw);
  } catch {
    // Not a global id at all: it names nothing.
    return null;
  }
  if (!nodeTypes.has(decoded.typename)) return null;
  const kind = keyKinds.get(decoded.typename);
  if (kind === 'int') return /^\d{1,10}$/.test(decoded.id) && Number(decoded.id) > 0 && Number(decoded.id) <= INT4_MAX ? decoded : null;
  if (kind === 'uuid') return uuid.test(decoded.id) ? decoded : null;
  return decoded;
}

/** Prisma's P2025: findUniqueOrThrow found no row. */
const isRecordNotFound = (error: unknown) => (error as { code?: unknown } | null)?.code === 'P2025';

async function loadNodes(context: object, info: GraphQLResolveInfo, rawIds: readonly unknown[]): Promise<unknown[]> {
  const nodeInterface = info.schema.getType('Node') as GraphQLInterfaceType;
  const nodeTypes = new Set(info.schema.getPossibleTypes(nodeInterface).map((type) => type.name));
  return Promise.all(
    rawIds.map(async (raw) => {
      const id = parseNodeId(raw, nodeTypes);
      if (!id) return null;
      try {
        // One id per call, so that one missing id does not fail the others of its type.
        return (await resolveNodes(builder, context, info, [id]))[0] ?? null;
      } catch (error) {
        if (isRecordNotFound(error)) return null;
        throw error;
      }
    }),
  );
}

// node(id)/nodes(ids) can reach any type: only agents may use them (contacts use the portal fields).
builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context, info) => (await loadNodes(context, info, [args.id]))[0] as never,
  }),
);

builder.queryField('nodes', (t) =>
  t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    authScopes: { agent: true },
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, args, context, info) => loadNodes(context, info, args.ids) as never,
  }),
);
