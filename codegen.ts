/**
 * GraphQL Code Generator: TypeScript types for the stored REST documents (every /* GraphQL *\/
 * template in src/modules/**\/rest.ts), checked against schema.graphql. `npm run codegen` writes
 * them; CI runs it with --check and fails when they are stale.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/modules/**/rest.ts'],
  generates: {
    'src/generated/rest-operations.ts': {
      plugins: ['typescript-operations'],
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        avoidOptionals: { field: true },
        skipTypename: true,
      },
    },
  },
  hooks: {},
};

export default config;
