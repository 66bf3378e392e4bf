/** Fields & Mapping over REST: system fields, custom fields of every type, mappings, bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_FIELDS } from '../../src/engine/conditions/system-fields.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const BASE = '/api/v3/anytime/fields';
let gw: TestGateway;
let agent: { id: number; auth: string };

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ role: 'agent' });
});
afterAll(() => gw?.stop());

const fieldCount = async () => Number((await gw.sql(`SELECT count(*) AS n FROM "Field"`))[0].n);
const optionCount = async () => Number((await gw.sql(`SELECT count(*) AS n FROM "FieldOption"`))[0].n);

describe('system fields', () => {
  it('are seeded with fixed ids, flagged, and agree with the engine catalogue', async () => {
    const res = await gw.rest('GET', `${BASE}?isSystemField=true`, undefined, agent.auth);
    expect(res.status).toBe(200);
    expect(res.body.fields.map((f: any) => f.id)).toEqual(SYSTEM_FIELDS.map((f) => f.id));
    for (const field of res.body.fields) expect(field.isSystemField).toBe(true);
    const rows = await gw.sql(`SELECT id, "systemKey", type, name FROM "Field" WHERE "isSystemField" ORDER BY "orderIndex"`);
    expect(rows).toEqual(SYSTEM_FIELDS.map((f) => ({ id: f.id, systemKey: f.key, type: f.type, name: f.name })));
    const status = res.body.fields.find((f: any) => f.name === 'Status');
    expect(status.options.map((o: any) => o.value)).toEqual(['new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed']);
    expect(Object.keys(status).sort()).toEqual(
      ['id', 'type', 'name', 'isSystemField', 'isRequired', 'defaultValue', 'helpText', 'length', 'options', 'chatFieldMapping', 'offlineMessageFieldMapping'].sort(),
    );
  });

  it('cannot be deleted, renamed or retyped; help text can change', async () => {
    const subject = SYSTEM_FIELDS[0]!.id;
    expect((await gw.rest('DELETE', `${BASE}/${subject}`)).status).toBe(400);
    const rename = await gw.rest('PUT', `${BASE}/${subject}`, { name: 'Title' });
    expect(rename.status).toBe(400);
    expect(rename.body.message).toMatch(/name.*system field/);
    expect((await gw.rest('PUT', `${BASE}/${subject}`, { type: 'textarea' })).status).toBe(400);
    const help = await gw.rest('PUT', `${BASE}/${subject}`, { name: 'Subject', helpText: 'What it is about' });
    expect(help.status).toBe(200);
    expect(help.body).toMatchObject({ name: 'Subject', helpText: 'What it is about', isSystemField: true });
    expect(await gw.sql(`SELECT name FROM "Field" WHERE id = $1`, [subject])).toEqual([{ name: 'Subject' }]);
  });

  it('GET fields?isSystemField=false lists only custom fields', async () => {
    const res = await gw.rest('GET', `${BASE}?isSystemField=false`);
    expect(res.status).toBe(200);
    for (const field of res.body.fields) expect(field.isSystemField).toBe(false);
    expect((await gw.rest('GET', `${BASE}?isSystemField=maybe`)).status).toBe(400);
  });
});

describe('custom fields of every type', () => {
  const options = [
    { name: 'Red', value: 'red' },
    { name: 'Green', value: 'green' },
    { name: 'Blue', value: 'blue' },
  ];
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['text', { length: 20, defaultValue: 'n/a', helpText: 'short text' }, { length: 20, defaultValue: 'n/a' }],
    ['textarea', { length: 5000 }, { length: 5000 }],
    ['email', { defaultValue: 'Me@Example.com' }, { defaultValue: 'Me@Example.com' }],
    ['url', { defaultValue: 'https://example.com/x' }, {}],
    ['date', { defaultValue: '2026-11-25T10:00:00+02:00' }, { defaultValue: '2026-11-25T08:00:00.000Z' }],
    ['integer', { defaultValue: '007' }, { defaultValue: '7' }],
    ['float', { defaultValue: '1.50' }, { defaultValue: '1.50' }],
    ['operator', {}, {}],
    ['radio', { options, defaultValue: 'green' }, { defaultValue: 'green' }],
    ['checkbox', { defaultValue: 'TRUE' }, { defaultValue: 'true' }],
    ['dropdownList', { options }, {}],
    ['checkboxList', { options, defaultValue: 'blue,red' }, { defaultValue: 'red,blue' }],
    ['link', {}, {}],
    ['department', {}, {}],
  ];
  for (const [type, extra, expected] of cases) {
    it(`creates, reads and updates a ${type} field`, async () => {
      const created = await gw.rest('POST', BASE, { type, name: `My ${type}`, isRequired: false, ...extra });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ type, name: `My ${type}`, isSystemField: false, isRequired: false, ...expected });
      if (extra.options) expect(created.body.options.map((o: any) => [o.name, o.value, o.order])).toEqual([['Red', 'red', 0], ['Green', 'green', 1], ['Blue', 'blue', 2]]);
      else expect(created.body.options).toEqual([]);
      const got = await gw.rest('GET', `${BASE}/${created.body.id}`, undefined, agent.auth);
      expect(got.body).toEqual(created.body);
      const updated = await gw.rest('PUT', `${BASE}/${created.body.id}`, { isRequired: true, helpText: 'now required' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ isRequired: true, helpText: 'now required', type });
    });
  }

  it('reads a JSON number or boolean default as its text', async () => {
    const integer = await gw.rest('POST', BASE, { type: 'integer', name: 'Seats', defaultValue: 5 });
    expect(integer.body.defaultValue).toBe('5');
    const checkbox = await gw.rest('POST', BASE, { type: 'checkbox', name: 'Opted in', defaultValue: false });
    expect(checkbox.body.defaultValue).toBe('false');
  });

  it('replaces options on update, keeping the ids of options it names', async () => {
    const created = await gw.rest('POST', BASE, { type: 'dropdownList', name: 'Size', options: [{ value: 's' }, { value: 'm' }, { value: 'l' }] });
    const [s, , l] = created.body.options;
    expect(s.name).toBe('s');
    const updated = await gw.rest('PUT', `${BASE}/${created.body.id}`, { options: [{ id: l.id, name: 'Large', value: 'l', order: 0 }, { value: 'xl', order: 1 }] });
    expect(updated.status).toBe(200);
    expect(updated.body.options.map((o: any) => [o.value, o.order])).toEqual([['l', 0], ['xl', 1]]);
    expect(updated.body.options[0].id).toBe(l.id);
  });
});

describe('bad field definitions (400/409, nothing written)', () => {
  const bad: [string, Record<string, unknown>, number, RegExp][] = [
    ['unknown type', { type: 'colour', name: 'X1' }, 400, /type/],
    ['missing name', { type: 'text' }, 400, /name is required/],
    ['missing type', { name: 'X2' }, 400, /type is required/],
    ['options on a non-option type', { type: 'text', name: 'X3', options: [{ value: 'a' }] }, 400, /options apply only to/],
    ['option type without options', { type: 'radio', name: 'X4' }, 400, /options are required/],
    ['duplicate option values', { type: 'radio', name: 'X5', options: [{ value: 'a' }, { value: 'a' }] }, 400, /repeats/],
    ['comma in a checkboxList option', { type: 'checkboxList', name: 'X6', options: [{ value: 'a,b' }] }, 400, /must not contain/],
    ['length on a number', { type: 'integer', name: 'X7', length: 5 }, 400, /length applies only/],
    ['zero length', { type: 'text', name: 'X8', length: 0 }, 400, /length must be/],
    ['default of the wrong type', { type: 'integer', name: 'X9', defaultValue: 'ten' }, 400, /defaultValue must be an integer/],
    ['default not an option', { type: 'radio', name: 'X10', options: [{ value: 'a' }], defaultValue: 'b' }, 400, /defaultValue must be one of a/],
    ['default longer than length', { type: 'text', name: 'X11', length: 3, defaultValue: 'abcd' }, 400, /at most 3/],
    ['isSystemField true', { type: 'text', name: 'X12', isSystemField: true }, 400, /isSystemField/],
    ['a system field name', { type: 'text', name: 'subject' }, 409, /already exists/],
  ];
  for (const [what, body, status, message] of bad) {
    it(`rejects ${what}`, async () => {
      const [fields, options] = [await fieldCount(), await optionCount()];
      const res = await gw.rest('POST', BASE, body);
      expect(res.status).toBe(status);
      expect(res.body.message).toMatch(message);
      expect([await fieldCount(), await optionCount()]).toEqual([fields, options]);
    });
  }

  it('rejects a duplicate name, whatever its case (409)', async () => {
    expect((await gw.rest('POST', BASE, { type: 'text', name: 'Order Number' })).status).toBe(200);
    const count = await fieldCount();
    const res = await gw.rest('POST', BASE, { type: 'text', name: 'order number' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/"Order Number" already exists/);
    expect(await fieldCount()).toBe(count);
  });

  it('only admins write fields; agents read them; 404 for an unknown id, 400 for a malformed one', async () => {
    expect((await gw.rest('POST', BASE, { type: 'text', name: 'Nope' }, agent.auth)).status).toBe(403);
    expect((await gw.rest('GET', BASE, undefined, null)).status).toBe(401);
    expect((await gw.rest('GET', `${BASE}/00000000-0000-4000-8000-999999999999`)).status).toBe(404);
    expect((await gw.rest('GET', `${BASE}/not-a-uuid`)).status).toBe(400);
    expect((await gw.rest('DELETE', `${BASE}/00000000-0000-4000-8000-999999999999`)).status).toBe(404);
  });
});

describe('values follow their field', () => {
  async function conversationWithValue(fieldId: string, value: string) {
    const [{ id }] = await gw.sql(`INSERT INTO "Conversation"(guid, subject, channel) VALUES (gen_random_uuid(), 'c', 'email') RETURNING id`);
    await gw.sql(`INSERT INTO "ConversationFieldValue"("conversationId", "fieldId", value) VALUES ($1, $2, $3)`, [id, fieldId, value]);
    return id as number;
  }

  it('renaming keeps the values; deleting removes them', async () => {
    const field = (await gw.rest('POST', BASE, { type: 'text', name: 'Ticket ref' })).body;
    const conversationId = await conversationWithValue(field.id, 'R-1');
    const renamed = await gw.rest('PUT', `${BASE}/${field.id}`, { name: 'Ticket reference' });
    expect(renamed.body.name).toBe('Ticket reference');
    expect(await gw.sql(`SELECT value FROM "ConversationFieldValue" WHERE "conversationId" = $1`, [conversationId])).toEqual([{ value: 'R-1' }]);
    expect((await gw.rest('DELETE', `${BASE}/${field.id}`)).status).toBe(204);
    expect(await gw.sql(`SELECT value FROM "ConversationFieldValue" WHERE "conversationId" = $1`, [conversationId])).toEqual([]);
    expect((await gw.rest('GET', `${BASE}/${field.id}`)).status).toBe(404);
  });

  it('refuses to change the type of a field that has values (409)', async () => {
    const field = (await gw.rest('POST', BASE, { type: 'text', name: 'Serial' })).body;
    await conversationWithValue(field.id, 'abc');
    const res = await gw.rest('PUT', `${BASE}/${field.id}`, { type: 'integer' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/1 conversation/);
    expect(await gw.sql(`SELECT type FROM "Field" WHERE id = $1`, [field.id])).toEqual([{ type: 'text' }]);
  });

  it('refuses to delete a field a filter uses (409 naming the filter)', async () => {
    const field = (await gw.rest('POST', BASE, { type: 'text', name: 'Region' })).body;
    const filter = await gw.rest('POST', '/api/v3/anytime/filters', { name: 'EU', conditions: [{ fieldId: field.id, matchType: 'is', value: 'EU' }] });
    expect(filter.status).toBe(200);
    const res = await gw.rest('DELETE', `${BASE}/${field.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/"EU"/);
    expect(await gw.sql(`SELECT name FROM "Field" WHERE id = $1`, [field.id])).toEqual([{ name: 'Region' }]);
  });
});

describe('options a filter uses', () => {
  it('cannot be removed (409 naming the filter); others can', async () => {
    const field = (await gw.rest('POST', BASE, { type: 'radio', name: 'Plan', options: [{ value: 'free' }, { value: 'pro' }, { value: 'team' }] })).body;
    await gw.rest('POST', '/api/v3/anytime/filters', { name: 'Pro customers', conditions: [{ fieldId: field.id, matchType: 'is', value: 'pro' }] });
    const res = await gw.rest('PUT', `${BASE}/${field.id}`, { options: [{ value: 'free' }, { value: 'team' }] });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/Option "pro" of field "Plan" is used by the filter "Pro customers"/);
    expect((await gw.sql(`SELECT value FROM "FieldOption" WHERE "fieldId" = $1 ORDER BY "order"`, [field.id])).map((r) => r.value)).toEqual(['free', 'pro', 'team']);
    const ok = await gw.rest('PUT', `${BASE}/${field.id}`, { options: [{ value: 'pro' }, { value: 'enterprise' }] });
    expect(ok.status).toBe(200);
    expect(ok.body.options.map((o: any) => o.value)).toEqual(['pro', 'enterprise']);
  });
});

describe('reads cost a constant number of SQL statements', () => {
  it('GET fields costs the same with 3 or 13 more custom fields', async () => {
    const measure = () => gw.countSql(() => gw.rest('GET', BASE, undefined, agent.auth));
    for (let i = 0; i < 3; i++) await gw.rest('POST', BASE, { type: 'dropdownList', name: `Few ${i}`, options: [{ value: 'a' }, { value: 'b' }] });
    const few = await measure();
    for (let i = 0; i < 10; i++) await gw.rest('POST', BASE, { type: 'checkboxList', name: `Many ${i}`, options: [{ value: 'a' }] });
    expect(await measure()).toBe(few);
    expect(few).toBeLessThanOrEqual(4);
  });
});

describe('PUT fields/mapping', () => {
  it('sets and clears chat and offline message mappings (204)', async () => {
    const a = (await gw.rest('POST', BASE, { type: 'text', name: 'Company' })).body;
    const b = (await gw.rest('POST', BASE, { type: 'email', name: 'Work email' })).body;
    const res = await gw.rest('PUT', `${BASE}/mapping`, {
      fieldMappings: [
        { fieldId: a.id, chatFieldMapping: 'chat-company', offlineMessageFieldMapping: 'offline-company' },
        { fieldId: b.id, chatFieldMapping: 'chat-email' },
      ],
    });
    expect(res.status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/${a.id}`)).body).toMatchObject({ chatFieldMapping: 'chat-company', offlineMessageFieldMapping: 'offline-company' });
    expect((await gw.rest('GET', `${BASE}/${b.id}`)).body).toMatchObject({ chatFieldMapping: 'chat-email', offlineMessageFieldMapping: null });
    expect((await gw.rest('PUT', `${BASE}/mapping`, { fieldMappings: [{ fieldId: a.id, chatFieldMapping: null }] })).status).toBe(204);
    expect((await gw.rest('GET', `${BASE}/${a.id}`)).body).toMatchObject({ chatFieldMapping: null, offlineMessageFieldMapping: 'offline-company' });
  });

  it('rejects an unknown field, a chat field mapped twice, and a missing list; nothing changes', async () => {
    const a = (await gw.rest('POST', BASE, { type: 'text', name: 'Mapped A' })).body;
    const b = (await gw.rest('POST', BASE, { type: 'text', name: 'Mapped B' })).body;
    await gw.rest('PUT', `${BASE}/mapping`, { fieldMappings: [{ fieldId: a.id, chatFieldMapping: 'chat-a' }] });
    const unknown = await gw.rest('PUT', `${BASE}/mapping`, { fieldMappings: [{ fieldId: b.id, chatFieldMapping: 'chat-b' }, { fieldId: '00000000-0000-4000-8000-999999999999', chatFieldMapping: 'x' }] });
    expect(unknown.status).toBe(404);
    const twice = await gw.rest('PUT', `${BASE}/mapping`, { fieldMappings: [{ fieldId: b.id, chatFieldMapping: 'chat-a' }] });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toMatch(/"chat-a" is mapped to more than one field/);
    expect((await gw.rest('PUT', `${BASE}/mapping`, {})).status).toBe(400);
    expect((await gw.rest('PUT', `${BASE}/mapping`, { fieldMappings: [] })).status).toBe(400);
    expect(await gw.sql(`SELECT "chatFieldMapping" FROM "Field" WHERE id = ANY($1) ORDER BY name`, [[a.id, b.id]])).toEqual([
      { chatFieldMapping: 'chat-a' },
      { chatFieldMapping: null },
    ]);
  });
});
