/**
 * The one check every JSON request body passes before any work (REST, /graphql with its variables,
 * /oauth/token): nesting no deeper than JSON_MAX_DEPTH, and no string (value or key) holding a NUL
 * or a lone UTF-16 surrogate. PostgreSQL cannot store either in text, and deep nesting overflowed
 * the stack when the REST layer re-serialised the body: both used to surface as 500s.
 *
 * The walk is iterative (an explicit stack), so a 20,000-deep body cannot overflow it. V8's
 * JSON.parse is itself iterative, so parsing such a body is safe too.
 */
import type { Context, MiddlewareHandler } from 'hono';

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// Without the `u` flag the pattern sees UTF-16 code units, which is what makes a lone surrogate visible.
const forbidden = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` is refused, or undefined when it is fine. */
export function stringProblem(text: string): string | undefined {
  const match = forbidden.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000' ? 'contains a NUL character (\\u0000)' : 'contains a lone UTF-16 surrogate (invalid Unicode)';
}

/** `variables.input.name`, `items[3]`; the body itself is `body`. */
function fieldName(path: (string | number)[]): string {
  if (path.length === 0) return 'body';
  let name = '';
  for (const part of path.slice(0, 12)) {
    if (typeof part === 'number') name += `[${part}]`;
    else name += name === '' ? part : `.${part}`;
  }
  return path.length > 12 ? `${name}...` : name;
}

/** The first problem in a parsed JSON value, as a message naming the field; undefined when fine. */
export function jsonProblem(value: unknown, maxDepth: number): string | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = stringProblem(current);
      if (problem) return `${fieldName(path)} ${problem}`;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    // The body object is depth 1; `{"a":{"b":1}}` has depth 2.
    if (path.length + 1 > maxDepth) return `${fieldName(path)} is nested deeper than the limit of ${maxDepth} levels (JSON_MAX_DEPTH)`;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] });
    } else {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const problem = stringProblem(key);
        if (problem) return `the key of ${fieldName([...path, JSON.stringify(key)])} ${problem}`;
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

const isJson = (type: string) => /^application\/(.+\+)?json\b/i.test(type);
const isForm = (type: string) => /^application\/x-www-form-urlencoded\b/i.test(type);

/**
 * Hono middleware, mounted once before /graphql, REST and /oauth/token. Reads the body (already
 * capped by the body limit), checks it, and hands the same bytes on. Malformed JSON is left to the
 * handler, which already answers it with its own 400. Query parameters (GraphQL GET `variables`,
 * REST filters) get the string check: `%00` decodes to a NUL.
 */
export function inputGuard(maxDepth: number, respond: (c: Context, message: string) => Response): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    for (const [name, value] of url.searchParams) {
      const problem = stringProblem(name) ?? stringProblem(value);
      if (problem) return respond(c, `query parameter ${JSON.stringify(name)} ${problem}`);
      if (name === 'variables' || name === 'extensions') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch {
          continue; // Yoga answers malformed variables itself.
        }
        const deep = jsonProblem({ [name]: parsed }, maxDepth);
        if (deep) return respond(c, deep);
      }
    }
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || (!isJson(type) && !isForm(type))) return next();
    const text = await c.req.text();
    if (isForm(type)) {
      for (const [name, value] of new URLSearchParams(text)) {
        const problem = stringProblem(name) ?? stringProblem(value);
        if (problem) return respond(c, `${name} ${problem}`);
      }
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined; // malformed: the handler's own 400
      }
      const problem = parsed === undefined ? undefined : jsonProblem(parsed, maxDepth);
      if (problem) return respond(c, problem);
    }
    // The body stream is spent: hand the handlers (Yoga reads the raw request) the same bytes.
    c.req.raw = new Request(c.req.url, { method: c.req.method, headers: c.req.raw.headers, body: text, signal: c.req.raw.signal });
    return next();
  };
}
