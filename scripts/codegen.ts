/**
 * Runs GraphQL Code Generator's engine (@graphql-codegen/core) with the typescript-operations
 * plugin on the configuration in codegen.ts. With --check, fails when the generated file is stale
 * instead of writing it: CI runs that.
 *
 * Why not @graphql-codegen/cli: from 7.x its dependency tree (listr2 10, the URL/GitHub/Apollo
 * loaders with @whatwg-node/fetch 0.12, sync-fetch 0.7) requires Node 22, and the project runs on
 * Node 20; we only ever load one local schema file and the /* GraphQL *\/ templates of a few
 * files, so the engine plus graphql-tag-pluck (the CLI's own pluck) is all it needs.
 */
import { codegen } from '@graphql-codegen/core';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import { gqlPluckFromCodeStringSync } from '@graphql-tools/graphql-tag-pluck';
import { buildASTSchema, parse } from 'graphql';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import config from '../codegen.js';

const root = join(import.meta.dirname, '..');
const schemaDocument = parse(readFileSync(join(root, config.schema), 'utf8'));
const files = readdirSync(join(root, 'src', 'modules'), { recursive: true, encoding: 'utf8' })
  .map((file) => relative(root, join(root, 'src', 'modules', file)).split('\\').join('/'))
  .filter((file) => config.documents.test(file))
  .sort();
const documents = files.flatMap((location) =>
  gqlPluckFromCodeStringSync(location, readFileSync(join(root, location), 'utf8')).map((source) => ({
    location,
    rawSDL: source.body,
    document: parse(source),
  })),
);
if (!documents.length) throw new Error(`no GraphQL documents in files matching ${config.documents}`);

const output = await codegen({
  filename: config.output,
  schema: schemaDocument,
  schemaAst: buildASTSchema(schemaDocument),
  documents,
  config: {},
  plugins: [{ 'typescript-operations': config.plugin }],
  pluginMap: { 'typescript-operations': typescriptOperations },
});

const file = join(root, config.output);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== output) {
    console.error(`${config.output} is stale: run \`npm run codegen\` and commit it.`);
    process.exit(1);
  }
  console.log(`${config.output} is up to date`);
} else {
  writeFileSync(file, output);
  console.log(`wrote ${config.output}`);
}
