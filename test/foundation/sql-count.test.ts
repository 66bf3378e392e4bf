/** Nested reads go through DataLoader: the statement count must not grow with the page size. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
  // 60 agents, each in two of three departments, with an API key row each.
  await gw.sql(`INSERT INTO "Department"(name) VALUES ('A'), ('B'), ('C')`);
  await gw.sql(`INSERT INTO "Agent"(name, email) SELECT 'Agent ' || i, 'agent' || i || '@x.y' FROM generate_series(1, 60) i`);
  await gw.sql(`INSERT INTO "AgentDepartment"("agentId", "departmentId")
                SELECT a.id, d.id FROM "Agent" a JOIN "Department" d ON d.name <> 'C' OR a.id % 2 = 0 WHERE a.email LIKE 'agent%'`);
  await gw.sql(`INSERT INTO "ApiKey"("agentId", prefix, "secretHash") SELECT id, 'atk_x', 'x' FROM "Agent"`);
});
afterAll(() => gw?.stop());

const query = `query($first: Int) {
  agents(first: $first) { totalCount nodes { databaseId name departments { name } apiKeys { prefix } } }
}`;

describe('SQL statements per nested list query', () => {
  it('is the same for 10 and 50 agents with departments and keys', async () => {
    let small: any;
    let large: any;
    const coldCount = await gw.countSql(() => gw.gql(query, { first: 50 }));
    const smallCount = await gw.countSql(async () => {
      small = await gw.gql(query, { first: 10 });
    });
    const largeCount = await gw.countSql(async () => {
      large = await gw.gql(query, { first: 50 });
    });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(small.data.agents.nodes).toHaveLength(10);
    expect(large.data.agents.nodes).toHaveLength(50);
    expect(large.data.agents.nodes[1].departments.length).toBeGreaterThan(0);
    expect(largeCount).toBe(smallCount);
    // Cold: authentication, then total + page (one statement), then departments + api keys (one).
    expect(coldCount).toBe(3);
    // The credential is remembered (src/db/invalidation.ts).
    expect(largeCount).toBe(2);
  });

  it('REST lists cost the same constant', async () => {
    const first = await gw.countSql(() => gw.rest('GET', '/api/v3/agents?pageIndex=2'));
    const second = await gw.countSql(() => gw.rest('GET', '/api/v3/agents?pageIndex=1'));
    expect(first).toBe(second);
  });
});
