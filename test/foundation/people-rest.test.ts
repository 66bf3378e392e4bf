import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

describe('contacts over REST', () => {
  it('creates, reads, searches, updates and deletes a contact', async () => {
    const created = await gw.rest('POST', '/api/v3/contacts', {
      name: 'Ada Lovelace',
      alias: 'ada',
      company: 'Analytical',
      identities: [{ type: 'email', value: 'Ada@Example.com' }, { type: 'externalId', value: 'crm-1' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ada Lovelace', alias: 'ada', company: 'Analytical' });
    expect(created.body.identities).toEqual([
      { id: expect.any(Number), type: 'email', value: 'ada@example.com' },
      { id: expect.any(Number), type: 'externalId', value: 'crm-1' },
    ]);
    const id = created.body.id;

    const got = await gw.rest('GET', `/api/v3/contacts/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(id);

    const byIdentity = await gw.rest('GET', '/api/v3/contacts?keywords=crm-1');
    expect(byIdentity.body.total).toBe(1);
    expect(byIdentity.body.contacts[0].id).toBe(id);
    const none = await gw.rest('GET', '/api/v3/contacts?keywords=nobody');
    expect(none.body).toMatchObject({ total: 0, contacts: [], previousPage: null, nextPage: null });

    const updated = await gw.rest('PUT', `/api/v3/contacts/${id}`, { title: 'Countess' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Ada Lovelace', title: 'Countess' });

    expect((await gw.rest('DELETE', `/api/v3/contacts/${id}`)).status).toBe(204);
    expect((await gw.rest('GET', `/api/v3/contacts/${id}`)).status).toBe(404);
  });
});

describe('agents and departments lists over REST', () => {
  it('answer page links like every paged list (50 per page, null past either end)', async () => {
    await gw.sql(`INSERT INTO "Department" (name) SELECT 'Dept ' || n FROM generate_series(1, 51) AS n`);
    const [{ agents }] = await gw.sql(`SELECT count(*)::int AS agents FROM "Agent"`);
    const departments = await gw.rest('GET', '/api/v3/departments?pageIndex=2');
    expect(departments.status).toBe(200);
    const [{ total }] = await gw.sql(`SELECT count(*)::int AS total FROM "Department"`);
    expect(departments.body).toMatchObject({
      total,
      previousPage: '/api/v3/departments?pageIndex=1',
      currentPage: '/api/v3/departments?pageIndex=2',
      nextPage: null,
    });
    expect(departments.body.departments).toHaveLength(total - 50);
    const first = await gw.rest('GET', '/api/v3/departments');
    expect(first.body).toMatchObject({ previousPage: null, currentPage: '/api/v3/departments?pageIndex=1', nextPage: '/api/v3/departments?pageIndex=2' });

    const agentList = await gw.rest('GET', '/api/v3/agents');
    expect(agentList.status).toBe(200);
    expect(agentList.body).toMatchObject({ total: agents, previousPage: null, currentPage: '/api/v3/agents?pageIndex=1', nextPage: null });
  });

  it('following nextPage from the first page visits every agent and department once, and back again with previousPage', async () => {
    await gw.sql(`INSERT INTO "Agent" (name, email) SELECT 'Paged ' || n, 'paged' || n || '@test.local' FROM generate_series(1, 101) AS n`);
    for (const [path, key, table] of [
      ['/api/v3/agents', 'agents', 'Agent'],
      ['/api/v3/departments', 'departments', 'Department'],
    ] as const) {
      const [{ total }] = await gw.sql(`SELECT count(*)::int AS total FROM "${table}"`);
      const seen: number[] = [];
      const pages: any[] = [];
      for (let link: string | null = path; link !== null; ) {
        const page: { status: number; body: any } = await gw.rest('GET', link);
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        expect(page.body.total).toBe(total);
        expect(page.body.currentPage).toBe(`${path}?pageIndex=${pages.length + 1}`);
        seen.push(...page.body[key].map((item: { id: number }) => item.id));
        pages.push(page.body);
        link = page.body.nextPage;
      }
      expect(pages).toHaveLength(Math.ceil(total / 50));
      expect(new Set(seen).size).toBe(total);
      expect(seen).toHaveLength(total);
      // previousPage walks back to the first page, whose previousPage is null.
      const back: string[] = [];
      for (let link: string | null = pages.at(-1).currentPage; link !== null; ) {
        back.push(link);
        link = (await gw.rest('GET', link)).body.previousPage;
      }
      expect(back).toEqual(pages.map((page) => page.currentPage).reverse());
      // Past the end: an empty page that links back to the last one.
      const past = await gw.rest('GET', `${path}?pageIndex=${pages.length + 2}`);
      expect(past.body).toMatchObject({ [key]: [], nextPage: null, previousPage: `${path}?pageIndex=${pages.length}` });
      // A bad pageIndex is a 400 naming it.
      const bad = await gw.rest('GET', `${path}?pageIndex=0`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/pageIndex/);
    }
  });
});
