/** Runs a condition set both ways (compiled SQL and in memory) over the conversations in the database. */
import { expect } from 'vitest';
import { Prisma } from '../../src/generated/prisma/client.js';
import {
  conditionSetToSql, evaluateConditionSet, loadConditionSubjects, resolveConditionSet, type RawConditionSet, type ResolvedConditionSet,
} from '../../src/engine/conditions/index.js';
import type { TestGateway } from '../helpers/gateway.js';

export async function sqlMatches(gw: TestGateway, set: ResolvedConditionSet): Promise<number[]> {
  const rows = await gw.gateway.db.prisma.$queryRaw<{ id: number }[]>(
    Prisma.sql`SELECT c.id FROM "Conversation" c WHERE ${conditionSetToSql(set)} ORDER BY c.id`,
  );
  return rows.map((r) => r.id);
}

export async function memoryMatches(gw: TestGateway, set: ResolvedConditionSet, ids?: number[]): Promise<number[]> {
  const all = ids ?? (await gw.sql(`SELECT id FROM "Conversation" ORDER BY id`)).map((r) => r.id as number);
  const subjects = await loadConditionSubjects(gw.gateway.db.prisma, all);
  return all.filter((id) => evaluateConditionSet(set, subjects.get(id)!));
}

/** The ids matching `raw`, asserting that SQL and memory agree. */
export async function matching(gw: TestGateway, raw: RawConditionSet): Promise<number[]> {
  const set = await resolveConditionSet(gw.gateway.db.prisma, raw);
  const [sql, memory] = [await sqlMatches(gw, set), await memoryMatches(gw, set)];
  expect(memory, 'in-memory evaluation agrees with SQL').toEqual(sql);
  return sql;
}

/** The message of the 400 that resolving `raw` throws. */
export async function rejection(gw: TestGateway, raw: RawConditionSet): Promise<string> {
  try {
    await resolveConditionSet(gw.gateway.db.prisma, raw);
  } catch (error) {
    expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
    return (error as Error).message;
  }
  throw new Error('expected the condition set to be rejected');
}
