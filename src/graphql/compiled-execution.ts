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
 * Subscriptions stay on graphql-js: graphql-jit's subscribe hands the subscribe resolver no
 * arguments (`conversationId ... got undefined`), and a subscription runs once per client rather
 * than once per request, so compiling it would buy nothing.
 *
 * List these after the limits plugins: only documents that passed them get compiled.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, getVariableValues, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { removeSuggestions } from './limits.js';

export function compiledExecution(): Plugin<Record<string, unknown>>[] {
  return [variablesCoercedByGraphqlJs(), useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' }) as Plugin<Record<string, unknown>>];
}

function variablesCoercedByGraphqlJs(): Plugin<Record<string, unknown>> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const coerced = getVariableValues(args.schema, operation.variableDefinitions, (args.variableValues ?? {}) as Record<string, unknown>, { maxErrors: 50 });
      if (!coerced.errors) return;
      removeSuggestions(coerced.errors);
      setResultAndStopExecution({
        errors: coerced.errors.map(
          (error) => new GraphQLError(error.message, { nodes: error.nodes, originalError: error.originalError, extensions: { ...error.extensions, http: { status: 400 } } }),
        ),
      });
    },
  };
}
