/**
 * The one condition engine (filters, triggers, SLA policies, routing rules, the conversation list).
 * A condition is (field, matchType, value); a set combines them with all / any / a logical
 * expression such as "(1 and 2) or 3" over the 1-based condition numbers.
 *
 * CONTRACT (being implemented under issue #4; the conversation list already calls it):
 *  - resolveConditionSet(db, raw): validates fields (system or custom, by id or name), match types
 *    against field types, values and the expression; throws AppError BAD_USER_INPUT naming the
 *    problem. Returns a ResolvedConditionSet.
 *  - conditionSetToSql(set): a Prisma.Sql boolean expression over the conversation table aliased "c".
 *  - evaluateConditionSet(set, conversation): the same predicate in memory.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';

export const MATCH_TYPES = ['contains', 'notContains', 'is', 'isNot', 'isMoreThan', 'isLessThan', 'before', 'after'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

export interface RawCondition {
  /** A field id, or (list query syntax) a field name. */
  fieldId: string;
  matchType: string;
  value: string;
}

export interface RawConditionSet {
  when?: 'all' | 'any' | 'logicalExpression' | null;
  logicalExpression?: string | null;
  conditions: RawCondition[];
}

export interface ResolvedConditionSet {
  when: 'all' | 'any' | 'logicalExpression';
  logicalExpression: string | null;
  conditions: unknown[];
}

type Db = Pick<PrismaClient, 'field'> | Prisma.TransactionClient;

export declare function resolveConditionSet(db: Db, raw: RawConditionSet): Promise<ResolvedConditionSet>;
export declare function conditionSetToSql(set: ResolvedConditionSet): Prisma.Sql;
