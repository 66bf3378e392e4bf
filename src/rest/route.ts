/**
 * A REST route is a row in a table: method + documented path → a stored GraphQL document.
 * Its variables come from the path, the query string and the JSON body; `include=a,b` becomes the
 * boolean variables `$withA`, `$withB` that the document's `@include(if:)` directives read; the
 * result is reshaped into the documented JSON. No route touches the database itself.
 */
import type { GraphQLContext } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';

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

/** Declares routes; a function only so that modules read as tables with type checking. */
export const restRoutes = (routes: RestRoute[]): RestRoute[] => routes;

export const includeVariable = (name: string) => `with${name[0]!.toUpperCase()}${name.slice(1)}`;

// ─── Helpers for `variables` functions: read the query string strictly, with clear 400s. ───

export function queryInt(query: URLSearchParams, name: string, options: { min?: number } = {}): number | undefined {
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
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw badInput(`${name} must be a number, got "${raw}"`, [{ field: name, message: 'must be a number' }]);
  return value;
}

export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw badInput(`${name} must be true or false, got "${raw}"`, [{ field: name, message: 'must be true or false' }]);
}

export const queryString = (query: URLSearchParams, name: string): string | undefined => query.get(name) || undefined;

/** A repeatable parameter: `?ids=1&ids=2`, also accepting `ids=1,2` and `ids[]=1`. */
export function queryList(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(name), ...query.getAll(`${name}[]`)].flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Body fields listed in `names`, leaving out those the caller did not send (so updates stay partial). */
export function pick(body: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (body[name] !== undefined) out[name] = body[name];
  return out;
}

/**
 * previousPage / currentPage / nextPage URIs of a paged list: the request's own path and query
 * with `pageIndex` changed, so following one reproduces the query. null past either end.
 */
export function pageLinks(url: URL, pageIndex: number, pageSize: number, total: number) {
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
