/**
 * One check at the entry point (src/input-guard.ts): JSON nested deeper than JSON_MAX_DEPTH, or a
 * string holding a NUL or a lone surrogate, is a 400 naming the field on REST, GraphQL (variables
 * included) and /oauth/token, before any work: nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

const contactCount = async () => Number((await gw.sql(`SELECT count(*)::int AS n FROM "Contact"`))[0].n);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const createContact = `mutation ($input: CreateContactInput!) { createContact(input: $input) { databaseId name } }`;

async function postGraphQL(body: string) {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: adminAuth },
    body,
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: any }[] } };
}

describe('REST', () => {
  it('a body nested 20,000 deep → 400 naming the field, nothing written', async () => {
    const response = await gw.rest('POST', '/api/v3/contacts', `{"name":"deep","description":${deepArray(20_000)}}`);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^description\[0\]\[0\].* is nested deeper than the limit of 64 levels \(JSON_MAX_DEPTH\)$/);
    expect(await contactCount()).toBe(0);
  });

  it('a NUL or a lone surrogate in a string → 400 naming the field, nothing written', async () => {
    const nul = await gw.rest('POST', '/api/v3/contacts', '{"name":"a\\u0000b"}');
    expect(nul.status).toBe(400);
    expect(nul.body.message).toBe('name contains a NUL character (\\u0000)');
    const surrogate = await gw.rest('POST', '/api/v3/contacts', '{"name":"ok","identities":[{"type":"email","value":"\\ud800@x.y"}]}');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.message).toBe('identities[0].value contains a lone UTF-16 surrogate (invalid Unicode)');
    const lowAlone = await gw.rest('POST', '/api/v3/contacts', '{"na\\udc00me":"x"}');
    expect(lowAlone.status).toBe(400);
    expect(lowAlone.body.message).toMatch(/^the key of "na\\udc00me" contains a lone UTF-16 surrogate/);
    const query = await gw.rest('GET', '/api/v3/contacts?keywords=a%00b');
    expect(query.status).toBe(400);
    expect(query.body.message).toBe('query parameter "keywords" contains a NUL character (\\u0000)');
    expect(await contactCount()).toBe(0);
  });

  it('well-formed input passes: an emoji (a surrogate pair) and nesting at the limit', async () => {
    const created = await gw.rest('POST', '/api/v3/contacts', { name: 'Zoë 😀' });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Zoë 😀');
    // 64 levels in all (the body is level 1): not refused by the guard (the REST layer may still reject the shape).
    const atLimit = await gw.rest('POST', '/api/v3/contacts', `{"name":"edge","description":${deepArray(63)}}`);
    expect(atLimit.body.message ?? '').not.toMatch(/JSON_MAX_DEPTH/);
    expect(atLimit.status).toBeLessThan(500);
    const overLimit = await gw.rest('POST', '/api/v3/contacts', `{"name":"edge","description":${deepArray(64)}}`);
    expect(overLimit.status).toBe(400);
    expect(overLimit.body.message).toMatch(/JSON_MAX_DEPTH/);
  });
});

describe('GraphQL', () => {
  it('variables nested 20,000 deep → 400 naming the variable, nothing written', async () => {
    const before = await contactCount();
    const response = await postGraphQL(`{"query":${JSON.stringify(createContact)},"variables":{"input":{"name":"deep","x":${deepArray(20_000)}}}}`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/^variables\.input\.x\[0\].* is nested deeper than the limit of 64 levels/);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await contactCount()).toBe(before);
  });

  it('a NUL or lone surrogate in variables (POST and GET) or in the query text → 400, nothing written', async () => {
    const before = await contactCount();
    for (const [value, problem] of [['a\\u0000', 'NUL'], ['\\ud800', 'lone UTF-16 surrogate']] as const) {
      const response = await postGraphQL(`{"query":${JSON.stringify(createContact)},"variables":{"input":{"name":"${value}"}}}`);
      expect(response.status, value).toBe(400);
      expect(response.body.errors?.[0]?.message).toContain(`variables.input.name contains a ${problem}`);
    }
    const inQuery = await postGraphQL(JSON.stringify({ query: 'mutation { createContact(input: { name: "a\u0000" }) { databaseId } }' }));
    expect(inQuery.status).toBe(400);
    expect(inQuery.body.errors?.[0]?.message).toBe('query contains a NUL character (\\u0000)');
    const get = await fetch(`${gw.url}/graphql?query=${encodeURIComponent('query ($k: String) { contacts(keywords: $k) { totalCount } }')}&variables=${encodeURIComponent('{"k":"a\u0000"}')}`, {
      headers: { authorization: adminAuth, accept: 'application/json' },
    });
    expect(get.status).toBe(400);
    expect(((await get.json()) as any).errors[0].message).toBe('query parameter "variables" contains a NUL character (\\u0000)');
    expect(await contactCount()).toBe(before);
  });
});

describe('/oauth/token', () => {
  it('a NUL or lone surrogate in JSON or form fields → 400 naming the field', async () => {
    const json = await fetch(`${gw.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials","client_id":"\\ud800","client_secret":"x"}',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as any).message).toBe('client_id contains a lone UTF-16 surrogate (invalid Unicode)');
    const form = await fetch(`${gw.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=a%00b&client_secret=x',
    });
    expect(form.status).toBe(400);
    expect(((await form.json()) as any).message).toBe('client_id contains a NUL character (\\u0000)');
    const deep = await fetch(`${gw.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"grant_type":${deepArray(20_000)}}` });
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as any).message).toMatch(/^grant_type\[0\].* is nested deeper than the limit of 64 levels \(JSON_MAX_DEPTH\)$/);
  });
});
