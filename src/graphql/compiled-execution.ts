/**
 * Execution through graphql-jit: each validated document is compiled once into a function (and
 * its result serializer) instead of being interpreted per request. The inbox page's profile had
 * graphql-js's interpreting executor at a quarter of the gateway's CPU; compiled, the page costs
 * about a third of what it did (bench/README.md).
 *
 * One thing graphql-jit does differently from graphql-js: variables that do not coerce come back
 * as `Expected type ConversationSortBy.` with no HTTP status (so Yoga would answer 200). Callers
 * (and the REST layer, which passes these messages on as 400s naming the value) rely on
 * graphql-js's wording and on the 400, so variables are coerced by graphql-js first, which costs
 * microseconds; graphql-jit then coerces the same raw values again, and never fails where
 * graphql-js passed.
 *
 * Subscriptions are split in two. Opening one (the subscribe resolver, once per client) stays on
 * graphql-js: graphql-jit's subscribe hands that resolver the operation's *variables* as its
 * arguments (`conversationId ... got undefined` unless a variable happens to share the argument's
 * name). Each event, though, is executed once per subscriber: one message fanned out to 1,000
 * subscribers is 1,000 executions of the selection set, which graphql-js interprets every time
 * (a third of the fan-out's CPU in bench:subscriptions' profile). Those go through graphql-jit's
 * compiled `query`, with the event as the root value, exactly what graphql-js does per event.
 *
 * List these after the limits plugins: only documents that passed them get compiled.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createSourceEventStream, getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { removeSuggestions } from './limits.js';

export function compiledExecution(): Plugin<Record<string, unknown>>[] {
  return [
    variablesCoercedByGraphqlJs(),
    useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' }) as Plugin<Record<string, unknown>>,
    compiledSubscriptionEvents(),
  ];
}

/** Subscribe on graphql-js, execute each event through the document's compiled query. */
function compiledSubscriptionEvents(): Plugin<Record<string, unknown>> {
  // Yoga's parser cache hands out one DocumentNode per distinct query text, so 1,000 subscribers of
  // one document share one compilation.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();
  const compiledFor = (args: ExecutionArgs): CompiledQuery | undefined => {
    const key = args.operationName ?? '';
    let byName = compiled.get(args.document);
    if (!byName) compiled.set(args.document, (byName = new Map()));
    let query = byName.get(key);
    if (!query) {
      const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
      // A document graphql-jit cannot compile (none known today) still runs, on graphql-js.
      if (!isCompiledQuery(result)) return undefined;
      byName.set(key, (query = result));
    }
    return query;
  };
  return {
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn(async (subscribeArgs: ExecutionArgs) => {
        const query = compiledFor(subscribeArgs);
        if (!query) return subscribeFn(subscribeArgs);
        const stream = await createSourceEventStream(subscribeArgs);
        if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
        return mapAsyncIterator(stream, (event) => query.query(event, subscribeArgs.contextValue, subscribeArgs.variableValues ?? {}));
      });
    },
  };
}

/** Each value of `iterable` through `map`; return() and throw() reach the source (ending the subscription). */
function mapAsyncIterator<T, U>(iterable: AsyncIterable<T>, map: (value: T) => U | Promise<U>): AsyncIterableIterator<U> {
  const source = iterable[Symbol.asyncIterator]();
  const step = async (result: IteratorResult<T>): Promise<IteratorResult<U>> =>
    result.done ? { done: true, value: undefined } : { done: false, value: await map(result.value) };
  return {
    next: () => source.next().then(step),
    return: () => (source.return ? source.return().then(step) : Promise.resolve({ done: true, value: undefined })),
    throw: (error?: unknown) => (source.throw ? source.throw(error).then(step) : Promise.reject(error)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function variablesCoercedByGraphqlJs(): Plugin<Record<string, unknown>> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const coerced = getVariableValues(args.schema, operation.variableDefinitions, (args.variableValues ?? {}) as Record<string, unknown>, { maxErrors: 50 });
      if (!coerced.errors) return;
      // The limits plugin's onExecuteDone (listed first) adds the values an unknown enum value's field accepts.
      removeSuggestions(coerced.errors);
      setResultAndStopExecution({
        errors: coerced.errors.map(
          (error) => new GraphQLError(error.message, { nodes: error.nodes, originalError: error.originalError, extensions: { ...error.extensions, http: { status: 400 } } }),
        ),
      });
    },
  };
}
