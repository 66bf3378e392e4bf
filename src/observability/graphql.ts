/**
 * GraphQL operation metrics and the access log's operation fields, as one envelop plugin.
 *
 * Not @graphql-yoga/plugin-prometheus: it keys every label on the parse phase (onParse fills the
 * labels of a context), and a REST route's stored document is parsed once when routes are mounted,
 * so REST executions were never counted; its HTTP histogram is labelled with the full URL (query
 * string and all, so tokens in links, and a label value per distinct URL). This plugin reads the
 * operation from the execution's own arguments instead, so /graphql, graphql-ws and REST executions
 * all count, whichever executor runs them (graphql-jit or graphql-js, src/graphql/compiled-execution.ts).
 */
import { getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { performance } from 'node:perf_hooks';
import { noteOperation } from './http.js';
import type { GatewayMetrics } from './metrics.js';

type Args = { document: Parameters<typeof getOperationAST>[0]; operationName?: string | null; contextValue: unknown };

function operationOf(args: Args): { type: string; name: string | undefined } {
  const operation = getOperationAST(args.document, args.operationName ?? undefined);
  const name = operation?.name?.value ?? args.operationName ?? undefined;
  return { type: operation?.operation ?? 'unknown', name: name?.slice(0, 100) };
}

/** The HTTP request (Node's IncomingMessage) behind an operation: Yoga's server context carries it. */
const incomingOf = (context: unknown) => (context as { incoming?: object } | undefined)?.incoming;

export function graphqlMetricsPlugin(metrics: GatewayMetrics): Plugin<Record<string, unknown>> {
  return {
    onExecute({ args }) {
      const { type, name } = operationOf(args as Args);
      noteOperation(incomingOf(args.contextValue), type, name);
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          // Incremental delivery (@defer/@stream): counted when the first part is ready.
          const ok = isAsyncIterable(result) || !result.errors?.length;
          metrics.observeOperation(type, name, ok, (performance.now() - started) / 1000);
        },
      };
    },
    onSubscribe({ args }) {
      const { type, name } = operationOf(args as Args);
      noteOperation(incomingOf(args.contextValue), type, name);
      return {
        onSubscribeResult({ result }) {
          // A stream: the subscription started. A single result: it was refused (errors).
          metrics.observeOperation(type, name, isAsyncIterable(result) || !result.errors?.length);
        },
        onSubscribeError() {
          metrics.observeOperation(type, name, false);
        },
      };
    },
  };
}
