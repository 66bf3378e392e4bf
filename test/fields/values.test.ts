/**
 * Custom field values on conversations (create and update through the documented REST URLs):
 * validated against their field's type, length and options; required fields; defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const BASE = '/api/v3/anytime';
let gw: TestGateway;
const ids: Record<string, string> = {};
let agentId: number;
let departmentId: number;

async function field(body: Record<string, unknown>) {
  const res = await gw.rest('POST', `${BASE}/fields`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id as string;
}

const options = [{ value: 'red' }, { value: 'green' }, { value: 'blue' }];

beforeAll(async () => {
  gw = await startTestGateway();
  agentId = (await gw.createAgent()).id;
  departmentId = (await gw.sql(`INSERT INTO "Department"(name) VALUES ('Billing') RETURNING id`))[0].id;
  ids.text = await field({ type: 'text', name: 'Text', length: 5 });
  ids.textarea = await field({ type: 'textarea', name: 'Notes' });
  ids.email = await field({ type: 'email', name: 'Email' });
  ids.url = await field({ type: 'url', name: 'Url' });
  ids.link = await field({ type: 'link', name: 'Link' });
  ids.date = await field({ type: 'date', name: 'Due' });
  ids.integer = await field({ type: 'integer', name: 'Count' });
  ids.float = await field({ type: 'float', name: 'Amount' });
  ids.operator = await field({ type: 'operator', name: 'Owner' });
  ids.department = await field({ type: 'department', name: 'Team' });
  ids.radio = await field({ type: 'radio', name: 'Radio', options });
  ids.checkbox = await field({ type: 'checkbox', name: 'Flag' });
  ids.dropdownList = await field({ type: 'dropdownList', name: 'Drop', options });
  ids.checkboxList = await field({ type: 'checkboxList', name: 'Colours', options });
});
afterAll(() => gw?.stop());

function create(customFields: unknown) {
  return gw.rest('POST', `${BASE}/conversations`, {
    subject: 'Values',
    channel: 'email',
    customFields,
    message: { type: 'note', text: { format: 'plaintext', content: 'hi' } },
  });
}

const count = async () => Number((await gw.sql(`SELECT count(*) AS n FROM "Conversation"`))[0].n);
const valuesOf = async (conversationId: number) =>
  Object.fromEntries((await gw.sql(`SELECT "fieldId", value FROM "ConversationFieldValue" WHERE "conversationId" = $1`, [conversationId])).map((r) => [r.fieldId, r.value]));

describe('valid values of every type are stored in their normal form', () => {
  it('on create, by id or by name; customFields come back as {id, name, value}', async () => {
    const res = await create([
      { id: ids.text, value: ' abc ' },
      { name: 'notes', value: '  line 1\nline 2' },
      { id: ids.email, value: 'a@b.co' },
      { id: ids.url, value: 'https://example.com/a?b=c' },
      { id: ids.link, value: 'http://example.com' },
      { id: ids.date, value: '2026-11-25T10:00:00+01:00' },
      { id: ids.integer, value: '-042' },
      { id: ids.float, value: 3.25 },
      { id: ids.operator, value: String(agentId) },
      { id: ids.department, value: departmentId },
      { id: ids.radio, value: 'green' },
      { id: ids.checkbox, value: true },
      { id: ids.dropdownList, value: 'blue' },
      { id: ids.checkboxList, value: 'blue, red,blue' },
    ]);
    expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
    expect(await valuesOf(res.body.id)).toEqual({
      [ids.text!]: 'abc',
      [ids.textarea!]: '  line 1\nline 2',
      [ids.email!]: 'a@b.co',
      [ids.url!]: 'https://example.com/a?b=c',
      [ids.link!]: 'http://example.com',
      [ids.date!]: '2026-11-25T09:00:00.000Z',
      [ids.integer!]: '-42',
      [ids.float!]: '3.25',
      [ids.operator!]: String(agentId),
      [ids.department!]: String(departmentId),
      [ids.radio!]: 'green',
      [ids.checkbox!]: 'true',
      [ids.dropdownList!]: 'blue',
      [ids.checkboxList!]: 'red,blue',
    });
    expect(res.body.customFields).toContainEqual({ id: ids.date, name: 'Due', value: '2026-11-25T09:00:00.000Z' });
    expect(res.body.customFields).toHaveLength(14);
  });

  it('a date without a time stays a day', async () => {
    const res = await create([{ id: ids.date, value: '2026-02-28' }]);
    expect(await valuesOf(res.body.id)).toEqual({ [ids.date!]: '2026-02-28' });
  });

  it('update changes, clears ("" or null) and keeps values', async () => {
    const created = await create([{ id: ids.text, value: 'one' }, { id: ids.integer, value: '1' }, { id: ids.radio, value: 'red' }]);
    const id = created.body.id;
    const res = await gw.rest('PUT', `${BASE}/conversations/${id}`, { customFields: [{ id: ids.text, value: 'two' }, { id: ids.integer, value: '' }, { name: 'Radio', value: null }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await valuesOf(id)).toEqual({ [ids.text!]: 'two' });
    expect(res.body.customFields).toEqual([{ id: ids.text, name: 'Text', value: 'two' }]);
  });
});

describe('bad values: 400 naming the field, nothing written', () => {
  const bad: [string, () => unknown[], RegExp][] = [
    ['text over its length', () => [{ id: ids.text, value: 'abcdef' }], /customFields\[0\]\.value must be at most 5 characters for field "Text"/],
    ['an email that is not one', () => [{ id: ids.email, value: 'nope' }], /must be an email address for field "Email"/],
    ['a url that is not one', () => [{ id: ids.url, value: 'example.com' }], /must be an http\(s\) URL for field "Url"/],
    ['a link that is not a url', () => [{ id: ids.link, value: 'javascript:alert(1)' }], /http\(s\) URL for field "Link"/],
    ['an invalid date', () => [{ id: ids.date, value: '2026-02-30' }], /ISO-8601 date or date-time for field "Due"/],
    ['a date in another format', () => [{ id: ids.date, value: '25/11/2026' }], /ISO-8601/],
    ['a non-integer', () => [{ id: ids.integer, value: '1.5' }], /must be an integer for field "Count"/],
    ['a non-number', () => [{ id: ids.float, value: '1e5' }], /decimal number .* for field "Amount"/],
    ['an agent id that is not one', () => [{ id: ids.operator, value: 'bob' }], /must be an agent id for field "Owner"/],
    ['a radio value outside the options', () => [{ id: ids.radio, value: 'pink' }], /must be one of red, green, blue for field "Radio"/],
    ['a dropdown value outside the options', () => [{ id: ids.dropdownList, value: 'Red' }], /must be one of red, green, blue for field "Drop"/],
    ['a checkboxList value outside the options', () => [{ id: ids.checkboxList, value: 'red,pink' }], /"pink"/],
    ['a checkbox that is not a boolean', () => [{ id: ids.checkbox, value: 'maybe' }], /must be true or false for field "Flag"/],
    ['an unknown field', () => [{ id: '00000000-0000-4000-8000-999999999999', value: 'x' }], /customFields\[0\]\.id refers to an unknown custom field/],
    ['an unknown field name', () => [{ name: 'Nope', value: 'x' }], /unknown custom field "Nope"/],
    ['a system field', () => [{ name: 'subject', value: 'x' }], /"Subject" is a system field/],
    ['the same field twice', () => [{ id: ids.text, value: 'a' }, { name: 'text', value: 'b' }], /customFields\[1\]\.id gives field "Text" a second time/],
    ['an item without id or name', () => [{ value: 'x' }], /customFields\[0\]\.id is required/],
    ['an object as value', () => [{ id: ids.text, value: { a: 1 } }], /invalid value|must be a string/],
  ];
  for (const [what, items, message] of bad) {
    it(`rejects ${what}`, async () => {
      const before = await count();
      const res = await create(items());
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(await count()).toBe(before);
    });
  }

  it('404 for an agent or department that does not exist', async () => {
    const before = await count();
    expect((await create([{ id: ids.operator, value: '99999' }])).status).toBe(404);
    expect((await create([{ id: ids.department, value: '99999' }])).status).toBe(404);
    expect(await count()).toBe(before);
  });

  it('a bad value on update leaves every value as it was', async () => {
    const created = await create([{ id: ids.text, value: 'keep' }]);
    const res = await gw.rest('PUT', `${BASE}/conversations/${created.body.id}`, { subject: 'Changed', customFields: [{ id: ids.text, value: 'new' }, { id: ids.integer, value: 'x' }] });
    expect(res.status).toBe(400);
    expect(await valuesOf(created.body.id)).toEqual({ [ids.text!]: 'keep' });
    expect(await gw.sql(`SELECT subject FROM "Conversation" WHERE id = $1`, [created.body.id])).toEqual([{ subject: 'Values' }]);
  });
});

describe('required fields and defaults', () => {
  it('applies defaults on create, requires required fields, and refuses to clear them', async () => {
    const priority = await field({ type: 'dropdownList', name: 'Tier', options: [{ value: 'gold' }, { value: 'silver' }], defaultValue: 'silver' });
    const created = await create([]);
    expect([200, 201]).toContain(created.status);
    expect(await valuesOf(created.body.id)).toEqual({ [priority]: 'silver' });

    const required = await field({ type: 'text', name: 'Case number', isRequired: true });
    const before = await count();
    const missing = await create([]);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/required field "Case number"/);
    const empty = await create([{ id: required, value: '  ' }]);
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/customFields\[0\]\.value is required for field "Case number"/);
    expect(await count()).toBe(before);

    const ok = await create([{ id: required, value: 'C-1' }, { id: priority, value: 'gold' }]);
    expect([200, 201]).toContain(ok.status);
    expect(await valuesOf(ok.body.id)).toEqual({ [priority]: 'gold', [required]: 'C-1' });
    // Updates need not repeat required fields, but may not clear them.
    expect((await gw.rest('PUT', `${BASE}/conversations/${ok.body.id}`, { subject: 'Still fine' })).status).toBe(200);
    const cleared = await gw.rest('PUT', `${BASE}/conversations/${ok.body.id}`, { customFields: [{ id: required, value: '' }] });
    expect(cleared.status).toBe(400);
    expect(await valuesOf(ok.body.id)).toEqual({ [priority]: 'gold', [required]: 'C-1' });
    await gw.rest('DELETE', `${BASE}/fields/${required}`);
    await gw.rest('DELETE', `${BASE}/fields/${priority}`);
  });
});

describe('portal submit', () => {
  it('validates and stores custom field values like the console does', async () => {
    const contactId = (await gw.sql(`INSERT INTO "Contact"(name) VALUES ('Pat') RETURNING id`))[0].id;
    const submit = (customFields: unknown[]) =>
      gw.rest('POST', `${BASE}/portalConversations`, { subject: 'From the portal', contactId, customFields, message: { text: { format: 'plaintext', content: 'Hello' } } });
    const before = await count();
    const bad = await submit([{ id: ids.integer, value: 'many' }]);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/customFields\[0\]\.value must be an integer for field "Count"/);
    expect(await count()).toBe(before);
    const ok = await submit([{ name: 'Count', value: '3' }, { id: ids.checkboxList, value: 'green' }]);
    expect([200, 201], JSON.stringify(ok.body)).toContain(ok.status);
    expect(await valuesOf(ok.body.id)).toEqual({ [ids.integer!]: '3', [ids.checkboxList!]: 'green' });
  });
});
