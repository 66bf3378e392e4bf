/**
 * The one condition engine (filters, triggers, SLA policies, routing rules, the conversation list).
 * A condition is (field, matchType, value); a set combines them with all / any / a logical
 * expression such as "(1 and 2) or 3" over the 1-based condition numbers.
 *
 *  - resolveConditionSet(db, raw): validates fields (system or custom, by id, system key or name),
 *    match types against field types, values and the expression; throws 400 naming the problem.
 *  - conditionSetToSql(set): a Prisma.Sql boolean expression over the conversation table aliased "c".
 *  - evaluateConditionSet(set, conversation): the same predicate in memory (a property test proves
 *    the two agree: test/conditions/agreement.test.ts).
 *
 * Semantics, the same on both sides:
 *  - text: contains/notContains are case-insensitive substring tests; is/isNot are exact.
 *  - numbers compare numerically; dates compare as instants (UTC). A date given without a time
 *    means that whole UTC day: `is` = within the day, `before` = before it starts, `after` = after it ends.
 *    isMoreThan/isLessThan on a date mean after/before.
 *  - a custom field without a value: is/contains/isMoreThan/... are false, isNot/notContains are true.
 *    `is ""` tests "has no value" (ids: "none", e.g. unassigned), `isNot ""` "has a value".
 *  - checkbox: no value counts as unchecked (false).
 *  - checkboxList: contains/notContains test one option; is/isNot compare the whole selection.
 *  - tags: contains/is "has the tag id", notContains/isNot "does not have it".
 *  - an empty set matches every conversation.
 *
 * Automation conditions (routing rules, triggers; `automation: true` when resolving) may also test
 * the event being handled, through the automation-only system fields (system-fields.ts): the
 * message's type, text and sender type (`subject.message`), the fields the event changed
 * (`changedFields contains status`) and a status's previous value (`previousStatus`), both from
 * `subject.changes` (conversation.updated's `changes: { field: [from, to] }`). "Status changed to
 * closed" is `changedFields contains status` and `status is closed`. Without a message, or when the
 * field did not change, such a condition is false for is/contains and true for isNot/notContains
 * (like a custom field without a value). The list and filters refuse them (400): they have no SQL form.
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { DomainEvent } from '../events.js';
import { invalidField } from '../../graphql/errors.js';
import { parseExpression, type Expr } from './expression.js';
import { systemFieldByKey, type SystemField } from './system-fields.js';
import {
  kindOfType, LIST_SEPARATOR, NUMBER_PATTERN, INTEGER_PATTERN, parseCheckbox, parseIsoDate, splitList, SQL_DAY_PATTERN,
  SQL_INSTANT_PATTERN, SQL_NUMBER_PATTERN, storedDateInstant, type FieldKind,
} from './values.js';

export { SYSTEM_FIELDS, systemFieldByKey } from './system-fields.js';
import { CHANGEABLE_FIELDS } from './system-fields.js';
export type { Expr } from './expression.js';

export const MATCH_TYPES = ['contains', 'notContains', 'is', 'isNot', 'isMoreThan', 'isLessThan', 'before', 'after'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

export const WHEN_MODES = ['all', 'any', 'logicalExpression'] as const;
export type WhenMode = (typeof WHEN_MODES)[number];

/** Which match types each kind of field takes. */
export const MATCH_TYPES_BY_KIND: Record<FieldKind, readonly MatchType[]> = {
  string: ['contains', 'notContains', 'is', 'isNot'],
  number: ['is', 'isNot', 'isMoreThan', 'isLessThan'],
  date: ['is', 'isNot', 'before', 'after', 'isMoreThan', 'isLessThan'],
  option: ['is', 'isNot'],
  multiOption: ['contains', 'notContains', 'is', 'isNot'],
  checkbox: ['is', 'isNot'],
  agent: ['is', 'isNot'],
  department: ['is', 'isNot'],
  contact: ['is', 'isNot'],
  tags: ['contains', 'notContains', 'is', 'isNot'],
  changes: ['contains', 'notContains'],
};

export interface RawCondition {
  /** A field id, or (list query syntax) a field name or system key. */
  fieldId: string;
  matchType: string;
  value: string;
}

export interface RawConditionSet {
  when?: 'all' | 'any' | 'logicalExpression' | null;
  logicalExpression?: string | null;
  /** The spelling routing rules, triggers and SLA policies use in the spec. */
  logicExpression?: string | null;
  conditions: RawCondition[];
}

/**
 * The spec's `Conditions` object of routing rules, triggers and SLA policies
 * (`{ when, logicExpression, list: [{ id, type, fieldId, matchType, value }] }`) as a raw set.
 * 400 if it is not an object with a list.
 */
export function rawConditionSetOf(conditions: unknown, path = 'conditions'): RawConditionSet {
  if (conditions === null || conditions === undefined) return { when: 'all', conditions: [] };
  if (typeof conditions !== 'object' || Array.isArray(conditions)) throw invalidField(path, 'must be an object with when, logicExpression and list');
  const object = conditions as Record<string, unknown>;
  const list = object.list ?? object.conditions ?? [];
  if (!Array.isArray(list)) throw invalidField(`${path}.list`, 'must be a list of conditions');
  return {
    when: (object.when ?? 'all') as RawConditionSet['when'],
    logicalExpression: (object.logicalExpression ?? object.logicExpression ?? null) as string | null,
    conditions: list.map((item) => {
      const c = (item ?? {}) as Record<string, unknown>;
      const value = c.value;
      return {
        fieldId: c.fieldId as string,
        matchType: c.matchType as string,
        value: typeof value === 'number' || typeof value === 'boolean' ? String(value) : (value as string),
      };
    }),
  };
}

/** The parsed value a condition compares with. */
export type Operand =
  | { t: 'empty' }
  | { t: 'text'; text: string }
  | { t: 'number'; n: number; text: string }
  | { t: 'date'; at: Date; dayStart: Date; dayEnd: Date; dateOnly: boolean }
  | { t: 'id'; id: number };

export interface ResolvedCondition {
  /** 1-based position, as the logical expression numbers it. */
  index: number;
  fieldId: string;
  fieldName: string;
  /** Set for system fields. */
  systemKey: string | null;
  fieldType: string;
  kind: FieldKind;
  matchType: MatchType;
  value: string;
  operand: Operand;
}

export interface ResolvedConditionSet {
  when: WhenMode;
  logicalExpression: string | null;
  conditions: ResolvedCondition[];
  /** The combination, ready to compile or evaluate (null for an empty set: matches everything). */
  expression: Expr | null;
}

type Db = Pick<PrismaClient, 'field'> | Prisma.TransactionClient;

export interface ResolveOptions {
  /** How error messages name the condition list (default `conditions`). */
  path?: string;
  /** Fields already loaded with `loadConditionFields` (resolving many sets costs one query then). */
  fields?: readonly FieldRow[];
  /**
   * Conditions of an automation rule (routing rule, trigger), evaluated in memory against an event:
   * the automation-only fields (message, changes) are allowed. Otherwise they are a 400.
   */
  automation?: boolean;
}

export const MAX_CONDITIONS = 50;
const MAX_VALUE_LENGTH = 1000;

export interface FieldRow {
  id: string;
  name: string;
  type: string;
  systemKey: string | null;
  options: { value: string; order: number }[];
}

/** Every field with its option values: what resolving a condition set reads. */
export function loadConditionFields(db: Db): Promise<FieldRow[]> {
  return db.field.findMany({
    select: { id: true, name: true, type: true, systemKey: true, options: { select: { value: true, order: true }, orderBy: { order: 'asc' } } },
  });
}

/** Finds a field by id (uuid), system key, or name (case-insensitive). */
function findField(fields: readonly FieldRow[], key: string): FieldRow | undefined {
  const trimmed = key.trim();
  const lower = trimmed.toLowerCase();
  return (
    fields.find((f) => f.id === lower) ??
    fields.find((f) => f.systemKey === trimmed) ??
    fields.find((f) => f.name.toLowerCase() === lower) ??
    fields.find((f) => f.systemKey?.toLowerCase() === lower)
  );
}

function parseOperand(field: FieldRow, system: SystemField | undefined, kind: FieldKind, matchType: MatchType, value: string, where: string): Operand {
  const label = `field "${field.name}" (${field.type})`;
  const emptyAllowed = (matchType === 'is' || matchType === 'isNot') && kind !== 'checkbox' && !(system && kind === 'date' && !system.nullable);
  if (value.trim() === '' && kind !== 'string' && !(system && kind === 'option')) {
    if (emptyAllowed) return { t: 'empty' };
    throw invalidField(where, `is required for ${matchType} on ${label}`);
  }
  switch (kind) {
    case 'string':
      if (value === '' && !system && (matchType === 'is' || matchType === 'isNot')) return { t: 'empty' };
      return { t: 'text', text: value };
    case 'number': {
      const text = value.trim();
      const integer = field.type === 'integer';
      if (!(integer ? INTEGER_PATTERN : NUMBER_PATTERN).test(text)) {
        throw invalidField(where, `must be ${integer ? 'an integer' : 'a number'} for ${label}, got ${JSON.stringify(value)}`);
      }
      return { t: 'number', n: Number(text), text };
    }
    case 'date': {
      const parsed = parseIsoDate(value);
      if (!parsed) throw invalidField(where, `must be an ISO-8601 date or date-time for ${label}, got ${JSON.stringify(value)}`);
      const dayStart = new Date(`${parsed.at.toISOString().slice(0, 10)}T00:00:00Z`);
      return { t: 'date', at: parsed.at, dayStart, dayEnd: new Date(dayStart.getTime() + 86_400_000), dateOnly: parsed.dateOnly };
    }
    case 'option': {
      const options = system?.options ?? field.options.map((o) => o.value);
      if (value === '' && system) throw invalidField(where, `is required for ${label}`);
      if (!options.includes(value)) throw invalidField(where, `must be one of ${options.join(', ')} for ${label}, got ${JSON.stringify(value)}`);
      return { t: 'text', text: value };
    }
    case 'multiOption': {
      const options = system?.options ?? field.options.map((o) => o.value);
      const items = splitList(value);
      const unknown = items.find((item) => !options.includes(item));
      if (unknown !== undefined) throw invalidField(where, `must be one of ${options.join(', ')} for ${label}, got ${JSON.stringify(unknown)}`);
      if (matchType === 'contains' || matchType === 'notContains') {
        if (items.length !== 1) throw invalidField(where, `must be exactly one option for ${matchType} on ${label}`);
        return { t: 'text', text: items[0]! };
      }
      // is / isNot compare the whole selection, normalised to option order.
      const sorted = [...new Set(items)].sort((a, b) => options.indexOf(a) - options.indexOf(b));
      return { t: 'text', text: sorted.join(LIST_SEPARATOR) };
    }
    case 'checkbox': {
      const parsed = parseCheckbox(value);
      if (!parsed) throw invalidField(where, `must be true or false for ${label}, got ${JSON.stringify(value)}`);
      return { t: 'text', text: parsed };
    }
    case 'changes': {
      // A conversation field whose changes events report, named by key, id or name.
      const lower = value.trim().toLowerCase();
      const named = CHANGEABLE_FIELDS.map((key) => systemFieldByKey.get(key)!).find((f) => f.key.toLowerCase() === lower || f.id === lower || f.name.toLowerCase() === lower);
      if (!named) throw invalidField(where, `must be one of ${CHANGEABLE_FIELDS.join(', ')} for ${label}, got ${JSON.stringify(value)}`);
      return { t: 'text', text: named.column! };
    }
    case 'agent':
    case 'department':
    case 'contact':
    case 'tags': {
      const text = value.trim();
      if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 2147483647) {
        throw invalidField(where, `must be ${kind === 'tags' ? 'a tag' : `an ${kind === 'agent' ? 'agent' : kind}`} id for ${label}, got ${JSON.stringify(value)}`);
      }
      return system ? { t: 'id', id: Number(text) } : { t: 'text', text: String(Number(text)) };
    }
  }
}

/**
 * Validates a raw condition set against the fields that exist (one query) and returns it ready
 * to compile or evaluate. Every problem is a 400 naming the condition and what is wrong.
 */
export async function resolveConditionSet(db: Db, raw: RawConditionSet, options: ResolveOptions = {}): Promise<ResolvedConditionSet> {
  const path = options.path ?? 'conditions';
  const when = (raw.when ?? 'all') as WhenMode;
  if (!WHEN_MODES.includes(when)) throw invalidField('when', `must be one of ${WHEN_MODES.join(', ')}, got ${JSON.stringify(raw.when)}`);
  const list = raw.conditions ?? [];
  if (!Array.isArray(list)) throw invalidField(path, 'must be a list of conditions');
  if (list.length > MAX_CONDITIONS) throw invalidField(path, `must have at most ${MAX_CONDITIONS} conditions`);
  const fields: readonly FieldRow[] = list.length ? options.fields ?? (await loadConditionFields(db)) : [];

  const conditions = list.map((condition, i): ResolvedCondition => {
    const at = `${path}[${i}]`;
    if (condition === null || typeof condition !== 'object') throw invalidField(at, 'must be a condition object');
    const key = condition.fieldId;
    if (typeof key !== 'string' || key.trim() === '') throw invalidField(`${at}.fieldId`, 'is required');
    const field = findField(fields, key);
    if (!field) throw invalidField(`${at}.fieldId`, `refers to an unknown field ${JSON.stringify(key)}`);
    const system = field.systemKey ? systemFieldByKey.get(field.systemKey) : undefined;
    if (system?.source && !options.automation) {
      throw invalidField(`${at}.fieldId`, `refers to "${field.name}", a field of the event an automation rule handles: only routing rules and triggers can test it`);
    }
    const kind = system?.kind ?? kindOfType(field.type);
    const matchType = condition.matchType as MatchType;
    if (!MATCH_TYPES.includes(matchType)) {
      throw invalidField(`${at}.matchType`, `must be one of ${MATCH_TYPES.join(', ')}, got ${JSON.stringify(condition.matchType)}`);
    }
    const allowed = MATCH_TYPES_BY_KIND[kind];
    if (!allowed.includes(matchType)) {
      throw invalidField(`${at}.matchType`, `${matchType} does not apply to field "${field.name}" (${field.type}); use one of ${allowed.join(', ')}`);
    }
    const value = condition.value === undefined || condition.value === null ? '' : condition.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw invalidField(`${at}.value`, 'must be a string');
    const text = String(value);
    if (text.length > MAX_VALUE_LENGTH) throw invalidField(`${at}.value`, `must be at most ${MAX_VALUE_LENGTH} characters`);
    return {
      index: i + 1,
      fieldId: field.id,
      fieldName: field.name,
      systemKey: field.systemKey,
      fieldType: field.type,
      kind,
      matchType,
      value: text,
      operand: parseOperand(field, system, kind, matchType, text, `${at}.value`),
    };
  });

  const rawExpression = raw.logicalExpression ?? raw.logicExpression ?? null;
  let expression: Expr | null;
  if (when === 'logicalExpression') {
    expression = parseExpression(rawExpression ?? '', conditions.length, raw.logicalExpression != null ? 'logicalExpression' : raw.logicExpression != null ? 'logicExpression' : 'logicalExpression');
  } else if (conditions.length === 0) {
    expression = null;
  } else {
    const refs: Expr[] = conditions.map((c) => ({ op: 'ref', n: c.index }));
    expression = refs.length === 1 ? refs[0]! : { op: when === 'all' ? 'and' : 'or', args: refs };
  }
  return { when, logicalExpression: when === 'logicalExpression' ? rawExpression!.trim() : null, conditions, expression };
}

// ─── SQL ───────────────────────────────────────────────────────────────────

const col = (name: string) => Prisma.raw(`c."${name}"`);
/** A "timestamp(3)" (UTC, no zone) literal, independent of the session time zone. */
const ts = (date: Date) => Prisma.sql`${date.toISOString().replace('T', ' ').replace('Z', '')}::timestamp(3)`;
const tstz = (date: Date) => Prisma.sql`${date.toISOString()}::timestamptz`;

/** The date predicate on an instant expression `at` (null-safe: null is never in range). */
function dateSql(at: Prisma.Sql, matchType: MatchType, op: Extract<Operand, { t: 'date' }>, lit: (d: Date) => Prisma.Sql): Prisma.Sql {
  switch (matchType) {
    case 'is':
    case 'isNot':
      return Prisma.sql`(${at} >= ${lit(op.dayStart)} AND ${at} < ${lit(op.dayEnd)})`;
    case 'before':
    case 'isLessThan':
      return Prisma.sql`${at} < ${lit(op.dateOnly ? op.dayStart : op.at)}`;
    default:
      return op.dateOnly ? Prisma.sql`${at} >= ${lit(op.dayEnd)}` : Prisma.sql`${at} > ${lit(op.at)}`;
  }
}

const NEGATIVE: ReadonlySet<MatchType> = new Set(['isNot', 'notContains']);

function systemConditionSql(condition: ResolvedCondition, system: SystemField): Prisma.Sql {
  const { matchType, operand } = condition;
  const negative = NEGATIVE.has(matchType);
  switch (system.kind) {
    case 'string': {
      const text = (operand as { text: string }).text;
      const column = col(system.column!);
      if (matchType === 'contains') return Prisma.sql`strpos(lower(${column}), lower(${text})) > 0`;
      if (matchType === 'notContains') return Prisma.sql`strpos(lower(${column}), lower(${text})) = 0`;
      return matchType === 'is' ? Prisma.sql`${column} = ${text}` : Prisma.sql`${column} <> ${text}`;
    }
    case 'option': {
      const text = (operand as { text: string }).text;
      const value = Prisma.sql`CAST(${text} AS ${Prisma.raw(`"${system.enumType}"`)})`;
      return matchType === 'is' ? Prisma.sql`${col(system.column!)} = ${value}` : Prisma.sql`${col(system.column!)} <> ${value}`;
    }
    case 'agent':
    case 'department':
    case 'contact': {
      const column = col(system.column!);
      if (operand.t === 'empty') return negative ? Prisma.sql`${column} IS NOT NULL` : Prisma.sql`${column} IS NULL`;
      const id = (operand as { id: number }).id;
      return negative ? Prisma.sql`${column} IS DISTINCT FROM ${id}` : Prisma.sql`${column} = ${id}`;
    }
    case 'tags': {
      const has =
        operand.t === 'empty'
          ? Prisma.sql`EXISTS (SELECT 1 FROM "ConversationTag" ctg WHERE ctg."conversationId" = c."id")`
          : Prisma.sql`EXISTS (SELECT 1 FROM "ConversationTag" ctg WHERE ctg."conversationId" = c."id" AND ctg."tagId" = ${(operand as { id: number }).id})`;
      // `is ""` means "no tags"; otherwise is/contains mean "has the tag".
      const wantsPresence = operand.t === 'empty' ? negative : !negative;
      return wantsPresence ? has : Prisma.sql`NOT ${has}`;
    }
    case 'date': {
      if (operand.t === 'empty') return negative ? Prisma.sql`${col(system.column!)} IS NOT NULL` : Prisma.sql`${col(system.column!)} IS NULL`;
      const inner = dateSql(col(system.column!), matchType, operand as Extract<Operand, { t: 'date' }>, ts);
      // isNot: outside that day, which a null instant (no clock) is too.
      return matchType === 'isNot' ? Prisma.sql`NOT coalesce(${inner}, false)` : inner;
    }
    case 'multiOption': {
      // A text[] column kept in the options' order (slaBreached), so "is" compares it as stored.
      const column = col(system.column!);
      if (operand.t === 'empty') return negative ? Prisma.sql`cardinality(${column}) > 0` : Prisma.sql`cardinality(${column}) = 0`;
      const text = (operand as { text: string }).text;
      if (matchType === 'contains' || matchType === 'notContains') {
        return negative ? Prisma.sql`NOT (${text} = ANY (${column}))` : Prisma.sql`${text} = ANY (${column})`;
      }
      const whole = Prisma.sql`array_to_string(${column}, ${LIST_SEPARATOR}) = ${text}`;
      return negative ? Prisma.sql`NOT (${whole})` : whole;
    }
    default:
      throw new Error(`system field ${system.key} has no SQL form`);
  }
}

/** Exact equality on a stored value, through the ("fieldId", left("value", 200)) index. */
const valueEquals = (value: Prisma.Sql, text: string) => Prisma.sql`left(${value}, 200) = left(${text}, 200) AND ${value} = ${text}`;

function customConditionSql(condition: ResolvedCondition): Prisma.Sql {
  const { matchType, operand, kind } = condition;
  const value = Prisma.raw('cfv."value"');
  const exists = (predicate: Prisma.Sql | null) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "ConversationFieldValue" cfv WHERE cfv."conversationId" = c."id" AND cfv."fieldId" = ${condition.fieldId}::uuid${
      predicate ? Prisma.sql` AND ${predicate}` : Prisma.empty
    })`;
  if (operand.t === 'empty') return matchType === 'isNot' ? exists(null) : Prisma.sql`NOT ${exists(null)}`;

  let positive: Prisma.Sql;
  const negate = NEGATIVE.has(matchType);
  switch (kind) {
    case 'number': {
      const n = Prisma.sql`${(operand as { text: string }).text}::numeric`;
      const number = Prisma.sql`(CASE WHEN ${value} ~ ${SQL_NUMBER_PATTERN} THEN ${value}::numeric END)`;
      const op = matchType === 'isMoreThan' ? '>' : matchType === 'isLessThan' ? '<' : '=';
      positive = Prisma.sql`${number} ${Prisma.raw(op)} ${n}`;
      break;
    }
    case 'date': {
      const instant = Prisma.sql`(CASE WHEN ${value} ~ ${SQL_DAY_PATTERN} THEN (${value} || 'T00:00:00Z')::timestamptz WHEN ${value} ~ ${SQL_INSTANT_PATTERN} THEN ${value}::timestamptz END)`;
      positive = dateSql(instant, matchType, operand as Extract<Operand, { t: 'date' }>, tstz);
      break;
    }
    case 'checkbox': {
      // No value is unchecked: "is false" and "isNot true" both mean "not checked".
      const wantsTrue = ((operand as { text: string }).text === 'true') === (matchType === 'is');
      const checked = exists(valueEquals(value, 'true'));
      return wantsTrue ? checked : Prisma.sql`NOT ${checked}`;
    }
    case 'multiOption': {
      const text = (operand as { text: string }).text;
      positive =
        matchType === 'contains' || matchType === 'notContains'
          ? Prisma.sql`${text} = ANY (string_to_array(${value}, ${LIST_SEPARATOR}))`
          : valueEquals(value, text);
      break;
    }
    default: {
      const text = (operand as { text: string }).text;
      positive =
        matchType === 'contains' || matchType === 'notContains' ? Prisma.sql`strpos(lower(${value}), lower(${text})) > 0` : valueEquals(value, text);
    }
  }
  return negate ? Prisma.sql`NOT ${exists(positive)}` : exists(positive);
}

export function conditionToSql(condition: ResolvedCondition): Prisma.Sql {
  const system = condition.systemKey ? systemFieldByKey.get(condition.systemKey) : undefined;
  if (system?.source) throw new Error(`the automation-only field ${system.key} has no SQL form (resolve without automation: true)`);
  return system ? systemConditionSql(condition, system) : customConditionSql(condition);
}

/** A boolean SQL expression over the conversation table aliased "c". */
export function conditionSetToSql(set: ResolvedConditionSet): Prisma.Sql {
  if (!set.expression) return Prisma.sql`TRUE`;
  const compile = (expr: Expr): Prisma.Sql => {
    if (expr.op === 'ref') return Prisma.sql`(${conditionToSql(set.conditions[expr.n - 1]!)})`;
    return Prisma.sql`(${Prisma.join(expr.args.map(compile), expr.op === 'and' ? ' AND ' : ' OR ')})`;
  };
  return compile(set.expression);
}

// ─── In memory ─────────────────────────────────────────────────────────────

/** What evaluation needs to know about a conversation (see `loadConditionSubjects`). */
export interface ConditionSubject {
  id?: number;
  subject: string;
  status: string;
  priority: string;
  channel: string;
  assignedAgentId: number | null;
  assignedDepartmentId: number | null;
  contactId: number | null;
  tagIds: readonly number[];
  createdTime: Date;
  lastRepliedTime: Date;
  lastActivityTime: Date;
  lastStatusChangeTime: Date;
  /** SLA: the targets overdue now and the breach instants (absent where a caller has no SLA state yet: none). */
  slaBreached?: readonly string[];
  firstRespondBreachAt?: Date | null;
  nextRespondBreachAt?: Date | null;
  resolveBreachAt?: Date | null;
  /** Custom field values, as the spec's custom field value objects (`name` optional). */
  customFields: readonly { id: string; value: string }[];
  /** Automation only: the message the event is about (a new conversation's first message, a reply). */
  message?: ConditionMessage | null;
  /** Automation only: what the event changed, as conversation.updated's `changes` ({ column: [from, to] }). */
  changes?: Readonly<Record<string, readonly [unknown, unknown]>> | null;
}

/** The message fields automation conditions test. */
export interface ConditionMessage {
  type: string;
  /** Plain text (HTML stripped), as Message.plainText. */
  text: string;
  /** agent, contact or system. */
  senderType: string;
}

/** The value an automation-only field reads from the event, or undefined when it has none. */
function eventValue(system: SystemField, subject: ConditionSubject): unknown {
  if (system.source === 'message') return subject.message ? (subject.message as unknown as Record<string, unknown>)[system.column!] : undefined;
  const change = subject.changes && Object.prototype.hasOwnProperty.call(subject.changes, system.column!) ? subject.changes[system.column!] : undefined;
  return change ? change[0] : undefined;
}

/** A stored list in the options' order (as the SQL form compares it). */
const sortedByOptions = (values: readonly string[], options: readonly string[]) =>
  [...new Set(values)].sort((a, b) => options.indexOf(a) - options.indexOf(b));

function dateMatches(at: Date | null, matchType: MatchType, op: Extract<Operand, { t: 'date' }>): boolean {
  if (at === null) return false;
  const t = at.getTime();
  switch (matchType) {
    case 'is':
    case 'isNot':
      return t >= op.dayStart.getTime() && t < op.dayEnd.getTime();
    case 'before':
    case 'isLessThan':
      return t < (op.dateOnly ? op.dayStart : op.at).getTime();
    default:
      return op.dateOnly ? t >= op.dayEnd.getTime() : t > op.at.getTime();
  }
}

function evaluateSystem(condition: ResolvedCondition, system: SystemField, subject: ConditionSubject): boolean {
  const { matchType, operand } = condition;
  const negative = NEGATIVE.has(matchType);
  if (system.kind === 'changes') {
    const changed = !!subject.changes && Object.prototype.hasOwnProperty.call(subject.changes, (operand as { text: string }).text);
    return changed !== negative;
  }
  let columnValue: unknown;
  if (system.source) {
    columnValue = eventValue(system, subject);
    // No message, or the field did not change: like a custom field without a value.
    if (columnValue === undefined) return negative;
  } else columnValue = system.column ? (subject as unknown as Record<string, unknown>)[system.column] : null;
  switch (system.kind) {
    case 'string': {
      const actual = String(columnValue);
      const text = (operand as { text: string }).text;
      if (matchType === 'contains' || matchType === 'notContains') return actual.toLowerCase().includes(text.toLowerCase()) !== negative;
      return (actual === text) !== negative;
    }
    case 'option':
      return (String(columnValue) === (operand as { text: string }).text) !== negative;
    case 'agent':
    case 'department':
    case 'contact': {
      const actual = (columnValue as number | null) ?? null;
      if (operand.t === 'empty') return (actual === null) !== negative;
      return (actual === (operand as { id: number }).id) !== negative;
    }
    case 'tags': {
      if (operand.t === 'empty') return (subject.tagIds.length === 0) !== negative;
      return subject.tagIds.includes((operand as { id: number }).id) !== negative;
    }
    case 'date': {
      const at = (columnValue as Date | null | undefined) ?? null;
      if (operand.t === 'empty') return (at === null) !== negative;
      const inner = dateMatches(at, matchType, operand as Extract<Operand, { t: 'date' }>);
      return matchType === 'isNot' ? !inner : inner;
    }
    case 'multiOption': {
      const stored = system.options ? sortedByOptions((columnValue as readonly string[] | null | undefined) ?? [], system.options) : [];
      if (operand.t === 'empty') return (stored.length === 0) !== negative;
      const text = (operand as { text: string }).text;
      if (matchType === 'contains' || matchType === 'notContains') return stored.includes(text) !== negative;
      return (stored.join(LIST_SEPARATOR) === text) !== negative;
    }
    default:
      return false;
  }
}

function evaluateCustom(condition: ResolvedCondition, values: Map<string, string>): boolean {
  const { matchType, operand, kind } = condition;
  const actual = values.get(condition.fieldId);
  if (operand.t === 'empty') return (actual === undefined) === (matchType === 'is');
  const negative = NEGATIVE.has(matchType);
  let positive: boolean;
  switch (kind) {
    case 'number': {
      const n = actual !== undefined && NUMBER_PATTERN.test(actual) ? Number(actual) : null;
      const target = (operand as { n: number }).n;
      positive = n !== null && (matchType === 'isMoreThan' ? n > target : matchType === 'isLessThan' ? n < target : n === target);
      break;
    }
    case 'date':
      positive = dateMatches(actual === undefined ? null : storedDateInstant(actual), matchType, operand as Extract<Operand, { t: 'date' }>);
      break;
    case 'checkbox':
      return ((actual === 'true') === ((operand as { text: string }).text === 'true')) === (matchType === 'is');
    case 'multiOption': {
      const text = (operand as { text: string }).text;
      positive =
        actual !== undefined &&
        (matchType === 'contains' || matchType === 'notContains' ? actual.split(LIST_SEPARATOR).includes(text) : actual === text);
      break;
    }
    default: {
      const text = (operand as { text: string }).text;
      positive =
        actual !== undefined &&
        (matchType === 'contains' || matchType === 'notContains' ? actual.toLowerCase().includes(text.toLowerCase()) : actual === text);
    }
  }
  return positive !== negative;
}

/** Whether `conversation` matches the set: the in-memory twin of `conditionSetToSql`. */
export function evaluateConditionSet(set: ResolvedConditionSet, conversation: ConditionSubject): boolean {
  if (!set.expression) return true;
  const values = new Map(conversation.customFields.map((field) => [field.id, field.value]));
  const results = new Map<number, boolean>();
  const conditionResult = (n: number) => {
    let result = results.get(n);
    if (result === undefined) {
      const condition = set.conditions[n - 1]!;
      const system = condition.systemKey ? systemFieldByKey.get(condition.systemKey) : undefined;
      result = system ? evaluateSystem(condition, system, conversation) : evaluateCustom(condition, values);
      results.set(n, result);
    }
    return result;
  };
  const run = (expr: Expr): boolean => {
    if (expr.op === 'ref') return conditionResult(expr.n);
    return expr.op === 'and' ? expr.args.every(run) : expr.args.some(run);
  };
  return run(set.expression);
}

type ReadDb = Pick<PrismaClient, 'conversation'> | Prisma.TransactionClient;

/** Loads what `evaluateConditionSet` needs for these conversations (one statement), by id. */
export async function loadConditionSubjects(db: ReadDb, ids: readonly number[]): Promise<Map<number, ConditionSubject>> {
  const rows = await db.conversation.findMany({
    where: { id: { in: [...ids] } },
    select: {
      id: true, subject: true, status: true, priority: true, channel: true, assignedAgentId: true, assignedDepartmentId: true,
      contactId: true, createdTime: true, lastRepliedTime: true, lastActivityTime: true, lastStatusChangeTime: true,
      slaBreached: true, firstRespondBreachAt: true, nextRespondBreachAt: true, resolveBreachAt: true,
      tags: { select: { tagId: true } },
      fieldValues: { select: { fieldId: true, value: true } },
    },
  });
  return new Map(
    rows.map((row) => [
      row.id,
      {
        ...row,
        tagIds: row.tags.map((t) => t.tagId),
        customFields: row.fieldValues.map((v) => ({ id: v.fieldId, value: v.value })),
      },
    ]),
  );
}

type EventDb = Pick<PrismaClient, 'conversation' | 'message'> | Prisma.TransactionClient;

/** The `changes` an event reports, as conversation.updated's `{ column: [from, to] }` (null when it has none). */
export function changesOfEvent(event: DomainEvent): Record<string, [unknown, unknown]> | null {
  switch (event.type) {
    case 'conversation.updated':
      return event.payload.changes;
    case 'conversation.statusChanged':
      return { status: [event.payload.from, event.payload.to] };
    case 'conversation.assigneeChanged': {
      const { from, to } = event.payload;
      const changes: Record<string, [unknown, unknown]> = {};
      if (from.agentId !== to.agentId) changes.assignedAgentId = [from.agentId, to.agentId];
      if (from.departmentId !== to.departmentId) changes.assignedDepartmentId = [from.departmentId, to.departmentId];
      return changes;
    }
    default:
      return null;
  }
}

/**
 * What automation conditions test for a logged event (a consumer's view): the conversation as it
 * is now, plus the event's message (`message.added`; for `conversation.created` the first message)
 * or changes (`conversation.updated`, and the status / assignee changes of `conversation.statusChanged`
 * / `conversation.assigneeChanged`). null when the event is not about a conversation that still
 * exists. At most two statements, in parallel.
 */
export async function loadEventSubject(db: EventDb, event: DomainEvent): Promise<ConditionSubject | null> {
  if (event.conversationId === null) return null;
  const select = { type: true, plainText: true, senderType: true } as const;
  const [subjects, message] = await Promise.all([
    loadConditionSubjects(db, [event.conversationId]),
    event.type === 'message.added'
      ? db.message.findUnique({ where: { id: event.payload.messageId }, select })
      : event.type === 'conversation.created'
        ? db.message.findFirst({ where: { conversationId: event.conversationId }, orderBy: [{ time: 'asc' }, { id: 'asc' }], select })
        : null,
  ]);
  const subject = subjects.get(event.conversationId);
  if (!subject) return null;
  return {
    ...subject,
    message: message ? { type: message.type, text: message.plainText, senderType: message.senderType } : null,
    changes: changesOfEvent(event),
  };
}
