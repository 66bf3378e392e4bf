/**
 * The OpenAPI 3.1 description of the REST layer, generated at start from the same REST route
 * table the router mounts (src/rest/route.ts rows), so it cannot drift from what is served:
 *  - paths and path parameters from each row's documented path;
 *  - query parameters and body fields by tracing the row's `variables` function (the query helpers
 *    of route.ts report names and types; body fields are read through a recording proxy), their
 *    schemas from the GraphQL variables of the row's stored document (by name: a `$name` variable,
 *    or a field `name` of an input-object variable);
 *  - `include` as an enum of the row's includes;
 *  - the success response from the document's selection set against the schema (types, nullability,
 *    descriptions; `@include` fields optional), passed through the row's `shape` function run on a
 *    symbolic value of that schema;
 *  - the error body and statuses the router answers with, Basic and OAuth 2 security schemes.
 * What cannot be derived is a gap (`gaps`); the OpenAPI test fails listing every gap. A row may
 * fill one with `openapi: { body: {...}, response: {...} }`.
 * Hand-mounted routes (uploads, downloads, raw mail) are described in HAND_MOUNTED below; the test
 * compares every route Hono serves under /api with this document.
 */
import { getOperationAST, Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode, type TypeNode, type VariableDefinitionNode } from 'graphql';
import { OAUTH_SCOPES } from '../modules/oauth-clients/service.js';
import { includeVariable, queryTrace, SCHEMA_OF, type JsonSchema, type RestRequest, type RestRoute } from './route.js';

export interface OpenApiBuild {
  document: Record<string, any>;
  /** What could not be derived, one line each ("GET /path: ..."). */
  gaps: string[];
}

type AnyType = any;
const tag = (type: AnyType): string => type?.[Symbol.toStringTag];

const ERROR_CODES = ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'GONE', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'UNPROCESSABLE', 'TOO_MANY_REQUESTS', 'RATE_LIMITED'];

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Bad input: the message names the field, `errors` lists each field; nothing was written.',
  '401': 'No or wrong credentials.',
  '403': 'The credentials may not do this.',
  '404': 'No such resource.',
  '409': 'Conflicts with the current state (e.g. a field in use: `owners` lists who uses it).',
  '413': 'The request body is larger than the limit.',
  '415': 'Wrong Content-Type.',
  '429': 'Rate limited: retry after the `Retry-After` seconds.',
  '500': 'Unexpected error; the body and the log line carry the request id.',
};

const nullable = (schema: JsonSchema): JsonSchema => {
  if (Object.keys(schema).length === 0 || (Object.keys(schema).length === 1 && 'description' in schema)) return schema; // any value already
  const type = schema.type;
  if (typeof type === 'string') {
    const out: JsonSchema = { ...schema, type: [type, 'null'] };
    if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
    return out;
  }
  if (Array.isArray(type)) return type.includes('null') ? schema : { ...schema, type: [...type, 'null'] };
  const { description, ...rest } = schema;
  return { ...(description ? { description } : {}), anyOf: [rest, { type: 'null' }] };
};

const withDescription = (schema: JsonSchema, description: string | null | undefined): JsonSchema => {
  if (!description) return schema;
  if ('$ref' in schema) return { allOf: [schema], description };
  return { ...schema, description };
};

function scalarSchema(name: string, input: boolean): JsonSchema | undefined {
  switch (name) {
    case 'Int':
      return { type: 'integer' };
    case 'Float':
      return { type: 'number' };
    case 'String':
      return { type: 'string' };
    case 'Boolean':
      return { type: 'boolean' };
    case 'ID':
      return input ? { type: ['string', 'integer'] } : { type: 'string' };
    case 'DateTime':
      return { type: 'string', format: 'date-time' };
    case 'JSON':
      return {};
    case 'Upload':
      return { type: 'string', format: 'binary' };
    default:
      return undefined;
  }
}

export function buildOpenApi(schema: GraphQLSchema, routes: readonly RestRoute[], options: { version?: string } = {}): OpenApiBuild {
  const gaps: string[] = [];
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, any>> = {};
  const operationIds = new Set<string>();

  // ─── GraphQL input types → JSON Schema (input objects as components, for recursion) ───
  function inputNamed(type: AnyType): JsonSchema {
    const kind = tag(type);
    if (kind === 'GraphQLScalarType') return scalarSchema(type.name, true) ?? {};
    if (kind === 'GraphQLEnumType') return { $ref: `#/components/schemas/${enumComponent(type)}` };
    if (kind === 'GraphQLInputObjectType') {
      if (!components[type.name]) {
        components[type.name] = {}; // placeholder against recursion
        const fields = Object.values(type.getFields()) as AnyType[];
        const properties: Record<string, JsonSchema> = {};
        const required: string[] = [];
        for (const field of fields) {
          properties[field.name] = withDescription(inputType(field.type), field.description);
          if (tag(field.type) === 'GraphQLNonNull' && field.defaultValue === undefined) required.push(field.name);
        }
        components[type.name] = { type: 'object', ...(type.description ? { description: type.description } : {}), properties, ...(required.length ? { required } : {}) };
      }
      return { $ref: `#/components/schemas/${type.name}` };
    }
    return {};
  }
  function enumComponent(type: AnyType): string {
    if (!components[type.name]) {
      components[type.name] = {
        type: 'string',
        enum: type.getValues().map((v: AnyType) => v.name),
        ...(type.description ? { description: type.description } : {}),
      };
    }
    return type.name;
  }
  function inputType(type: AnyType): JsonSchema {
    if (tag(type) === 'GraphQLNonNull') return strictInput(type.ofType);
    return nullable(strictInput(type));
  }
  function strictInput(type: AnyType): JsonSchema {
    if (tag(type) === 'GraphQLList') return { type: 'array', items: inputType(type.ofType) };
    return inputNamed(type);
  }
  function typeNodeSchema(node: TypeNode): JsonSchema {
    if (node.kind === Kind.NON_NULL_TYPE) return typeNodeStrict(node.type);
    return nullable(typeNodeStrict(node));
  }
  function typeNodeStrict(node: TypeNode): JsonSchema {
    if (node.kind === Kind.LIST_TYPE) return { type: 'array', items: typeNodeSchema(node.type) };
    if (node.kind === Kind.NON_NULL_TYPE) return typeNodeStrict(node.type);
    return inputNamed(schema.getType(node.name.value));
  }
  const namedTypeOf = (node: TypeNode): AnyType => (node.kind === Kind.NAMED_TYPE ? schema.getType(node.name.value) : namedTypeOf(node.type));

  // ─── Selection sets → JSON Schema of the response ───
  function selectionSchema(document: DocumentNode) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const conditional = (node: { directives?: readonly { name: { value: string } }[] }) => !!node.directives?.some((d) => d.name.value === 'include' || d.name.value === 'skip');
    const applies = (condition: string | undefined, objectType: AnyType) => {
      if (!condition || condition === objectType.name) return true;
      const target = schema.getType(condition) as AnyType;
      return !!target && tag(target) !== 'GraphQLObjectType' && schema.getPossibleTypes(target).some((t) => t.name === objectType.name);
    };
    type Entry = { fieldName: string; sets: SelectionSetNode[]; conditional: boolean };
    function collect(objectType: AnyType, set: SelectionSetNode, out: Map<string, Entry>, underCondition: boolean) {
      for (const selection of set.selections) {
        const cond = underCondition || conditional(selection);
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const entry = out.get(key) ?? { fieldName: selection.name.value, sets: [], conditional: true };
          entry.conditional &&= cond;
          if (selection.selectionSet) entry.sets.push(selection.selectionSet);
          out.set(key, entry);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (applies(selection.typeCondition?.name.value, objectType)) collect(objectType, selection.selectionSet, out, cond);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment && applies(fragment.typeCondition.name.value, objectType)) collect(objectType, fragment.selectionSet, out, cond);
        }
      }
    }
    function objectSchema(objectType: AnyType, sets: SelectionSetNode[]): JsonSchema {
      const entries = new Map<string, Entry>();
      for (const set of sets) collect(objectType, set, entries, false);
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      const fields = objectType.getFields();
      for (const [key, entry] of entries) {
        if (entry.fieldName === '__typename') properties[key] = { type: 'string', const: objectType.name };
        else {
          const field = fields[entry.fieldName];
          properties[key] = withDescription(outputType(field.type, entry.sets), field.description);
        }
        if (!entry.conditional) required.push(key);
      }
      return { type: 'object', properties, required, additionalProperties: false };
    }
    function outputType(type: AnyType, sets: SelectionSetNode[]): JsonSchema {
      if (tag(type) === 'GraphQLNonNull') return strictOutput(type.ofType, sets);
      return nullable(strictOutput(type, sets));
    }
    function strictOutput(type: AnyType, sets: SelectionSetNode[]): JsonSchema {
      const kind = tag(type);
      if (kind === 'GraphQLList') return { type: 'array', items: outputType(type.ofType, sets) };
      if (kind === 'GraphQLScalarType') {
        const known = scalarSchema(type.name, false);
        if (!known) gaps.push(`scalar ${type.name} has no JSON Schema`);
        return known ?? {};
      }
      if (kind === 'GraphQLEnumType') return { $ref: `#/components/schemas/${enumComponent(type)}` };
      if (kind === 'GraphQLObjectType') return objectSchema(type, sets);
      const possible = schema.getPossibleTypes(type);
      const variants = possible.map((t) => objectSchema(t, sets));
      return variants.length === 1 ? variants[0]! : { anyOf: variants };
    }
    return (rootType: AnyType, set: SelectionSetNode) => objectSchema(rootType, [set]);
  }

  // ─── Tracing a row's functions ───
  const queryRecorder = (names: Map<string, JsonSchema>) =>
    new (class extends URLSearchParams {
      override get(name: string) {
        if (!names.has(name)) names.set(name, { type: 'string' });
        return null;
      }
      override getAll(name: string) {
        if (!names.has(name)) names.set(name, { type: 'string' });
        return [];
      }
      override has(name: string) {
        if (!names.has(name)) names.set(name, { type: 'string' });
        return false;
      }
    })();

  function traced<T>(names: Map<string, JsonSchema>, fn: () => T): T {
    const previous = queryTrace.current;
    queryTrace.current = names;
    try {
      return fn();
    } finally {
      queryTrace.current = previous;
    }
  }

  function sampleOf(s: JsonSchema | undefined): unknown {
    if (!s) return undefined;
    if (typeof s.$ref === 'string') return sampleOf(components[s.$ref.split('/').pop()!]);
    if (Array.isArray(s.allOf)) return sampleOf(s.allOf[0]);
    if (Array.isArray(s.anyOf)) return sampleOf(s.anyOf[0]);
    if (Array.isArray(s.enum)) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'integer':
      case 'number':
        return 1;
      case 'boolean':
        return true;
      case 'string':
        return s.format === 'date-time' ? '2026-01-01T00:00:00Z' : '1';
      case 'array':
        return [];
      case 'object':
        return {};
      default:
        return undefined;
    }
  }

  for (const route of routes) {
    const where = `${route.method} ${route.path}`;
    let document: DocumentNode;
    try {
      document = parse(route.document);
    } catch (error) {
      gaps.push(`${where}: document does not parse: ${(error as Error).message}`);
      continue;
    }
    const operation = getOperationAST(document)!;
    const rootField = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
    const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
    const rootFieldDef = rootField && rootField.kind === Kind.FIELD ? (rootType?.getFields()[rootField.name.value] as AnyType) : undefined;
    const variableDefs = new Map<string, VariableDefinitionNode>(operation.variableDefinitions?.map((v) => [v.variable.name.value, v]) ?? []);
    const includeVariables = new Set((route.includes ?? []).map(includeVariable));

    // Body field schemas by name: the row's own, a `$name` variable, or a field of an input variable.
    const bodySchemaOf = (name: string): JsonSchema | undefined => {
      const own = route.openapi?.body?.[name];
      if (own) return own;
      const variable = variableDefs.get(name);
      if (variable && !includeVariables.has(name)) return typeNodeSchema(variable.type);
      for (const definition of variableDefs.values()) {
        const type = namedTypeOf(definition.type);
        if (tag(type) !== 'GraphQLInputObjectType') continue;
        const field = type.getFields()[name];
        if (field) return withDescription(inputType(field.type), field.description);
      }
      for (const definition of variableDefs.values()) {
        const type = namedTypeOf(definition.type);
        if (tag(type) !== 'GraphQLInputObjectType') continue;
        for (const outer of Object.values(type.getFields()) as AnyType[]) {
          const inner = innermostType(outer.type);
          if (tag(inner) === 'GraphQLInputObjectType' && inner.getFields()[name]) return withDescription(inputType(inner.getFields()[name].type), inner.getFields()[name].description);
        }
      }
      return undefined;
    };

    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const query = new Map<string, JsonSchema>();
    const bodyNames = new Set<string>();
    const samples = new Map<string, unknown>();
    const wrapped = new Map<string, Set<string>>();
    let enumerated = false;
    const wrapperRecorder = (name: string) => {
      const names = new Set<string>();
      wrapped.set(name, names);
      return new Proxy({} as Record<string, unknown>, {
        get: (_t, p) => {
          if (typeof p !== 'string') return undefined;
          names.add(p);
          return samples.get(p);
        },
      });
    };
    const params = new Proxy({} as Record<string, string>, { get: (_t, p) => (typeof p === 'string' ? '1' : undefined) });
    const url = new URL(`http://gateway${route.path.replace(/\{(\w+)\}/g, '1')}`);
    const requestOf = (): RestRequest => ({
      params,
      query: queryRecorder(query),
      body: new Proxy({} as Record<string, unknown>, {
        get(_t, p) {
          if (typeof p !== 'string') return undefined;
          bodyNames.add(p);
          return samples.get(p);
        },
        has(_t, p) {
          if (typeof p === 'string') bodyNames.add(p);
          return typeof p === 'string' && samples.get(p) !== undefined;
        },
        ownKeys() {
          // Spread or iterated: which fields it takes is not visible by name.
          enumerated = true;
          return [];
        },
      }),
      url,
      includes: new Set(route.includes ?? []),
    });
    // Validators stop at the first missing field: run again with typed samples of the names seen.
    if (route.variables) {
      for (let pass = 0; pass < 6; pass++) {
        const before = bodyNames.size + query.size;
        traced(query, () => {
          try {
            route.variables!(requestOf());
          } catch {
            // a refusal of the samples; the names read so far count
          }
        });
        for (const name of bodyNames) {
          if (samples.has(name)) continue;
          const known = bodySchemaOf(name);
          // An unknown name may wrap the fields (`{ "trigger": { ... } }`): offer a recording object.
          samples.set(name, known ? sampleOf(known) : wrapperRecorder(name));
        }
        if (bodyNames.size + query.size === before && pass > 0) break;
      }
    }

    // The success response.
    let response: JsonSchema | undefined = route.openapi?.response;
    if (!response && route.status !== 204 && rootType) {
      const dataSchema = selectionSchema(document)(rootType, operation.selectionSet);
      if (!route.shape) response = (dataSchema.properties as Record<string, JsonSchema>)[Object.keys(dataSchema.properties as object)[0]!];
      else {
        try {
          queryTrace.shaping = true;
          response = traced(query, () => schemaOfValue(route.shape!(symbolic(dataSchema, components), requestOf())));
        } catch (error) {
          gaps.push(`${where}: its shape function cannot be traced (${(error as Error).message}); give the row openapi.response`);
        } finally {
          queryTrace.shaping = false;
        }
      }
      if (response && containsUnknown(response)) gaps.push(`${where}: its shape function returns a value of unknown type; give the row openapi.response`);
    }

    const parameters: any[] = pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    for (const [name, traced] of query) {
      if (traced['x-alias']) continue;
      if (pathParams.includes(name)) continue;
      // A plain string may be more (an enum, an id): the GraphQL variable or input field of that name says.
      const named = bodySchemaOf(name);
      const namedDescription = named && typeof named.description === 'string' ? named.description : undefined;
      const s = traced.type === 'string' && named ? withoutNull(named) : traced;
      const list = query.has(`${name}[]`) ? 'Repeat the parameter, or separate values by commas.' : undefined;
      const description = [namedDescription ?? WELL_KNOWN_QUERY[name], list].filter(Boolean).join(' ');
      const array = s.type === 'array';
      parameters.push({ name, in: 'query', required: false, ...(description ? { description } : {}), ...(array ? { style: 'form', explode: true } : {}), schema: s });
    }
    if (route.includes?.length) {
      parameters.push({
        name: 'include',
        in: 'query',
        required: false,
        description: 'Related objects to embed, separated by commas.',
        style: 'form',
        explode: false,
        schema: { type: 'array', items: { type: 'string', enum: [...route.includes] }, uniqueItems: true },
      });
    }

    if (enumerated && !route.openapi?.body) gaps.push(`${where}: its variables function enumerates the body, so its fields are not known by name; give the row openapi.body`);
    let requestBody: any;
    if (route.method !== 'GET' && bodyNames.size) {
      const properties: Record<string, JsonSchema> = {};
      for (const name of [...bodyNames].sort()) {
        if (name === 'toJSON' || name === 'then' || name === 'constructor') continue;
        let s = bodySchemaOf(name);
        const inner = wrapped.get(name);
        if (!s && inner?.size) {
          const fields = Object.fromEntries([...inner].sort().map((field) => [field, bodySchemaOf(field) ?? {}]));
          s = { type: 'object', description: 'The same fields wrapped in one object, as the spec’s examples send them.', properties: fields };
        }
        if (!s) gaps.push(`${where}: body field "${name}" has no schema (no $${name} variable or input field of that name); give the row openapi.body.${name}`);
        properties[name] = s ?? {};
      }
      requestBody = { required: false, content: { 'application/json': { schema: { type: 'object', properties } } } };
    }

    const operationName = operation.name?.value ?? `${route.method.toLowerCase()}${route.path}`;
    let operationId = operationName.replace(/^Rest/, '');
    operationId = operationId[0]!.toLowerCase() + operationId.slice(1);
    for (let n = 2; operationIds.has(operationId); n++) operationId = `${operationId.replace(/_\d+$/, '')}_${n}`;
    operationIds.add(operationId);

    const summary = route.openapi?.summary ?? summaryOf(rootFieldDef?.description, operationName);
    const status = String(route.status ?? 200);
    const responses: Record<string, any> = {
      [status]: status === '204' ? { description: 'Done; no body.' } : { description: 'Success.', content: { 'application/json': { schema: response ?? {} } } },
    };
    for (const code of errorStatusesOf(route.method, pathParams.length > 0)) responses[code] = { $ref: `#/components/responses/Error${code}` };

    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId,
      summary,
      ...(route.openapi?.description || rootFieldDef?.description
        ? { description: route.openapi?.description ?? `${rootFieldDef.description}\n\nRuns the GraphQL ${operation.operation} \`${rootFieldDef.name}\`.` }
        : {}),
      tags: [tagOf(route.path)],
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }

  for (const [path, methods] of Object.entries(HAND_MOUNTED)) {
    for (const [method, operation] of Object.entries(methods)) {
      (paths[path] ??= {})[method] = { tags: [tagOf(path)], ...operation };
    }
  }

  const errorResponses = Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([code, description]) => [
      `Error${code}`,
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );

  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Anytime Gateway REST API',
      version: options.version ?? '0.1.0',
      description:
        'The documented `/api/v3/anytime/...` URLs (and a few more), each a stored GraphQL document run in process on the same schema as `/graphql`. ' +
        'Generated at start from the route table, so it describes exactly what this gateway serves. Authenticate with HTTP Basic (agent email and API key) or an OAuth 2 bearer token from `POST /oauth/token` (client credentials).',
    },
    servers: [{ url: '/' }],
    security: [{ basicAuth: [] }, { oauth2: [] }],
    tags: [...new Set(Object.keys(paths).map(tagOf))].sort().map((name) => ({ name })),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: {
        ...Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
        Error: {
          type: 'object',
          description: 'Every error answer of the REST layer.',
          required: ['message'],
          properties: {
            message: { type: 'string', description: 'What went wrong; names the field for bad input.' },
            code: { type: 'string', enum: ERROR_CODES, description: 'The stable code (the GraphQL `extensions.code`).' },
            errors: {
              type: 'array',
              description: 'One entry per invalid input field.',
              items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
            owners: { type: 'array', description: 'For a 409 on a field in use: the filters, rules, ... that use it.', items: {} },
            requestId: { type: 'string', description: 'On a 500: the id of the request in the log.' },
          },
        },
        OAuthToken: {
          type: 'object',
          required: ['access_token', 'token_type', 'expires_in', 'scope'],
          properties: {
            access_token: { type: 'string' },
            token_type: { type: 'string', const: 'Bearer' },
            expires_in: { type: 'integer', description: 'Seconds.' },
            scope: { type: 'string', description: 'The granted scopes, separated by spaces.' },
          },
        },
      },
      responses: errorResponses,
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'An agent’s email as the user name and one of its API keys as the password.' },
        oauth2: {
          type: 'oauth2',
          description: 'Client credentials of an OAuth client (createOAuthClient); send the token as `Authorization: Bearer <token>`. With OAUTH_ISSUER set, tokens of that issuer are accepted too.',
          flows: {
            clientCredentials: {
              tokenUrl: '/oauth/token',
              scopes: Object.fromEntries(
                OAUTH_SCOPES.map((scope) => [scope, scope === 'portal' ? 'Customer portal: act as one contact (with contact_id)' : 'The API as an integration']),
              ),
            },
          },
        },
      },
    },
  };
  return { document, gaps };
}

/** Parameters of the REST conventions with no GraphQL counterpart of the same name. */
const WELL_KNOWN_QUERY: Record<string, string> = {
  pageIndex: 'The page, from 1 (50 items a page); the answer links the previous and next pages.',
};

/** A query parameter is absent rather than null: the schema without its null, without its description (the parameter has it). */
function withoutNull(schema: JsonSchema): JsonSchema {
  const { description: _description, ...rest } = schema;
  if (Array.isArray(rest.type)) {
    const types = (rest.type as string[]).filter((t) => t !== 'null');
    return { ...rest, type: types.length === 1 ? types[0] : types };
  }
  if (Array.isArray(rest.anyOf)) {
    const variants = (rest.anyOf as JsonSchema[]).filter((v) => v.type !== 'null');
    if (variants.length === 1) return variants[0]!;
    return { ...rest, anyOf: variants };
  }
  if (Array.isArray(rest.allOf) && rest.allOf.length === 1) return rest.allOf[0] as JsonSchema;
  return rest;
}

const innermostType = (type: AnyType): AnyType => (type?.ofType ? innermostType(type.ofType) : type);

function errorStatusesOf(method: string, hasPathParams: boolean): string[] {
  const codes = ['400', '401', '403'];
  if (hasPathParams) codes.push('404');
  if (method !== 'GET') codes.push('409', '413', '415');
  codes.push('429', '500');
  return codes;
}

function tagOf(path: string): string {
  const rest = path.replace(/^\/api\/v\d+\/(anytime\/|livechat\/)?/, '');
  return rest.split('/')[0] || 'gateway';
}

function summaryOf(description: string | null | undefined, operationName: string): string {
  if (description) {
    const first = description.split(/(?<=[.!?])\s|\n/)[0]!.trim().replace(/[.:]$/, '');
    if (first) return first.length > 100 ? `${first.slice(0, 97)}…` : first;
  }
  const words = operationName.replace(/^Rest/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words[0]!.toUpperCase() + words.slice(1);
}

// ─── Symbolic values: a stand-in for any value of a schema, followed through `shape` ───
const symbols = new WeakMap<object, JsonSchema>();
const UNKNOWN = 'x-anytime-unknown';

function resolveRef(s: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  return typeof s.$ref === 'string' ? (components[s.$ref.split('/').pop()!] ?? {}) : s;
}

function symbolic(s: JsonSchema, components: Record<string, JsonSchema>): any {
  // Navigate through nullability: shape functions read into values they know are there.
  let inner = resolveRef(s, components);
  if (Array.isArray(inner.anyOf)) inner = (inner.anyOf as JsonSchema[]).find((x) => x.type !== 'null') ?? inner;
  const type = Array.isArray(inner.type) ? (inner.type as string[]).find((t) => t !== 'null') : inner.type;
  if (type === 'object' && inner.properties) {
    const properties = inner.properties as Record<string, JsonSchema>;
    const proxy: object = new Proxy(
      {},
      {
        get: (_t, p) => (typeof p === 'string' && p in properties ? symbolic(properties[p]!, components) : undefined),
        has: (_t, p) => typeof p === 'string' && p in properties,
        ownKeys: () => Object.keys(properties),
        getOwnPropertyDescriptor: (_t, p) =>
          typeof p === 'string' && p in properties ? { value: symbolic(properties[p]!, components), enumerable: true, configurable: true, writable: true } : undefined,
      },
    );
    symbols.set(proxy, s);
    return proxy;
  }
  if (type === 'array') {
    const item = symbolic((inner.items as JsonSchema) ?? {}, components);
    const list = [item];
    symbols.set(list, s);
    return list;
  }
  const sample = type === 'integer' || type === 'number' ? 1 : type === 'boolean' ? true : '1';
  const scalar = { [Symbol.toPrimitive]: () => sample, toString: () => String(sample), valueOf: () => sample };
  symbols.set(scalar, s);
  return scalar;
}

function schemaOfValue(value: unknown): JsonSchema {
  if (value === null) return { type: 'null' };
  if (value === undefined) return { [UNKNOWN]: true };
  if (typeof value === 'object' || typeof value === 'function') {
    const known = symbols.get(value as object);
    if (known) return known;
    const marked = (value as { [SCHEMA_OF]?: JsonSchema })[SCHEMA_OF];
    if (marked) return marked;
    if (Array.isArray(value)) {
      const items = value.map(schemaOfValue);
      return { type: 'array', items: items[0] ?? {} };
    }
    const properties: Record<string, JsonSchema> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) properties[key] = schemaOfValue(v);
    return { type: 'object', properties, required: Object.keys(properties) };
  }
  if (typeof value === 'string') return { type: 'string' };
  if (typeof value === 'number') return { type: 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  return { [UNKNOWN]: true };
}

const containsUnknown = (s: unknown): boolean =>
  !!s && typeof s === 'object' && (UNKNOWN in (s as object) || Object.values(s as object).some(containsUnknown));

// ─── Routes mounted by hand on Hono (not JSON in, JSON out) ───
const errorRefs = (...codes: string[]) => Object.fromEntries(codes.map((code) => [code, { $ref: `#/components/responses/Error${code}` }]));
const attachmentJson = { type: 'object', description: 'The attachment (as GET /api/v3/anytime/attachments/{guid} answers).', additionalProperties: true };
const download = (preview: boolean) => ({
  operationId: preview ? 'previewAttachment' : 'downloadAttachment',
  summary: preview ? 'Show an attachment inline (images, PDF, text)' : 'Download an attachment',
  description: preview
    ? 'The file with `Content-Disposition: inline` where the type is safe to show; others as a download. Range requests are honoured.'
    : 'The file’s bytes with its stored Content-Type and `Content-Disposition: attachment`. Range requests are honoured.',
  parameters: [{ name: 'guid', in: 'path', required: true, schema: { type: 'string' } }],
  responses: {
    '200': { description: 'The file.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
    '206': { description: 'The requested byte range.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
    ...errorRefs('401', '403', '404', '429', '500'),
  },
});

export const HAND_MOUNTED: Record<string, Record<string, any>> = {
  '/api/v3/anytime/attachments': {
    post: {
      operationId: 'uploadAttachment',
      summary: 'Upload an attachment',
      description: 'A multipart/form-data upload with the file in a part named `file`; the file is streamed to storage and its type checked from its bytes.',
      requestBody: {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } },
      },
      responses: { '200': { description: 'The stored attachment.', content: { 'application/json': { schema: attachmentJson } } }, ...errorRefs('400', '401', '403', '413', '415', '429', '500') },
    },
  },
  '/api/v3/anytime/attachments/{guid}/download': { get: download(false) },
  '/api/v3/anytime/attachments/{guid}/preview': { get: download(true) },
  '/api/v3/anytime/integrationAccounts/{id}/inbound': {
    post: {
      operationId: 'deliverInboundEmail',
      summary: 'Deliver a raw email to an email integration account',
      description:
        'The raw message (RFC 822) as the body, Content-Type `message/rfc822`. It becomes a new conversation or a message of the conversation it replies to. ' +
        'The same Message-ID twice is taken once (200 with `duplicate: true`). Admins and integrations with the `api` scope only.',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        '201': { description: 'Taken in.', content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } },
        '200': { description: 'Already taken in (same Message-ID).', content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } },
        '422': { description: 'The message cannot be parsed.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...errorRefs('400', '401', '403', '404', '413', '415', '429', '500'),
      },
    },
  },
  '/api/v3/openapi.json': {
    get: {
      operationId: 'getOpenApi',
      summary: 'This OpenAPI document',
      description: 'Readable by the viewers INTROSPECTION allows, as GraphQL introspection: signed-in callers by default, everyone with `all`, nobody with `off` (404).',
      responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } }, ...errorRefs('401', '403', '404', '429') },
    },
  },
  '/oauth/token': {
    post: {
      operationId: 'issueToken',
      summary: 'Issue an OAuth 2 access token (client credentials)',
      description: 'RFC 6749 §4.4. Client credentials as HTTP Basic (client_id:client_secret) or in the body. A client with the `portal` scope may add `contact_id`.',
      security: [],
      requestBody: {
        required: true,
        content: Object.fromEntries(
          ['application/x-www-form-urlencoded', 'application/json'].map((type) => [
            type,
            {
              schema: {
                type: 'object',
                required: ['grant_type'],
                properties: {
                  grant_type: { type: 'string', const: 'client_credentials' },
                  client_id: { type: 'string' },
                  client_secret: { type: 'string' },
                  scope: { type: 'string', description: 'Scopes separated by spaces; by default all of the client’s.' },
                  contact_id: { type: 'string', description: 'With the portal scope: the contact the token acts as.' },
                },
              },
            },
          ]),
        ),
      },
      responses: {
        '200': { description: 'The token.', content: { 'application/json': { schema: { $ref: '#/components/schemas/OAuthToken' } } } },
        '400': { description: 'invalid_request, unsupported_grant_type or invalid_scope (RFC 6749 §5.2).', content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' }, error_description: { type: 'string' } } } } } },
        '401': { description: 'invalid_client.', content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' }, error_description: { type: 'string' } } } } } },
        ...errorRefs('415', '429'),
      },
    },
  },
};
