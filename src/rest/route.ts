/**
 * A REST route is a row in a table: method + documented path → a stored GraphQL document.
 * Its variables come from the path, the query string and the JSON body; `include=a,b` becomes the
 * boolean variables `$withA`, `$withB` that the document's `@include(if:)` directives read; the
 * result is reshaped into the documented JSON. No route touches the database itself.
 */
import type { GraphQLContext } from '../graphql/context.js';
import { badInput, invalidField } from '../graphql/errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestRequest {
  /** Path parameters by the names in `{braces}`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body ({} when there was none). */
  body: Record<string, unknown>;
  url: URL;
  includes: ReadonlySet<string>;
}

export interface RestRoute {
  method: HttpMethod;
  /** The path as documented, e.g. `/api/v3/anytime/conversations/{id}`. */
  path: string;
  /** A GraphQL document with exactly one operation. Mark it with a /* GraphQL *\/ comment for codegen. */
  document: string;
  /** The `include=` names this route honours (each becomes `$with<Name>`). */
  includes?: readonly string[];
  variables?: (request: RestRequest) => Record<string, unknown>;
  /** Turns `data` into the documented JSON; by default the value of the single root field. */
  shape?: (data: any, request: RestRequest) => unknown;
  /** Status on success; 204 sends no body. Defaults to 200. */
  status?: 200 | 201 | 204;
  /**
   * Only where src/rest/openapi.ts cannot derive the description from the document, the
   * `variables` and the `shape` functions (its test lists such routes): JSON Schemas by name.
   */
  openapi?: RouteDocumentation;
  /**
   * What the answer is: JSON (default, `shape`), or a streamed CSV file. A `text/csv` row's
   * document runs first as for any row (authentication, scopes, validation: its errors are the
   * usual JSON 4xx); then `stream` yields the file's records, which the router encodes with
   * csv-stringify and streams with backpressure (constant memory, no row cap).
   */
  produces?: 'application/json' | 'text/csv';
  stream?: (data: any, request: RestRequest, context: GraphQLContext) => Promise<StreamedTable>;
}

/** A streamed table: the download's file name, the header row, and the records, read lazily. */
export interface StreamedTable {
  filename: string;
  header: string[];
  records: AsyncIterable<unknown[]>;
}

export interface RouteDocumentation {
  summary?: string;
  description?: string;
  /** Body fields whose schema cannot be found by name among the document's variables. */
  body?: Record<string, JsonSchema>;
  /** The success response, when `shape` builds something the tracer cannot follow. */
  response?: JsonSchema;
}

export type JsonSchema = Record<string, unknown>;

/**
 * While src/rest/openapi.ts traces a route's `variables` function, the query-string helpers below
 * report each parameter's name and type here (nothing else reads it).
 */
export const queryTrace: { current?: Map<string, JsonSchema>; shaping?: boolean } = {};
/** A value standing for "any value of this schema" in a traced `shape` result. */
export const SCHEMA_OF = Symbol.for('anytime.openapi.schema');
const schemaValue = (schema: JsonSchema) => ({ [SCHEMA_OF]: schema });
const traced = (name: string, schema: JsonSchema) => {
  if (queryTrace.current && !queryTrace.current.has(name)) queryTrace.current.set(name, schema);
};

/** Declares routes; a function only so that modules read as tables with type checking. */
export const restRoutes = (routes: RestRoute[]): RestRoute[] => routes;

export const includeVariable = (name: string) => `with${name[0]!.toUpperCase()}${name.slice(1)}`;

// ─── Helpers for `variables` functions: read the query string strictly, with clear 400s. ───

export function queryInt(query: URLSearchParams, name: string, options: { min?: number } = {}): number | undefined {
  traced(name, { type: 'integer', ...(options.min !== undefined ? { minimum: options.min } : {}) });
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (options.min ?? Number.MIN_SAFE_INTEGER)) {
    throw badInput(`${name} must be an integer${options.min !== undefined ? ` of at least ${options.min}` : ''}, got "${raw}"`, [
      { field: name, message: 'must be an integer' },
    ]);
  }
  return value;
}

export function queryFloat(query: URLSearchParams, name: string): number | undefined {
  traced(name, { type: 'number' });
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw badInput(`${name} must be a number, got "${raw}"`, [{ field: name, message: 'must be a number' }]);
  return value;
}

export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  traced(name, { type: 'boolean' });
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw badInput(`${name} must be true or false, got "${raw}"`, [{ field: name, message: 'must be true or false' }]);
}

export const queryString = (query: URLSearchParams, name: string): string | undefined => (traced(name, { type: 'string' }), query.get(name) || undefined);

/** A repeatable parameter: `?ids=1&ids=2`, also accepting `ids=1,2` and `ids[]=1`. */
export function queryList(query: URLSearchParams, name: string): string[] {
  traced(name, { type: 'array', items: { type: 'string' } });
  traced(`${name}[]`, { 'x-alias': true });
  return [...query.getAll(name), ...query.getAll(`${name}[]`)].flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Body fields listed in `names`, leaving out those the caller did not send (so updates stay partial). */
export function pick(body: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (body[name] !== undefined) out[name] = body[name];
  return out;
}

/**
 * REST bodies ignore fields they do not document (pick), which would silently drop a field sent
 * under its GraphQL name (an attachment list under `attachmentIds` would post a message without
 * its files). Such names are refused with the documented name instead: `misnamed` maps each
 * GraphQL-only name to the REST one; `prefix` places the field (e.g. `message.`).
 */
export function refuseMisnamed(body: Record<string, unknown>, misnamed: Record<string, string>, prefix = ''): void {
  for (const [name, documented] of Object.entries(misnamed)) {
    // An own-property test, not a read: the OpenAPI tracer (src/rest/openapi.ts) documents the
    // fields a row reads, and a refused name is not one of them.
    if (Object.hasOwn(body, name) && body[name] !== undefined) throw invalidField(`${prefix}${name}`, `is not a field of this endpoint; send ${prefix}${documented}`);
  }
}

/**
 * previousPage / currentPage / nextPage URIs of a paged list: the request's own path and query
 * with `pageIndex` changed, so following one reproduces the query. null past either end.
 */
export function pageLinks(url: URL, pageIndex: number, pageSize: number, total: number) {
  if (queryTrace.shaping) {
    const link = (description: string) => schemaValue({ type: ['string', 'null'], description });
    return {
      previousPage: link('The previous page: this path and query with pageIndex one less; null on the first page.'),
      currentPage: schemaValue({ type: 'string', description: 'This page: the path and query of the request.' }),
      nextPage: link('The next page; null on the last page.'),
    } as unknown as { previousPage: string | null; currentPage: string; nextPage: string | null };
  }
  const at = (index: number) => {
    const query = new URLSearchParams(url.search);
    query.set('pageIndex', String(index));
    return `${url.pathname}?${query.toString()}`;
  };
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  return {
    previousPage: pageIndex > 1 ? at(Math.min(pageIndex - 1, lastPage)) : null,
    currentPage: at(pageIndex),
    nextPage: pageIndex < lastPage ? at(pageIndex + 1) : null,
  };
}

/** Joins an operation with the fragments it spreads (each fragment once). */
export function withFragments(operation: string, ...fragments: string[]): string {
  return [operation, ...new Set(fragments)].join('\n');
}
