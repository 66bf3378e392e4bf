/**
 * Mounts the REST route table on Hono. Each request becomes one GraphQL operation executed by
 * Yoga (same schema, auth, limits and loaders as /graphql); GraphQL errors become HTTP statuses.
 */
import type { Context, Hono } from 'hono';
import { badInput, httpStatusOf } from '../graphql/errors.js';
import { includeVariable, type RestRequest, type RestRoute } from './route.js';

export interface GraphQLExecutor {
  fetch(request: Request): Promise<Response> | Response;
}

interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
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

export function mountRestRoutes(app: Hono, routes: RestRoute[], graphql: GraphQLExecutor): void {
  for (const route of routes) {
    app.on(route.method, toHonoPath(route.path), async (c) => {
      const url = new URL(c.req.url);
      let request: RestRequest;
      let variables: Record<string, unknown>;
      try {
        const includes = readIncludes(route, url.searchParams);
        request = { params: c.req.param() as Record<string, string>, query: url.searchParams, body: await readBody(c, route.method), url, includes };
        variables = { ...(route.variables?.(request) ?? {}) };
        for (const name of route.includes ?? []) variables[includeVariable(name)] = includes.has(name);
      } catch (error) {
        const status = (error as { status?: number }).status ?? httpStatusOf(error as { extensions?: Record<string, unknown> });
        if (status >= 500) throw error;
        return errorResponse(c, status, (error as Error).message, fieldErrorsOf(error));
      }

      const headers = new Headers({
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'x-request-id': String(c.get('requestId' as never) ?? ''),
      });
      const authorization = c.req.header('authorization');
      if (authorization) headers.set('authorization', authorization);
      const response = await graphql.fetch(
        new Request('http://gateway.internal/graphql', {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: route.document, variables }),
        }),
      );
      const result = (await response.json()) as GraphQLResult;
      if (result.errors?.length) {
        const first = result.errors[0]!;
        let status = httpStatusOf(first);
        if (status === 500 && response.status >= 400 && response.status < 500) status = response.status;
        return errorResponse(c, status, first.message, {
          ...(first.extensions?.code ? { code: first.extensions.code } : {}),
          ...(first.extensions?.errors ? { errors: first.extensions.errors } : {}),
        });
      }
      const data = result.data ?? {};
      if (route.status === 204) return c.body(null, 204);
      const shaped = route.shape ? route.shape(data, request) : Object.values(data)[0];
      return c.json(shaped as object, route.status ?? 200);
    });
  }
}

function fieldErrorsOf(error: unknown): Record<string, unknown> {
  const errors = (error as { extensions?: { errors?: unknown } }).extensions?.errors;
  return errors ? { errors } : {};
}
