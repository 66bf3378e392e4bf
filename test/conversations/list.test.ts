/** The conversation list: paging, links, keywords (full-text), time window and zone, sorting, tags, filters, conditions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import pg from 'pg';
import { keywordsSql } from '../../src/modules/conversations/list.js';
import { BASE, submit } from './helpers.js';

let gw: TestGateway;
let agent: { id: number; auth: string };
let tagId: number;
const ids: number[] = [];

beforeAll(async () => {
  gw = await startTestGateway();
  agent = await gw.createAgent({ name: 'Bob' });
  [{ id: tagId }] = (await gw.sql(`INSERT INTO "Tag"(name) VALUES ('billing') RETURNING id`)) as [{ id: number }];
  // 55 conversations: more than one page.
  for (let i = 0; i < 55; i += 1) {
    const created = await submit(gw, {
      subject: i === 3 ? 'Invoice question' : `Ticket ${i}`,
      text: i === 7 ? 'my parcel never arrived' : `body ${i}`,
      extra: {
        priority: ['urgent', 'high', 'normal', 'low'][i % 4],
        status: i % 5 === 0 ? 'closed' : 'new',
        ...(i % 2 === 0 ? { assignedAgentId: agent.id } : {}),
        ...(i < 3 ? { tagIds: [tagId] } : {}),
      },
    });
    ids.push(created.id);
  }
  // Spread lastRepliedTime: conversation i was last replied i hours ago.
  await gw.sql(`UPDATE "Conversation" SET "lastRepliedTime" = now() - (($1::int[])[1] - id) * interval '0 hour' - (array_position($1::int[], id) - 1) * interval '1 hour'`, [ids]);
});
afterAll(() => gw?.stop());

describe('paging', () => {
  it('returns at most 50 per page with total and links that reproduce the query', async () => {
    const first = await gw.rest('GET', `${BASE}/conversations?sortBy=lastReplyTime&sortOrder=descending`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(55);
    expect(first.body.conversations).toHaveLength(50);
    expect(first.body.previousPage).toBeNull();
    expect(first.body.currentPage).toBe('/api/v3/anytime/conversations?sortBy=lastReplyTime&sortOrder=descending&pageIndex=1');
    expect(first.body.nextPage).toBe('/api/v3/anytime/conversations?sortBy=lastReplyTime&sortOrder=descending&pageIndex=2');
    // Newest reply first.
    expect(first.body.conversations[0].id).toBe(ids[0]);
    const second = await gw.rest('GET', first.body.nextPage);
    expect(second.body.conversations).toHaveLength(5);
    expect(second.body.nextPage).toBeNull();
    expect(second.body.previousPage).toContain('pageIndex=1');
    expect(second.body.conversations.at(-1).id).toBe(ids[54]);
    const all = [...first.body.conversations, ...second.body.conversations].map((c: any) => c.id);
    expect(new Set(all).size).toBe(55);
  });

  it('GraphQL offers the same list as a connection with page and first/after', async () => {
    const query = `query($page: Int, $first: Int, $after: String) {
      conversations(page: $page, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { databaseId } }
    }`;
    const page = await gw.gql(query, { page: 2, first: 20 });
    expect(page.errors).toBeUndefined();
    expect(page.data.conversations.totalCount).toBe(55);
    expect(page.data.conversations.nodes.map((n: any) => n.databaseId)).toEqual(ids.slice(20, 40));
    const next = await gw.gql(query, { first: 10, after: page.data.conversations.pageInfo.endCursor });
    expect(next.data.conversations.nodes.map((n: any) => n.databaseId)).toEqual(ids.slice(40, 50));
    const tooMany = await gw.gql(query, { first: 51 });
    expect(tooMany.errors?.[0]?.message).toMatch(/first/);
  });
});

describe('filtering', () => {
  it('keywords search subject and message text by full text', async () => {
    const bySubject = await gw.rest('GET', `${BASE}/conversations?keywords=invoice`);
    expect(bySubject.body.conversations.map((c: any) => c.id)).toEqual([ids[3]]);
    const byText = await gw.rest('GET', `${BASE}/conversations?keywords=parcel%20arrived`);
    expect(byText.body.conversations.map((c: any) => c.id)).toEqual([ids[7]]);
    expect((await gw.rest('GET', `${BASE}/conversations?keywords=nothingmatches`)).body.total).toBe(0);
  });

  it('uses the GIN indexes for keywords (no ILIKE scan)', async () => {
    // The same predicate the list sends (keywordsSql), planned with sequential scans discouraged.
    const client = new pg.Client({ connectionString: gw.databaseUrl });
    await client.connect();
    let text: string;
    try {
      await client.query('SET enable_seqscan = off');
      const where = keywordsSql('invoice');
      const plan = await client.query(`EXPLAIN SELECT c.id FROM "Conversation" c WHERE ${where.text}`, where.values);
      text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await client.end();
    }
    expect(text).toContain('Conversation_subject_fts_idx');
    expect(text).toContain('Message_plainText_fts_idx');
  });

  it('timeFrom/timeTo filter lastRepliedTime (default: the last 30 days) with timeZoneOffset', async () => {
    await gw.sql(`UPDATE "Conversation" SET "lastRepliedTime" = now() - interval '40 days' WHERE id = $1`, [ids[54]]);
    expect((await gw.rest('GET', `${BASE}/conversations`)).body.total).toBe(54);
    const old = await gw.rest('GET', `${BASE}/conversations?timeFrom=${encodeURIComponent(new Date(Date.now() - 50 * 86400000).toISOString())}`);
    expect(old.body.total).toBe(55);
    // A window of exactly one conversation, given in UTC+5:30 local time without an offset.
    const [row] = await gw.sql(`SELECT "lastRepliedTime" AS t FROM "Conversation" WHERE id = $1`, [ids[10]]);
    const t = new Date(row.t);
    const local = (d: Date) => new Date(d.getTime() + 5.5 * 3600000).toISOString().replace('Z', '');
    const from = local(new Date(t.getTime() - 60000));
    const to = local(new Date(t.getTime() + 60000));
    const zoned = await gw.rest('GET', `${BASE}/conversations?timeFrom=${from}&timeTo=${to}&timeZoneOffset=5.5`);
    expect(zoned.body.conversations.map((c: any) => c.id)).toEqual([ids[10]]);
    // The same local times read as UTC miss it.
    expect((await gw.rest('GET', `${BASE}/conversations?timeFrom=${from}&timeTo=${to}`)).body.total).toBe(0);
    expect((await gw.rest('GET', `${BASE}/conversations?timeFrom=yesterday`)).status).toBe(400);
    expect((await gw.rest('GET', `${BASE}/conversations?timeZoneOffset=99`)).status).toBe(400);
    await gw.sql(`UPDATE "Conversation" SET "lastRepliedTime" = now() - interval '54 hours' WHERE id = $1`, [ids[54]]);
  });

  it('tagId, built-in views and conditions', async () => {
    const tagged = await gw.rest('GET', `${BASE}/conversations?tagId=${tagId}`);
    expect(tagged.body.conversations.map((c: any) => c.id).sort()).toEqual(ids.slice(0, 3).sort());
    const mine = await gw.rest('GET', `${BASE}/conversations?filterId=mine`, undefined, agent.auth);
    expect(mine.body.total).toBe(28);
    const unassigned = await gw.rest('GET', `${BASE}/conversations?filterId=unassigned`);
    expect(unassigned.body.total).toBe(27);
    expect((await gw.rest('GET', `${BASE}/conversations?filterId=all`)).body.total).toBe(55);
    expect((await gw.rest('GET', `${BASE}/conversations?filterId=mentions`)).body.total).toBe(0);
    expect((await gw.rest('GET', `${BASE}/conversations?filterId=nope`)).status).toBe(404);

    const closed = await gw.rest('GET', `${BASE}/conversations?conditions[0][field]=status&conditions[0][matchType]=is&conditions[0][value]=closed`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.total).toBe(11);
    const both = await gw.rest(
      'GET',
      `${BASE}/conversations?conditions[0][field]=status&conditions[0][matchType]=is&conditions[0][value]=closed&conditions[1][field]=subject&conditions[1][matchType]=contains&conditions[1][value]=Ticket%201`,
    );
    expect(both.status).toBe(200);
    expect(both.body.conversations.map((c: any) => c.subject).sort()).toEqual(['Ticket 10', 'Ticket 15']);
    expect((await gw.rest('GET', `${BASE}/conversations?conditions[0][field]=status&conditions[0][value]=x`)).status).toBe(400);
    expect((await gw.rest('GET', `${BASE}/conversations?conditions[0][field]=nosuchfield&conditions[0][matchType]=is&conditions[0][value]=x`)).status).toBe(400);
  });
});

describe('stored filters', () => {
  it('filterId of a stored filter works in the list and in unreadCount; a private one only for its owner', async () => {
    const created = await gw.rest(
      'POST',
      `${BASE}/filters`,
      { name: 'Closed ones', isPrivate: true, conditions: [{ fieldId: 'status', matchType: 'is', value: 'closed' }] },
      agent.auth,
    );
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    const listed = await gw.rest('GET', `${BASE}/conversations?filterId=${created.body.id}`, undefined, agent.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(11);
    expect(listed.body.conversations.every((c: any) => c.status === 'closed')).toBe(true);
    const counts = await gw.rest('GET', `${BASE}/conversations/unreadCount?filterIds=${created.body.id}`, undefined, agent.auth);
    expect(counts.body.filters).toEqual([{ filterId: created.body.id, unreadCount: 11, unreadMentionedCount: 0 }]);
    // Another agent's private filter looks unknown.
    expect((await gw.rest('GET', `${BASE}/conversations?filterId=${created.body.id}`)).status).toBe(404);
  });
});

describe('sorting', () => {
  const order = async (sortBy: string, sortOrder: string) =>
    (await gw.rest('GET', `${BASE}/conversations?sortBy=${sortBy}&sortOrder=${sortOrder}`)).body.conversations as any[];

  it('by priority, status, last activity and SLA breach, both directions', async () => {
    const rank = { urgent: 4, high: 3, normal: 2, low: 1 } as Record<string, number>;
    const byPriority = await order('priority', 'descending');
    expect(byPriority.map((c) => rank[c.priority])).toEqual([...byPriority.map((c) => rank[c.priority])].sort((a, b) => (b ?? 0) - (a ?? 0)));
    expect(byPriority[0].priority).toBe('urgent');
    expect((await order('priority', 'ascending'))[0].priority).toBe('low');
    expect((await order('status', 'ascending'))[0].status).toBe('new');
    expect((await order('status', 'descending'))[0].status).toBe('closed');
    await gw.sql(`UPDATE "Conversation" SET "lastActivityTime" = now() + interval '1 hour' WHERE id = $1`, [ids[30]]);
    expect((await order('lastActivityTime', 'descending'))[0].id).toBe(ids[30]);
    await gw.sql(`UPDATE "Conversation" SET "nextRespondBreachAt" = now() + interval '5 minutes' WHERE id = $1`, [ids[40]]);
    await gw.sql(`UPDATE "Conversation" SET "nextRespondBreachAt" = now() + interval '50 minutes' WHERE id = $1`, [ids[41]]);
    const sla = await order('nextSLABreach', 'ascending');
    expect(sla.slice(0, 2).map((c) => c.id)).toEqual([ids[40], ids[41]]);
    expect((await order('lastReplyTime', 'ascending'))[0].id).toBe(ids[54]);
  });

  it('refuses unknown sort values with 400 naming the parameter', async () => {
    const bad = await gw.rest('GET', `${BASE}/conversations?sortBy=size`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/sortBy/);
    const badOrder = await gw.rest('GET', `${BASE}/conversations?sortOrder=up`);
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.message).toMatch(/sortOrder/);
    expect((await gw.rest('GET', `${BASE}/conversations?pageIndex=0`)).status).toBe(400);
  });

  it('GraphQL takes the typed filter and sort', async () => {
    const result = await gw.gql(
      `query($filter: ConversationFilterInput) { conversations(filter: $filter, sortBy: priority, sortOrder: ascending, first: 5) { totalCount nodes { databaseId priority } } }`,
      { filter: { tagId: String(tagId), conditions: [{ field: 'status', matchType: 'isNot', value: 'closed' }] } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.conversations.totalCount).toBe(2);
    expect(result.data.conversations.nodes.map((n: any) => n.priority)).toEqual(['normal', 'high']);
  });
});
