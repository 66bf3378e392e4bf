/**
 * GET /api/v3/openapi.json: an OpenAPI 3.1 document generated from the REST route table. It is
 * valid (@readme/openapi-parser: the 3.1 JSON Schema plus its semantic checks), it describes every
 * route Hono serves under /api (no gaps: a row whose response or body cannot be derived fails
 * here, named), and real answers of the running gateway validate against the documented schemas.
 */
import { validate, compileErrors } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRouteTable, schema } from '../../src/graphql/schema.js';
import { buildOpenApi } from '../../src/rest/openapi.js';
import { restRoutes } from '../../src/rest/route.js';
import { adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let doc: any;
beforeAll(async () => {
  gw = await startTestGateway();
  const res = await fetch(`${gw.url}/api/v3/openapi.json`, { headers: { authorization: adminAuth } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = await res.json();
});
afterAll(() => gw?.stop());

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    const result = await validate(structuredClone(doc));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('has no gaps and describes every route mounted under /api', () => {
    const { gaps, undocumented } = gw.gateway.http.openApi();
    expect(gaps, `routes without a derivable schema:\n${gaps.join('\n')}`).toEqual([]);
    expect(undocumented, `mounted but not in openapi.json:\n${undocumented.join('\n')}`).toEqual([]);
  });

  it('has every row of the route table with its parameters, include enum, body and response', () => {
    for (const route of restRouteTable) {
      const where = `${route.method} ${route.path}`;
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, where).toBeDefined();
      expect(operation.summary, where).toMatch(/\w/);
      const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(operation.parameters?.filter((p: any) => p.in === 'path').map((p: any) => p.name) ?? [], where).toEqual(pathParams);
      const include = operation.parameters?.find((p: any) => p.name === 'include');
      if (route.includes?.length) expect(include.schema.items.enum, where).toEqual(route.includes);
      else expect(include, where).toBeUndefined();
      const status = String(route.status ?? 200);
      if (status === '204') expect(operation.responses['204'].content, where).toBeUndefined();
      else {
        const schema = operation.responses[status].content['application/json'].schema;
        expect(Object.keys(schema).length, `${where} has an empty response schema`).toBeGreaterThan(0);
      }
      expect(operation.responses['400'], where).toEqual({ $ref: '#/components/responses/Error400' });
      expect(operation.responses['401'], where).toEqual({ $ref: '#/components/responses/Error401' });
    }
    expect(doc.components.schemas.Error.required).toEqual(['message']);
  });

  it('documents query parameters and bodies with their GraphQL types', () => {
    const list = doc.paths['/api/v3/anytime/conversations'].get;
    const param = (name: string) => list.parameters.find((p: any) => p.name === name);
    expect(param('pageIndex').schema).toEqual({ type: 'integer', minimum: 1 });
    expect(param('timeZoneOffset').schema).toEqual({ type: 'number' });
    expect(param('include').schema.items.enum).toContain('contact');
    const createTag = doc.paths['/api/v3/tags'].post;
    expect(Object.keys(createTag.requestBody.content['application/json'].schema.properties)).toEqual(['color', 'name']);
    expect(createTag.responses['201']).toBeDefined();
    const enable = doc.paths['/api/v3/anytime/autoAllocation/enable']?.put ?? doc.paths['/api/v3/anytime/autoAllocation/enable']?.post;
    if (enable) expect(enable.requestBody.content['application/json'].schema.properties.enable.type).toContain('boolean');
  });

  it('documents the non-JSON routes: upload, download, raw mail, token', () => {
    expect(Object.keys(doc.paths['/api/v3/anytime/attachments'].post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(doc.paths['/api/v3/anytime/attachments/{guid}/download'].get.responses['200'].content['application/octet-stream']).toBeDefined();
    expect(Object.keys(doc.paths['/api/v3/anytime/integrationAccounts/{id}/inbound'].post.requestBody.content)).toEqual(['message/rfc822']);
    expect(doc.paths['/oauth/token'].post.security).toEqual([]);
    expect(doc.paths['/api/v3/openapi.json'].get).toBeDefined();
  });

  it('declares Basic and OAuth 2 client credentials with the gateway’s token URL', async () => {
    expect(doc.components.securitySchemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
    const flow = doc.components.securitySchemes.oauth2.flows.clientCredentials;
    expect(flow.tokenUrl).toBe('/oauth/token');
    expect(Object.keys(flow.scopes).sort()).toEqual(['api', 'portal']);
    expect(doc.security).toEqual([{ basicAuth: [] }, { oauth2: [] }]);
    // The token URL is the one the gateway serves.
    const res = await fetch(`${gw.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('unsupported_grant_type');
  });
});

describe('who may read it follows INTROSPECTION', () => {
  it('signed-in (the default): anonymous callers are asked to sign in', async () => {
    const res = await fetch(`${gw.url}/api/v3/openapi.json`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(`${gw.url}/api/v3/openapi.json`, { headers: { authorization: 'Basic bm9ib2R5Om5vcGU=' } });
    expect(wrong.status).toBe(401);
  });
  it('all: anyone; off: nobody', async () => {
    for (const [introspection, status] of [['all', 200], ['off', 404]] as const) {
      const other = await startTestGateway({ introspection });
      try {
        expect((await fetch(`${other.url}/api/v3/openapi.json`)).status).toBe(status);
        expect((await fetch(`${other.url}/api/v3/openapi.json`, { headers: { authorization: adminAuth } })).status).toBe(status);
      } finally {
        await other.stop();
      }
    }
  });
});

describe('real answers match the documented schemas', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const check = (method: string, path: string, status: number, body: unknown) => {
    const operation = doc.paths[path][method.toLowerCase()];
    const responseSchema = operation.responses[String(status)].content['application/json'].schema;
    const validateBody = ajv.compile({ ...responseSchema, components: doc.components });
    const ok = validateBody(body);
    expect(ok, `${method} ${path}: ${ajv.errorsText(validateBody.errors)}\n${JSON.stringify(body).slice(0, 800)}`).toBe(true);
  };

  /** A body the gateway takes must fit the documented request body. */
  const send = async (method: string, path: string, template: string, body: Record<string, unknown>) => {
    const schema = doc.paths[template][method.toLowerCase()].requestBody.content['application/json'].schema;
    const validateBody = ajv.compile({ ...schema, components: doc.components });
    expect(validateBody(body), `${method} ${template} request: ${ajv.errorsText(validateBody.errors)}`).toBe(true);
    return gw.rest(method, path, body);
  };

  it('tags, agents, contacts, conversations (with includes), messages, errors', async () => {
    const tag = await send('POST', '/api/v3/tags', '/api/v3/tags', { name: 'vip', color: '#ff0000' });
    expect(tag.status).toBe(201);
    check('POST', '/api/v3/tags', 201, tag.body);
    check('GET', '/api/v3/tags', 200, (await gw.rest('GET', '/api/v3/tags')).body);
    check('GET', '/api/v3/agents', 200, (await gw.rest('GET', '/api/v3/agents')).body);
    const contact = await send('POST', '/api/v3/contacts', '/api/v3/contacts', { name: 'Ada', identities: [{ type: 'email', value: 'ada@example.com' }] });
    expect(contact.status).toBe(201);
    check('POST', '/api/v3/contacts', 201, contact.body);
    const created = await send('POST', '/api/v3/anytime/conversations', '/api/v3/anytime/conversations', {
      subject: 'Printer on fire',
      channel: 'email',
      contactId: contact.body.id,
      message: { type: 'email', text: { format: 'plaintext', content: 'It smokes.' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    check('POST', '/api/v3/anytime/conversations', 200, created.body);
    const list = await gw.rest('GET', '/api/v3/anytime/conversations?include=contact,assignedAgent,createdBy&pageIndex=1');
    expect(list.status).toBe(200);
    expect(list.body.conversations[0]).toHaveProperty('contact');
    check('GET', '/api/v3/anytime/conversations', 200, list.body);
    const one = await gw.rest('GET', `/api/v3/anytime/conversations/${created.body.id}?include=contact`);
    check('GET', '/api/v3/anytime/conversations/{id}', 200, one.body);
    const messages = await gw.rest('GET', `/api/v3/anytime/conversations/${created.body.id}/messages`);
    expect(messages.status).toBe(200);
    check('GET', '/api/v3/anytime/conversations/{id}/messages', 200, messages.body);

    const reply = await send('POST', `/api/v3/anytime/conversations/${created.body.id}/messages`, '/api/v3/anytime/conversations/{id}/messages', {
      type: 'note',
      text: { format: 'plaintext', content: 'Checked the printer.' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    check('POST', '/api/v3/anytime/conversations/{id}/messages', 200, reply.body);
    const filter = await send('POST', '/api/v3/anytime/filters', '/api/v3/anytime/filters', {
      name: 'Urgent',
      isPrivate: false,
      conditions: [{ fieldId: 'priority', matchType: 'is', value: 'urgent' }],
    });
    expect(filter.status, JSON.stringify(filter.body)).toBe(200);
    check('POST', '/api/v3/anytime/filters', 200, filter.body);

    const bad = await gw.rest('GET', '/api/v3/anytime/conversations?include=nope');
    expect(bad.status).toBe(400);
    const validateError = ajv.compile({ $ref: '#/components/schemas/Error', components: doc.components });
    expect(validateError(bad.body), ajv.errorsText(validateError.errors)).toBe(true);
  });
});

describe('a row the generator cannot describe is a gap, named', () => {
  it('an untraceable shape and an unknown body field', () => {
    const rows = restRoutes([
      {
        method: 'POST',
        path: '/api/v3/example/{id}',
        document: 'mutation RestExample($id: ID!) { deleteTag(id: $id) { id } }',
        variables: ({ params, body }) => ({ id: params.id, mystery: body.mystery }),
        shape: () => undefined,
      },
    ]);
    const { gaps } = buildOpenApi(schema, rows);
    expect(gaps).toEqual([
      'POST /api/v3/example/{id}: its shape function returns a value of unknown type; give the row openapi.response',
      'POST /api/v3/example/{id}: body field "mystery" has no schema (no $mystery variable or input field of that name); give the row openapi.body.mystery',
    ]);
    const spread = buildOpenApi(schema, [{ method: 'POST', path: '/api/v3/example', document: 'mutation RestExample($input: TagInput!) { createTag(input: $input) { id } }', variables: ({ body }) => ({ input: { ...body } }) }]);
    expect(spread.gaps).toEqual(['POST /api/v3/example: its variables function enumerates the body, so its fields are not known by name; give the row openapi.body']);
    const filled = buildOpenApi(schema, [{ ...rows[0]!, openapi: { body: { mystery: { type: 'string' } }, response: { type: 'object' } } }]);
    expect(filled.gaps).toEqual([]);
  });
});
