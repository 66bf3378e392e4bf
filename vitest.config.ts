import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Node resolves `graphql` to its CommonJS build (index.js) for
    // every importer, ours and the libraries'. Vite would pick the ES build (index.mjs, its "module"
    // field) for the source it transforms, giving tests two copies of graphql where production has
    // one (and graphql-js refusing a schema "from another module or realm"). Resolve as Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The run's temp root first (its teardown, last, removes it and fails the run on leftovers);
    // then one embedded PostgreSQL per run: each test file gets its own database cloned from a migrated template.
    globalSetup: ['test/setup/temp-root.ts', 'test/setup/global.ts'],
    // Each test file's own temp directory, which must be empty after its afterAll hooks.
    setupFiles: ['test/setup/file-temp-dir.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
