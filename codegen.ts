/**
 * GraphQL Code Generator: TypeScript types for the stored REST documents (every /* GraphQL *\/
 * template in src/modules/**\/rest.ts), checked against schema.graphql. `npm run codegen`
 * (scripts/codegen.ts) writes them; CI runs it with --check and fails when they are stale.
 */
import type { TypeScriptDocumentsPluginConfig } from '@graphql-codegen/typescript-operations';

const config = {
  schema: 'schema.graphql',
  /** Files under src/modules whose path ends like this hold the REST documents. */
  documents: /^src\/modules\/.+\/rest\.ts$/,
  output: 'src/generated/rest-operations.ts',
  plugin: {
    scalars: { DateTime: 'string', JSON: 'unknown' },
    enumsAsTypes: true,
    skipTypename: true,
  } satisfies TypeScriptDocumentsPluginConfig,
};

export default config;
