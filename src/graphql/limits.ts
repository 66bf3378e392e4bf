/**
 * Limits on what one GraphQL document may ask, checked before anything runs (at parse and
 * validation, so a refused query costs no resolver and no SQL). Without them one request of 5,000
 * aliases of `conversations { totalCount }` held the server for seconds.
 *
 *   tokens      GRAPHQL_MAX_TOKENS      at parse: bounds the work of every later step
 *   aliases     GRAPHQL_MAX_ALIASES     the same field asked many times under other names
 *   depth       GRAPHQL_MAX_DEPTH       nesting of fields (fragments flattened)
 *   directives  GRAPHQL_MAX_DIRECTIVES  `@include`/`@skip` piled up
 *   cost        GRAPHQL_MAX_COST        fields times the page sizes of the lists around them
 *
 * The first four are @escape.tech/graphql-armor plugins; the cost rule is ours (armor's cost-limit
 * does not know page sizes: a `first: 100` list and a scalar cost it the same). A refused
 * document is an ordinary GraphQL validation error (HTTP 400), never a partial execution.
 *
 * Also here: suggestions ("Did you mean …?") are removed from every error, and
 * introspection is allowed only to the viewers INTROSPECTION names (GraphiQL works for signed-in
 * agents with the default). REST rows are validated with these rules when they are mounted: a
 * stored document over a limit fails the start (test/foundation/graphql-limits.test.ts checks
 * every row).
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isEnumType,
  isListType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  // graphql's CommonJS entry: the copy Yoga, Pothos and armor load. (Under vitest a bare 'graphql'
  // in src/ is the ESM copy, and graphql's type checks refuse a schema built by the other copy.)
} from 'graphql/index.js';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config.js';
import { MAX_PAGE_SIZE } from './pagination.js';

export type IntrospectionPolicy = 'all' | 'signed-in' | 'agents' | 'off';

export interface GraphQLLimits {
  maxTokens: number;
  maxAliases: number;
  maxDepth: number;
  maxDirectives: number;
  maxCost: number;
  /** Who may ask `__schema` / `__type`. */
  introspection: IntrospectionPolicy;
}

/** Page size a connection answers when `first`/`last` is not given (REST's and GraphQL's default). */
export const DEFAULT_PAGE_SIZE = 50;
/**
 * Items assumed for a list without a page size (a conversation's messages, tags, a field's
 * options): an estimate, since the real length is known only after loading. Lists that take ids
 * (`nodes(ids:)`, batch mutations) count the ids given instead.
 */
export const ASSUMED_LIST_SIZE = 10;

/** The arguments that set a list's page size, as the spec and our connections name them. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last', 'limit', 'pageSize'];

export const limitsOf = (config: Config): GraphQLLimits => ({
  maxTokens: config.graphqlMaxTokens,
  maxAliases: config.graphqlMaxAliases,
  maxDepth: config.graphqlMaxDepth,
  maxDirectives: config.graphqlMaxDirectives,
  maxCost: config.graphqlMaxCost,
  introspection: config.introspection,
});

export function mayIntrospect(policy: IntrospectionPolicy, viewer: Viewer | undefined): boolean {
  switch (policy) {
    case 'all':
      return true;
    case 'signed-in':
      return viewer !== undefined && viewer.kind !== 'anonymous';
    case 'agents':
      return viewer?.kind === 'agent';
    default:
      return false;
  }
}

/**
 * armor's rules throw (or report) `Syntax Error: <what>`; these are validation errors, not syntax
 * errors, so the caller reads just `<what>`, e.g. "Aliases limit of 100 exceeded, found 5000.".
 */
const report = (context: ValidationContext | null, error: GraphQLError) => {
  const message = error.message.replace(/^Syntax Error: /, '');
  if (context) context.reportError(new GraphQLError(message));
  else throw new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } });
};
const armorOptions = { exposeLimits: true, propagateOnRejection: false, onReject: [report] };

/** The rules that depend on the document alone. */
function documentRules(limits: GraphQLLimits): ValidationRule[] {
  return [
    maxAliasesRule({ n: limits.maxAliases, ...armorOptions }),
    // flattenFragments: a fragment is a way of writing a selection, not a level of nesting.
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...armorOptions }),
    maxDirectivesRule({ n: limits.maxDirectives, ...armorOptions }),
  ];
}

/** The validation rules of the limits, as test/ checks the stored REST documents with them. */
export function limitRules(limits: GraphQLLimits, variables?: Record<string, unknown>): ValidationRule[] {
  return [...documentRules(limits), costLimitRule(limits.maxCost, variables)];
}

/** A rule under another name (see the cache note in graphqlLimitPlugins). */
const named = (name: string, rule: ValidationRule): ValidationRule => Object.defineProperty((context: ValidationContext) => rule(context), 'name', { value: name });

export interface LimitsContext {
  viewer?: Viewer;
  /** Node's IncomingMessage of an HTTP request: the key of its authenticated viewer. */
  incoming?: object;
  authError?: unknown;
  params?: { variables?: Record<string, unknown> | null };
}

/**
 * The Yoga plugins. `authenticate` runs once per HTTP request, before parsing, so the validation
 * rules know the viewer (introspection); server.ts's context then reuses that viewer (or rethrows
 * `authError` as a 401). graphql-ws and REST hand their viewer in through getEnveloped.
 */
export function graphqlLimitPlugins(limits: GraphQLLimits, authenticate: (request: Request, context: LimitsContext) => Promise<Viewer>): Plugin[] {
  const mayList = (context: unknown) => {
    const ctx = context as LimitsContext;
    return !ctx.authError && mayIntrospect(limits.introspection, ctx.viewer);
  };
  return [
    {
      async onParams({ request, context }) {
        const ctx = context as LimitsContext;
        if (ctx.viewer || ctx.authError) return;
        try {
          ctx.viewer = await authenticate(request, ctx);
        } catch (error) {
          // Answered as a 401 by the context factory (after validation, as before).
          ctx.authError = error;
        }
      },
    },
    maxTokensPlugin({ n: limits.maxTokens, ...armorOptions }) as Plugin,
    {
      // Yoga caches a validation result per document and the names of the rules validated with
      // (its useParserAndValidationCache runs after these plugins). So what depends on more than
      // the document is decided here and shows in the rules added: the cost (variables) is
      // computed now and adds a rule named after it only when over the limit; the introspection
      // rule (the viewer) is added only when refused. Otherwise `first: 50` validated once would
      // let `first: 100` through from the cache, and an agent's introspection an anonymous one's.
      onValidate({ context, params, addValidationRule }) {
        const ctx = context as LimitsContext;
        for (const rule of documentRules(limits)) addValidationRule(rule);
        const variables = ctx.params?.variables ?? undefined;
        const cost = documentCost(params.schema, params.documentAST, variables);
        if (cost > limits.maxCost) addValidationRule(named(`CostLimitExceeded_${cost}`, costLimitRule(limits.maxCost, variables)));
        // Bad credentials are answered 401 by the context, whatever the document asks.
        if (!ctx.authError && !mayIntrospect(limits.introspection, ctx.viewer)) addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    },
    {
      // An enum's accepted values are listed to the viewers that may introspect: the same split as
      // the introspection rule above, so Yoga's validation cache never hands one viewer's errors to
      // the other kind.
      onValidate: ({ params, context }) => ({ result }) => clarifyErrors(result, mayList(context) ? params.schema : undefined),
      // Variables are coerced at execution: `$sortBy: "lastReplyTim"` is answered from there.
      onExecute: ({ args }) => ({
        onExecuteDone: ({ result }) => clarifyErrors((result as { errors?: readonly { message: string }[] }).errors, mayList(args.contextValue) ? args.schema : undefined),
      }),
      onSubscribe: ({ args }) => ({
        onSubscribeResult: ({ result }) => clarifyErrors((result as { errors?: readonly { message: string }[] }).errors, mayList(args.contextValue) ? args.schema : undefined),
      }),
    },
  ];
}

/**
 * graphql-js appends `Did you mean "conversations"?` (fields, arguments, types) or `Did you mean
 * the enum value "open"?` to its errors: that would tell a viewer refused introspection the names
 * it may not list. (armor's block-field-suggestions misses the enum form.)
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;
export function removeSuggestions(errors: readonly { message: string }[] | undefined): void {
  for (const error of errors ?? []) {
    if (error.message.includes('Did you mean')) error.message = error.message.replace(SUGGESTION, '').trim();
  }
}

/**
 * An unknown enum value (`Value "fax" does not exist in "ReplyMessageType" enum.`, from a literal
 * at validation or a variable at coercion) is answered with the values the field accepts, as the
 * services' own checks do (`must be one of …`): the caller learns the fix from the 400, REST and
 * GraphQL alike. Only for viewers that may introspect (`schema` undefined otherwise: suggestions
 * alone are removed): a viewer refused the schema is not told its names this way either.
 * Idempotent: Yoga caches validation errors and we may see the same error twice.
 */
const UNKNOWN_ENUM_VALUE = /(Value "(?:[^"\\]|\\.)*" does not exist in "(\w+)" enum)\./;
export function clarifyErrors(errors: readonly { message: string }[] | undefined, schema: GraphQLSchema | undefined): void {
  removeSuggestions(errors);
  if (!schema) return;
  for (const error of errors ?? []) {
    const match = UNKNOWN_ENUM_VALUE.exec(error.message);
    if (!match) continue;
    const type = schema.getType(match[2]!);
    if (!isEnumType(type)) continue;
    const accepted = type.getValues().map((value) => value.name);
    error.message = error.message.replace(match[0], `${match[1]}: must be one of ${accepted.join(', ')}.`);
  }
}

// ─── cost ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The estimated size of the answer: every field costs 1 for each object it is asked of. A
 * connection (a field with `first`/`last`/`limit`/`pageSize`) multiplies what is asked of its
 * `nodes`/`edges` by its page size (the variable's value when known; 50 when not given; 100, the
 * largest page, when it is a variable whose value is not known yet, as for the stored REST
 * documents, which are checked once for every request they will serve). A list that takes `ids`
 * multiplies by the number of ids; any other list by ASSUMED_LIST_SIZE. Introspection costs
 * nothing here (it is answered from memory; depth and tokens still bound it).
 *
 * So `{ a0: conversations { totalCount } … a4999: … }` costs 10,000 and
 * `conversations(first: 10) { totalCount nodes { subject messages { plainText } } }` costs
 * 3 + 10 × (1 + 1 + 10 × 1) = 123.
 */
export function costLimitRule(maxCost: number, variables?: Record<string, unknown>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const cost = operationCost(context, operation, variables);
      if (cost > maxCost) {
        context.reportError(
          new GraphQLError(
            `Query cost limit of ${maxCost} exceeded, estimated ${cost}. Each field costs 1 per object it is asked of, ` +
              `and a list multiplies the fields under it by its page size (first/last, default ${DEFAULT_PAGE_SIZE}): ask for smaller pages or fewer fields.`,
            { nodes: [operation] },
          ),
        );
      }
    },
  });
}

/** The largest cost of the document's operations (before validation: unknown names cost 1). */
export function documentCost(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const env = { getSchema: () => schema, getFragment: (name: string) => fragments.get(name) };
  let cost = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) cost = Math.max(cost, operationCost(env, definition, variables));
  }
  return cost;
}

export function operationCost(
  context: Pick<ValidationContext, 'getSchema' | 'getFragment'>,
  operation: OperationDefinitionNode,
  variables?: Record<string, unknown>,
): number {
  const schema = context.getSchema();
  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  /** An argument's number: a literal, or a variable's value (undefined: not known). */
  const numberOf = (value: ValueNode): number | null | undefined => {
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.NULL) return null;
    if (value.kind === Kind.VARIABLE) {
      const name = value.name.value;
      if (variables && name in variables) return typeof variables[name] === 'number' ? (variables[name] as number) : null;
      const fallback = defaults.get(name);
      if (fallback) return numberOf(fallback);
      return variables ? null : undefined;
    }
    return undefined;
  };
  const lengthOf = (value: ValueNode): number | undefined => {
    if (value.kind === Kind.LIST) return value.values.length;
    if (value.kind === Kind.VARIABLE && variables) {
      const given = variables[value.name.value];
      return Array.isArray(given) ? given.length : given === undefined || given === null ? 0 : 1;
    }
    return undefined;
  };
  const pageSizeOf = (field: FieldNode): number | undefined => {
    const args = (field.arguments ?? []).filter((arg) => PAGE_SIZE_ARGUMENTS.includes(arg.name.value));
    if (!args.length) return undefined;
    let size: number | undefined = DEFAULT_PAGE_SIZE;
    for (const arg of args) {
      const value = numberOf(arg.value);
      if (value === undefined) return MAX_PAGE_SIZE;
      if (value !== null) size = value;
    }
    // Out of range is refused by the resolver with its own message; here it costs the largest page.
    return Math.max(0, Math.min(size, MAX_PAGE_SIZE));
  };

  const fragmentsInUse: string[] = [];
  const selectionCost = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, pageSize: number | undefined): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parentType, pageSize);
      } else {
        const fragment: Pick<FragmentDefinitionNode, 'selectionSet'> & { typeCondition?: FragmentDefinitionNode['typeCondition'] } | undefined | null =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : context.getFragment(selection.name.value);
        // An unknown fragment or a cycle is reported by graphql's own rules; it costs nothing here.
        if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && fragmentsInUse.includes(selection.name.value))) continue;
        const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parentType;
        if (!type || !isCompositeType(type)) continue;
        if (selection.kind === Kind.FRAGMENT_SPREAD) fragmentsInUse.push(selection.name.value);
        total += selectionCost(fragment.selectionSet, type, pageSize);
        if (selection.kind === Kind.FRAGMENT_SPREAD) fragmentsInUse.pop();
      }
    }
    return total;
  };
  const fieldCost = (field: FieldNode, parentType: GraphQLCompositeType, connectionPageSize: number | undefined): number => {
    const name = field.name.value;
    if (name.startsWith('__')) return 0;
    // A union has no fields of its own (only __typename, costed above).
    const definition: GraphQLField<unknown, unknown> | undefined = 'getFields' in parentType ? parentType.getFields()[name] : undefined;
    // Unknown fields are reported by graphql's own rules.
    if (!definition) return 1;
    if (!field.selectionSet) return 1;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) return 1;
    let multiplier = 1;
    if (isListType(getNullableType(definition.type))) {
      const ids = (field.arguments ?? []).find((arg) => arg.name.value === 'ids');
      if (connectionPageSize !== undefined && (name === 'nodes' || name === 'edges')) multiplier = connectionPageSize;
      else if (ids) multiplier = lengthOf(ids.value) ?? MAX_PAGE_SIZE;
      else multiplier = pageSizeOf(field) ?? ASSUMED_LIST_SIZE;
    }
    // A connection passes its page size to its nodes/edges; other fields of it (totalCount, pageInfo) are asked once.
    const pageSize = isListType(getNullableType(definition.type)) ? undefined : pageSizeOf(field);
    return 1 + multiplier * selectionCost(field.selectionSet, type, pageSize);
  };
  return selectionCost(operation.selectionSet, root, undefined);
}
