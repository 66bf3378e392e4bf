/**
 * Mounts the REST route table on Hono. Each row's GraphQL document is parsed and validated once,
 * when the routes are mounted (a broken row fails the start, not a request); each request then
 * executes it in process with that request's context (same schema, auth, plugins and loaders as
 * /graphql; no second HTTP request, no JSON in between), as graphql-hive/SOFA's router does.
 * GraphQL errors become HTTP statuses.
 */
import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Context, Hono } from 'hono';
import { badInput, httpStatusOf } from '../graphql/errors.js';
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { GraphQLContext } from '../graphql/context.js';
import { includeVariable, type RestRequest, type RestRoute, type StreamedTable } from './route.js';

/** Runs a prepared operation for one HTTP request (server.ts builds it on Yoga's envelop). */
export interface RestExecutor {
  /**
   * Parse and validate with the executor's own graphql (under some loaders graphql is loaded
   * twice, and a schema from one copy cannot be validated by the other).
   */
  parse(source: string): DocumentNode;
  validate(document: DocumentNode): readonly GraphQLError[];
  /** The result, and the request's GraphQL context (streamed rows read through it). */
  execute(
    c: Context,
    operation: { document: DocumentNode; operationName: string | undefined },
    variables: Record<string, unknown>,
  ): Promise<{ result: ExecutionResult; context: unknown }>;
}

/** The documented `{id}` becomes Hono's `:id`. */
const toHonoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function errorResponse(c: Context, status: number, message: string, extra: Record<string, unknown> = {}) {
  return c.json({ message, ...extra }, status as 400);
}

async function readBody(c: Context, method: string): Promise<Record<string, unknown>> {
  if (method === 'GET') return {};
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw Object.assign(new Error('unsupported'), { status: 415, message: 'Request bodies must be JSON (Content-Type: application/json)' });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw badInput(`Malformed JSON body: ${(error as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badInput('The JSON body must be an object');
  return body as Record<string, unknown>;
}

function readIncludes(route: RestRoute, query: URLSearchParams): Set<string> {
  const names = query.getAll('include').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const allowed = route.includes ?? [];
  const unknown = names.filter((name) => !allowed.includes(name));
  if (unknown.length) {
    throw badInput(
      `Unknown include ${unknown.map((n) => `"${n}"`).join(', ')}; this endpoint supports: ${allowed.join(', ') || 'none'}`,
      [{ field: 'include', message: 'unknown include' }],
    );
  }
  return new Set(names);
}

/** Parses and validates a row's document against the schema; throws naming the route. */
function prepare(executor: RestExecutor, route: RestRoute) {
  const where = `REST route ${route.method} ${route.path}`;
  const document = executor.parse(route.document);
  const errors = executor.validate(document);
  if (errors.length) throw new Error(`${where}: its GraphQL document is invalid: ${errors.map((e) => e.message).join('; ')}`);
  const operation = getOperationAST(document);
  if (!operation) throw new Error(`${where}: its GraphQL document must hold exactly one operation`);
  return { document, operationName: operation.name?.value };
}

export function mountRestRoutes(app: Hono, routes: RestRoute[], executor: RestExecutor): void {
  for (const route of routes) {
    const operation = prepare(executor, route);
    app.on(route.method, toHonoPath(route.path), async (c) => {
      const url = new URL(c.req.url);
      let request: RestRequest;
      let variables: Record<string, unknown>;
      let result: ExecutionResult;
      let context: unknown;
      try {
        const includes = readIncludes(route, url.searchParams);
        request = { params: c.req.param() as Record<string, string>, query: url.searchParams, body: await readBody(c, route.method), url, includes };
        variables = { ...(route.variables?.(request) ?? {}) };
        for (const name of route.includes ?? []) variables[includeVariable(name)] = includes.has(name);
        ({ result, context } = await executor.execute(c, operation, variables));
      } catch (error) {
        const status = (error as { status?: number }).status ?? httpStatusOf(error as { extensions?: Record<string, unknown> });
        if (status >= 500) throw error;
        return errorResponse(c, status, (error as Error).message, { ...codeOf(error), ...fieldErrorsOf(error) });
      }
      if (result.errors?.length) {
        const first = result.errors[0]!;
        let status = httpStatusOf(first);
        // No data at all: the request itself was refused (variables that do not coerce), a 400.
        if (status === 500 && !('data' in result)) status = 400;
        return errorResponse(c, status, first.message, { ...codeOf(first), ...fieldErrorsOf(first) });
      }
      const data = (result.data ?? {}) as Record<string, unknown>;
      if (route.status === 204) return c.body(null, 204);
      if (route.produces === 'text/csv') {
        let table: StreamedTable;
        try {
          table = await route.stream!(data, request, context as GraphQLContext);
        } catch (error) {
          const status = (error as { status?: number }).status ?? httpStatusOf(error as { extensions?: Record<string, unknown> });
          if (status >= 500) throw error;
          return errorResponse(c, status, (error as Error).message, { ...codeOf(error), ...fieldErrorsOf(error) });
        }
        return csvResponse(c, table);
      }
      const shaped = route.shape ? route.shape(data, request) : Object.values(data)[0];
      return c.json(shaped as object, route.status ?? 200);
    });
  }
}

/**
 * Streams a table as CSV: records pulled one at a time from the source (a database cursor), encoded
 * by csv-stringify, sent with backpressure; a client that goes away stops the source.
 */
function csvResponse(c: Context, table: StreamedTable): Response {
  const encoder = stringify({ cast: { boolean: (v) => String(v), date: (v) => v.toISOString() } });
  async function* withHeader() {
    yield table.header;
    yield* table.records;
  }
  const source = Readable.from(withHeader(), { objectMode: true });
  pipeline(source, encoder, (error) => {
    if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(JSON.stringify({ level: 'error', msg: 'CSV export failed', error: error.message }));
  });
  const filename = table.filename.replace(/["\\\r\n]/g, '_');
  return c.body(Readable.toWeb(encoder) as ReadableStream, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
}

function codeOf(error: unknown): Record<string, unknown> {
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return code ? { code } : {};
}

/** The field errors and, for a field in use (409), the owners that use it. */
function fieldErrorsOf(error: unknown): Record<string, unknown> {
  const { errors, owners } = (error as { extensions?: { errors?: unknown; owners?: unknown } }).extensions ?? {};
  return { ...(errors ? { errors } : {}), ...(owners ? { owners } : {}) };
}
