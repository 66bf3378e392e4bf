/** Every kind of bad input gets a clear 4xx with a message, and nothing is written. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ jsonBodyLimitBytes: 64 * 1024 });
});
afterAll(() => gw?.stop());

const contactCount = async () => Number((await gw.sql(`SELECT count(*)::int AS n FROM "Contact"`))[0].n);

describe('REST bad input', () => {
  it('malformed JSON → 400', async () => {
    const response = await gw.rest('POST', '/api/v3/contacts', '{"name": "x",');
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^Malformed JSON body/);
    expect(await contactCount()).toBe(0);
  });

  it('a JSON body that is not an object → 400', async () => {
    for (const body of ['[1,2]', '"text"', '42', 'null']) {
      const response = await gw.rest('POST', '/api/v3/contacts', body);
      expect(response.status, body).toBe(400);
      expect(response.body.message).toBe('The JSON body must be an object');
    }
  });

  it('wrong content type → 415', async () => {
    const response = await gw.rest('POST', '/api/v3/contacts', 'name=x', adminAuth, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect(response.body.message).toMatch(/JSON/);
    expect(await contactCount()).toBe(0);
  });

  it('oversize body → 413', async () => {
    const response = await gw.rest('POST', '/api/v3/contacts', { name: 'x', description: 'y'.repeat(70 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/larger than 65536 bytes/);
    const graphql = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: adminAuth },
      body: JSON.stringify({ query: `{ tags { name } }`, padding: 'z'.repeat(70 * 1024) }),
    });
    expect(graphql.status).toBe(413);
    expect(await contactCount()).toBe(0);
  });

  it('wrong types and unknown enum values → 400 naming the field', async () => {
    const wrongType = await gw.rest('POST', '/api/v3/contacts', { name: 123 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/input\.name/);
    const badEnum = await gw.rest('POST', '/api/v3/agents', { name: 'A', email: 'a@b.c', role: 'superuser' });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.message).toMatch(/"superuser" does not exist in "AgentRole"/);
    const badIdentity = await gw.rest('POST', '/api/v3/contacts', { name: 'A', identities: [{ type: 'email', value: 'not-an-email' }] });
    expect(badIdentity.status).toBe(400);
    expect(badIdentity.body.errors).toEqual([{ field: 'identities[0].value', message: expect.stringMatching(/email address/) }]);
    expect(await contactCount()).toBe(0);
  });

  it('missing required fields → 400 naming the field', async () => {
    const response = await gw.rest('POST', '/api/v3/contacts', { company: 'ACME' });
    expect(response).toMatchObject({ status: 400, body: { message: 'name is required', errors: [{ field: 'name', message: 'is required' }] } });
  });

  it('unknown and malformed ids → 404 and 400', async () => {
    expect(await gw.rest('GET', '/api/v3/contacts/424242')).toMatchObject({ status: 404, body: { message: 'contact 424242 not found' } });
    expect((await gw.rest('PUT', '/api/v3/contacts/424242', { name: 'x' })).status).toBe(404);
    expect((await gw.rest('DELETE', '/api/v3/departments/424242')).status).toBe(404);
    const malformed = await gw.rest('GET', '/api/v3/contacts/abc');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/id must be a Contact id/);
  });

  it('bad query parameters → 400', async () => {
    expect((await gw.rest('GET', '/api/v3/contacts?pageIndex=0')).status).toBe(400);
    expect((await gw.rest('GET', '/api/v3/contacts?pageIndex=two')).status).toBe(400);
    const include = await gw.rest('GET', '/api/v3/contacts?include=everything');
    expect(include.status).toBe(400);
    expect(include.body.message).toMatch(/Unknown include "everything"/);
  });

  it('conflicts → 409 and nothing half-written', async () => {
    expect((await gw.rest('POST', '/api/v3/departments', { name: 'Support' })).status).toBe(201);
    const duplicate = await gw.rest('POST', '/api/v3/departments', { name: 'Support' });
    expect(duplicate).toMatchObject({ status: 409, body: { message: 'A department named "Support" already exists' } });
    // An agent whose department list names an unknown department is not created at all.
    const agent = await gw.rest('POST', '/api/v3/agents', { name: 'Zed', email: 'zed@x.y', departmentIds: [999] });
    expect(agent.status).toBe(404);
    expect(await gw.sql(`SELECT * FROM "Agent" WHERE email = 'zed@x.y'`)).toEqual([]);
    // The last admin cannot be demoted.
    const admins = await gw.sql(`SELECT id FROM "Agent" WHERE role = 'admin'`);
    const demote = await gw.rest('PUT', `/api/v3/agents/${admins[0].id}`, { role: 'agent' });
    expect(demote.status).toBe(409);
  });

  it('unknown routes → 404 JSON', async () => {
    const response = await gw.rest('GET', '/api/v3/nothing-here');
    expect(response).toMatchObject({ status: 404, body: { message: 'No route for GET /api/v3/nothing-here' } });
  });
});

describe('GraphQL bad input and error masking', () => {
  it('answers syntax and validation errors with 400 and a message', async () => {
    const syntax = await gw.gql(`{ agents { `);
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0]?.message).toMatch(/Syntax Error/);
    const unknownField = await gw.gql(`{ agents { nodes { password } } }`);
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors?.[0]?.message).toMatch(/Cannot query field "password"/);
  });

  it('never exposes stack traces or SQL', async () => {
    const response = await gw.gql(`mutation { createContact(input: { name: "x", identities: [{ type: email, value: "a@b.c" }, { type: email, value: "a@b.c" }] }) { databaseId } }`);
    expect(response.errors?.[0]?.message).toBe('An identity with that type and value already belongs to a contact');
    const text = JSON.stringify(response);
    expect(text).not.toMatch(/at \w+ \(|prisma|SELECT|INSERT/i);
    expect(await contactCount()).toBe(0);
  });
});
