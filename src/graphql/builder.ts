/**
 * The Pothos schema builder every module adds its types to.
 * Plugins: scope-auth (who may call what, checked in one place), Prisma (object types backed by
 * Prisma models), Relay (Node interface, global ids, connections).
 */
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLScalarType, Kind } from 'graphql';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import { Prisma } from '../generated/prisma/client.js';
import type { GraphQLContext } from './context.js';
import { AppError, forbidden, unauthenticated } from './errors.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  AuthScopes: {
    /** Any signed-in viewer. */
    authenticated: boolean;
    /** An agent (admins are agents too). */
    agent: boolean;
    admin: boolean;
    /** A contact signed in to the customer portal. */
    contact: boolean;
    /** May act on the portal: a contact, an agent, or an integration with the `portal` scope. */
    portal: boolean;
    /** An integration (OAuth client) token. */
    integration: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin, PrismaPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: ({ viewer }) => ({
      authenticated: viewer.kind !== 'anonymous',
      agent: viewer.kind === 'agent',
      admin: viewer.kind === 'agent' && viewer.role === 'admin',
      contact: viewer.kind === 'contact',
      portal:
        viewer.kind === 'contact' || viewer.kind === 'agent' || (viewer.kind === 'integration' && viewer.scopes.includes('portal')),
      integration: viewer.kind === 'integration',
    }),
    // Anonymous callers are told to authenticate (401); signed-in ones that lack the scope get 403.
    unauthorizedError: (_parent, context) =>
      context.viewer.kind === 'anonymous' ? unauthenticated() : forbidden('You are not allowed to do this'),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    // node(id)/nodes(ids) are declared in src/graphql/nodes.ts (an unknown id answers null).
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
});

builder.addScalarType(
  'DateTime',
  new GraphQLScalarType<Date, string>({
    name: 'DateTime',
    description: 'An ISO-8601 date-time, always answered in UTC (e.g. 2026-11-25T10:00:00.000Z).',
    serialize: (value) => {
      const date = value instanceof Date ? value : new Date(String(value));
      if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
      return date.toISOString();
    },
    parseValue: (value) => parseIsoDate(value),
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new AppError('BAD_USER_INPUT', 'DateTime must be an ISO-8601 string');
      return parseIsoDate(ast.value);
    },
  }),
);

const isoDate = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
function parseIsoDate(value: unknown): Date {
  if (typeof value !== 'string' || !isoDate.test(value)) {
    throw new AppError('BAD_USER_INPUT', `DateTime must be an ISO-8601 string, got ${JSON.stringify(value)}`);
  }
  // The spec says every time is UTC: a value without an offset is read as UTC.
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const date = new Date(hasOffset || value.length === 10 ? value : `${value}Z`);
  if (Number.isNaN(date.getTime())) throw new AppError('BAD_USER_INPUT', `DateTime ${value} is not a valid date`);
  return date;
}

builder.addScalarType(
  'JSON',
  new GraphQLScalarType({
    name: 'JSON',
    description: 'Any JSON value.',
    serialize: (value) => value,
    parseValue: (value) => value,
  }),
);

builder.queryType({});
builder.mutationType({});

export { Prisma };
