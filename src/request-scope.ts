/** What belongs to the request being served, wherever we are in its async call tree. */
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  requestId: string;
  /** Work done once per request and shared by everyone who asks (see `oncePerRequest`). */
  shared?: Map<string, Promise<unknown>>;
}

const storage = new AsyncLocalStorage<RequestScope>();
export const runWithRequestId = <T>(requestId: string, fn: () => T): T => storage.run({ requestId }, fn);
/** The request id, for logs. */
export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

/**
 * `work()` at most once per request for `key`; later callers in the same request get the same
 * promise (fulfilled or rejected). Outside a request (WebSocket messages, jobs) it simply runs.
 * The rate limiter authenticates a request before its handler does; this lets the handler reuse
 * that result instead of checking the credentials (and querying the database) a second time.
 */
export function oncePerRequest<T>(key: string, work: () => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  if (!scope) return work();
  scope.shared ??= new Map();
  let promise = scope.shared.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = work();
    scope.shared.set(key, promise);
  }
  return promise;
}
