/** Fields and filters through GraphQL: the same services as REST, Relay ids, scopes. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let agent: { id: number; auth: string };

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent();
});
afterAll(() => gw?.stop());

it('creates a field and a filter, reads them by database id and by Relay id', async () => {
  const field = await gw.gql(`mutation { createField(input: { type: checkboxList, name: "Channels", options: [{ value: "web" }, { value: "app" }] }) { id databaseId type options { value order } } }`);
  expect(field.errors).toBeUndefined();
  expect(field.data.createField).toMatchObject({ type: 'checkboxList', options: [{ value: 'web', order: 0 }, { value: 'app', order: 1 }] });
  const { id: fieldGlobalId, databaseId: fieldId } = field.data.createField;
  const node = await gw.gql(`query($id: ID!) { node(id: $id) { ... on Field { name } } }`, { id: fieldGlobalId }, agent.auth);
  expect(node.data.node).toEqual({ name: 'Channels' });

  const custom = await gw.gql(`{ fields(isSystemField: false) { name isSystemField } }`, {}, agent.auth);
  expect(custom.data.fields).toEqual([{ name: 'Channels', isSystemField: false }]);

  const filter = await gw.gql(
    `mutation($input: FilterInput!) { createFilter(input: $input) { id databaseId when logicalExpression conditions { fieldId matchType value } } }`,
    { input: { name: 'Web or urgent', when: 'logicalExpression', logicalExpression: '1 or 2', conditions: [{ fieldId, matchType: 'contains', value: 'web' }, { fieldId: 'priority', matchType: 'is', value: 'urgent' }] } },
    agent.auth,
  );
  expect(filter.errors).toBeUndefined();
  expect(filter.data.createFilter.conditions).toEqual([
    { fieldId, matchType: 'contains', value: 'web' },
    { fieldId: '00000000-0000-4000-8000-000000000003', matchType: 'is', value: 'urgent' },
  ]);
  const byGlobal = await gw.gql(`query($id: ID!) { node(id: $id) { ... on Filter { name } } }`, { id: filter.data.createFilter.id }, agent.auth);
  expect(byGlobal.data.node).toEqual({ name: 'Web or urgent' });
});

it('bad GraphQL input is a 400-class error naming the problem; nothing is written', async () => {
  const before = await gw.sql(`SELECT count(*)::int AS n FROM "Filter"`);
  const res = await gw.gql(`mutation { createFilter(input: { name: "x", conditions: [{ fieldId: "subject", matchType: "after", value: "a" }] }) { id } }`, {}, agent.auth);
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.errors?.[0]?.message).toMatch(/conditions\[0\]\.matchType after does not apply to field "Subject"/);
  expect(await gw.sql(`SELECT count(*)::int AS n FROM "Filter"`)).toEqual(before);
});

it('agents read fields but only admins write them; anonymous callers are told to authenticate', async () => {
  expect((await gw.gql(`{ fields { name } }`, {}, agent.auth)).data.fields.length).toBeGreaterThanOrEqual(12);
  const write = await gw.gql(`mutation { createField(input: { type: text, name: "Nope" }) { id } }`, {}, agent.auth);
  expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const anonymous = await gw.gql(`{ filters { name } }`, {}, null);
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});
