/**
 * Subscription clients for tests: the real graphql-ws client (over `ws`) and an SSE reader
 * (fetch with accept: text/event-stream), both collecting what arrives.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Viewer } from '../../src/auth/viewer.js';
import type { ServiceContext } from '../../src/engine/write.js';
import { realtimeOf } from '../../src/modules/subscriptions/index.js';
import type { TestGateway } from '../helpers/gateway.js';

export interface Collected {
  events: any[];
  errors: any[];
  completed: boolean;
  /** Resolves once at least `count` results arrived (or the stream ended). */
  waitFor(count: number, timeoutMs?: number): Promise<any[]>;
  /** Resolves once a result satisfies `predicate` (or the stream ended). */
  waitUntil(predicate: (event: any) => boolean, timeoutMs?: number): Promise<any[]>;
  /** Resolves when the stream ends. */
  ended: Promise<void>;
  stop(): void;
}

function collector(): { c: Collected; push(v: any): void; error(e: any): void; end(): void } {
  const waiters: (() => void)[] = [];
  let endResolve!: () => void;
  const c: Collected = {
    events: [],
    errors: [],
    completed: false,
    ended: new Promise<void>((resolve) => (endResolve = resolve)),
    waitFor(count, timeoutMs = 15_000) {
      return c.waitUntil(() => c.events.length >= count, timeoutMs);
    },
    waitUntil(predicate, timeoutMs = 15_000) {
      const count = 'predicate';
      return new Promise((resolve, reject) => {
        const check = () => {
          if (c.events.some(predicate) || c.completed) {
            clearTimeout(timer);
            resolve(c.events);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} events; got ${JSON.stringify(c.events)} errors ${JSON.stringify(c.errors)}`)), timeoutMs);
        const waiter = () => {
          if (!check()) waiters.push(waiter);
        };
        waiter();
      });
    },
    stop: () => {},
  };
  const notify = () => waiters.splice(0).forEach((w) => w());
  return {
    c,
    push(v) {
      c.events.push(v);
      notify();
    },
    error(e) {
      if (Array.isArray(e)) c.errors.push(...e);
      else c.errors.push(e);
      c.completed = true;
      notify();
      endResolve();
    },
    end() {
      c.completed = true;
      notify();
      endResolve();
    },
  };
}

export function wsUrl(gw: TestGateway | string): string {
  return `${(typeof gw === 'string' ? gw : gw.url).replace(/^http/, 'ws')}/graphql`;
}

export function wsClient(gw: TestGateway | string, auth: string | null, extra: Record<string, unknown> = {}): Client & { closes: { code: number; reason: string }[] } {
  const closes: { code: number; reason: string }[] = [];
  const client = createClient({
    url: wsUrl(gw),
    webSocketImpl: WebSocket,
    connectionParams: auth === null ? extra : { authorization: auth, ...extra },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event: any) => closes.push({ code: event.code, reason: String(event.reason) }) },
  });
  return Object.assign(client, { closes });
}

/** Subscribes through graphql-ws; `events` holds each `data`, `errors` GraphQL errors or close events. */
export function wsSubscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Collected {
  const { c, push, error, end } = collector();
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) c.errors.push(...result.errors);
        if (result.data) push(result.data);
        else if (result.errors) end();
      },
      error: (e) => error(e),
      complete: () => end(),
    },
  );
  c.stop = unsubscribe;
  return c;
}

/** Subscribes over Server-Sent Events through Yoga. */
export function sseSubscribe(gw: TestGateway, query: string, variables: Record<string, unknown> = {}, auth: string | null): Collected {
  const { c, push, end } = collector();
  const abort = new AbortController();
  c.stop = () => abort.abort();
  void (async () => {
    try {
      const response = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      if (!response.headers.get('content-type')?.includes('text/event-stream')) {
        const body = (await response.json()) as any;
        c.errors.push(...(body.errors ?? [{ message: `status ${response.status}` }]));
        end();
        return;
      }
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let split: number;
        while ((split = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (event === 'complete') {
            end();
            return;
          }
          if (!data) continue;
          const result = JSON.parse(data);
          if (result.errors) c.errors.push(...result.errors);
          if (result.data) push(result.data);
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') c.errors.push({ message: String(error) });
    }
    end();
  })();
  return c;
}

/** Waits until the gateway holds exactly `count` live subscriptions (the subscribers are in place, or gone). */
export async function untilSubscribers(gw: TestGateway, count: number, timeoutMs = 15_000): Promise<void> {
  const { hub, unread } = realtimeOf(gw.gateway.deps.events);
  const started = Date.now();
  while (hub.size + unread.size !== count) {
    if (Date.now() - started > timeoutMs) throw new Error(`expected ${count} subscribers, have ${hub.size + unread.size}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A service context acting as `viewer`, for calling the real conversation services. */
export function serviceContext(gw: TestGateway, viewer: Viewer): ServiceContext {
  const { prisma, events, config } = gw.gateway.deps;
  return { prisma, events, config, viewer };
}

export const adminViewer = (gw: TestGateway): Promise<Viewer> =>
  gw.sql(`SELECT id, email FROM "Agent" WHERE role = 'admin' ORDER BY id LIMIT 1`).then(([row]) => ({ kind: 'agent', agentId: row.id, role: 'admin', email: row.email }));
