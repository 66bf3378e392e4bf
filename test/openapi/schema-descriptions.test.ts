/**
 * Every type, field, argument and enum value of the GraphQL schema has a description, in its
 * Pothos definition or in src/graphql/descriptions.ts. The failure lists the exact paths
 * (`Type`, `Type.field`, `Type.field(arg)`, `Enum.VALUE`), so a new module knows what to describe.
 * Also read back through introspection of the running gateway, as GraphiQL sees them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schema, schemaDescriptions } from '../../src/graphql/schema.js';
import { describeSchema } from '../../src/graphql/descriptions.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

it('no type, field, argument or enum value is left without a description', () => {
  expect(schemaDescriptions.missing, `describe these in their schema.ts (description:) or in src/graphql/descriptions.ts:\n${schemaDescriptions.missing.join('\n')}`).toEqual([]);
});

it('the description table names only paths that exist and that the code leaves undescribed', () => {
  expect(schemaDescriptions.stale, `entries of src/graphql/descriptions.ts that name no schema path:\n${schemaDescriptions.stale.join('\n')}`).toEqual([]);
  expect(schemaDescriptions.redundant, `described in code already; remove from src/graphql/descriptions.ts:\n${schemaDescriptions.redundant.join('\n')}`).toEqual([]);
});

it('reports missing, stale and redundant paths exactly', () => {
  // Against the already described schema: an entry for a described path is redundant, one for no path stale.
  const report = describeSchema(schema, { 'Tag.name': 'x', 'Tag.nothing': 'x', 'Query.tag(nope)': 'x' });
  expect(report).toEqual({ missing: [], stale: ['Tag.nothing', 'Query.tag(nope)'], redundant: ['Tag.name'] });
});

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

it('introspection shows them', async () => {
  const res = await gw.gql(`{
    __type(name: "Conversation") { description fields { name description args { name description } } }
    status: __type(name: "ConversationStatus") { enumValues { name description } }
  }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.__type.description).toMatch(/\w/);
  for (const field of res.data.__type.fields) {
    expect(field.description, `Conversation.${field.name}`).toMatch(/\w/);
    for (const arg of field.args) expect(arg.description, `Conversation.${field.name}(${arg.name})`).toMatch(/\w/);
  }
  expect(res.data.status.enumValues.find((v: any) => v.name === 'pendingExternal').description).toBe('Waiting for the contact or a third party.');
});
