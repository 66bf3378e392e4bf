/**
 * GraphQL Code Generator: TypeScript types for the stored REST documents (every /* GraphQL *\/
 * template in src/modules/**\/rest.ts), checked against schema.graphql. `npm run codegen`
 * (scripts/codegen.ts) writes them; CI runs it with --check and fails when they are stale.
 */
import type { TypeScriptDocumentsPluginConfig } from '@graphql-codegen/typescript-operations';

const config = {
  schema: 'schema.graphql',
  /** Relative paths of the files holding the REST documents. */
  documents: /^src\/modules\/.+\/rest\.ts$/,
  output: 'src/generated/rest-operations.ts',
  // Typed against the plugin so options it no longer knows fail `npm run typecheck` (the CLI ignored them).
  plugin: {
    scalars: { DateTime: 'string', JSON: 'unknown' },
    enumType: 'string-literal',
  } satisfies TypeScriptDocumentsPluginConfig,
};

export default config;
