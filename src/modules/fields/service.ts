/**
 * Fields: the system fields (conversation properties, seeded, read-only but for help text and
 * mappings) and custom fields (admin-defined, values stored per conversation in
 * "ConversationFieldValue"). Also the one place custom field values are validated and written.
 */
import type { Field } from '../../generated/prisma/client.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { conditionUsersOfField, describeOwner, describeOwners, distinctOwners, fieldInUse } from '../../engine/conditions/store.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { SYSTEM_FIELDS } from '../../engine/conditions/system-fields.js';
import {
  emailPattern, FIELD_TYPES, INTEGER_PATTERN, isUrl, LENGTH_TYPES, LIST_SEPARATOR, NUMBER_PATTERN, OPTION_TYPES, parseCheckbox,
  parseIsoDate, splitList, storedDate, type FieldType,
} from '../../engine/conditions/values.js';
import { AppError, conflict, invalidField, notFound } from '../../graphql/errors.js';

/** The longest value any field takes (a field's `length` may lower it). */
export const MAX_VALUE_LENGTH = 10000;
const MAX_NAME_LENGTH = 100;
const MAX_OPTIONS = 500;

export interface FieldOptionInput {
  id?: string | null;
  name?: string | null;
  value?: string | null;
  order?: number | null;
}

export interface FieldInput {
  type?: string | null;
  name?: string | null;
  isSystemField?: boolean | null;
  isRequired?: boolean | null;
  defaultValue?: string | null;
  helpText?: string | null;
  length?: number | null;
  options?: readonly FieldOptionInput[] | null;
}

export interface FieldMappingInput {
  fieldId: string;
  chatFieldMapping?: string | null;
  offlineMessageFieldMapping?: string | null;
}

/** What value validation needs to know about a field. */
export interface FieldDefinition {
  id?: string;
  name: string;
  type: string;
  length: number | null;
  options: readonly { value: string }[];
}

// ─── Values ────────────────────────────────────────────────────────────────

/**
 * Checks `raw` against the field's type, length and options and returns the stored form
 * (dates normalised to UTC, checkboxes to true/false, checkbox lists to option order).
 * 400 naming `where` and the field otherwise. Agent/department existence is checked by the caller.
 */
export function normalizeFieldValue(field: FieldDefinition, raw: string, where: string): string {
  const label = `field "${field.name}" (${field.type})`;
  const max = Math.min(field.length ?? MAX_VALUE_LENGTH, MAX_VALUE_LENGTH);
  const bad = (problem: string) => invalidField(where, `${problem} for ${label}, got ${JSON.stringify(raw.length > 100 ? `${raw.slice(0, 100)}…` : raw)}`);
  const options = field.options.map((o) => o.value);
  switch (field.type as FieldType) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'url':
    case 'link': {
      const value = field.type === 'textarea' ? raw : raw.trim();
      if (value.length > max) throw invalidField(where, `must be at most ${max} characters for ${label}`);
      if (field.type === 'email' && !emailPattern.test(value)) throw bad('must be an email address');
      if ((field.type === 'url' || field.type === 'link') && !isUrl(value)) throw bad('must be an http(s) URL');
      return value;
    }
    case 'integer': {
      const value = raw.trim();
      if (!INTEGER_PATTERN.test(value) || value.length > 18) throw bad('must be an integer');
      return BigInt(value).toString();
    }
    case 'float': {
      const value = raw.trim();
      if (!NUMBER_PATTERN.test(value) || value.length > 40) throw bad('must be a decimal number (e.g. 12.5)');
      return value;
    }
    case 'date': {
      const parsed = parseIsoDate(raw);
      if (!parsed) throw bad('must be an ISO-8601 date or date-time');
      return storedDate(parsed);
    }
    case 'checkbox': {
      const value = parseCheckbox(raw);
      if (!value) throw bad('must be true or false');
      return value;
    }
    case 'radio':
    case 'dropdownList': {
      const value = raw.trim();
      if (!options.includes(value)) throw bad(`must be one of ${options.join(', ')}`);
      return value;
    }
    case 'checkboxList': {
      const items = splitList(raw);
      const unknown = items.find((item) => !options.includes(item));
      if (unknown !== undefined) throw invalidField(where, `must be options of ${label} (${options.join(', ')}) separated by "${LIST_SEPARATOR}", got ${JSON.stringify(unknown)}`);
      return [...new Set(items)].sort((a, b) => options.indexOf(a) - options.indexOf(b)).join(LIST_SEPARATOR);
    }
    case 'operator':
    case 'department': {
      const value = raw.trim();
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 2147483647) throw bad(`must be ${field.type === 'operator' ? 'an agent' : 'a department'} id`);
      return String(Number(value));
    }
    default:
      throw bad('has an unknown type');
  }
}

export interface CustomFieldValueInput {
  id?: string | null;
  name?: string | null;
  value?: unknown;
}

/** Agents and departments named by operator/department values must exist (404 otherwise). */
async function checkReferences(tx: Tx, refs: { type: string; value: string }[]) {
  const agentIds = [...new Set(refs.filter((r) => r.type === 'operator').map((r) => Number(r.value)))];
  const departmentIds = [...new Set(refs.filter((r) => r.type === 'department').map((r) => Number(r.value)))];
  if (agentIds.length) {
    const found = new Set((await tx.agent.findMany({ where: { id: { in: agentIds } }, select: { id: true } })).map((a) => a.id));
    const missing = agentIds.find((id) => !found.has(id));
    if (missing !== undefined) throw notFound('agent', missing);
  }
  if (departmentIds.length) {
    const found = new Set((await tx.department.findMany({ where: { id: { in: departmentIds } }, select: { id: true } })).map((d) => d.id));
    const missing = departmentIds.find((id) => !found.has(id));
    if (missing !== undefined) throw notFound('department', missing);
  }
}

/**
 * Validates custom field values of a conversation create / update / portal submit and writes
 * them, inside the caller's transaction. Fields are named by id or name; an empty or null value
 * clears the field. On create, defaults fill the fields not given and required fields must end
 * up with a value. 400 naming the field otherwise. Returns the ids of the fields that changed.
 */
export async function writeCustomFieldValues(
  tx: Tx,
  conversationId: number,
  input: readonly CustomFieldValueInput[] | null | undefined,
  options: { creating: boolean; path?: string },
): Promise<string[]> {
  const path = options.path ?? 'customFields';
  const items = input ?? [];
  if (!Array.isArray(items)) throw invalidField(path, 'must be a list of custom field values');
  if (!options.creating && items.length === 0) return [];
  const fields = await tx.field.findMany({
    where: { isSystemField: false },
    include: { options: { select: { value: true }, orderBy: { order: 'asc' } } },
  });
  const byId = new Map(fields.map((f) => [f.id, f]));
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));

  const wanted = new Map<string, string | null>(); // fieldId → stored value, null = clear
  items.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (item === null || typeof item !== 'object') throw invalidField(at, 'must be an object with id (or name) and value');
    const key = item.id ?? item.name;
    if (key === undefined || key === null || String(key).trim() === '') throw invalidField(`${at}.id`, 'is required (or give name)');
    const text = String(key).trim();
    const field = byId.get(text.toLowerCase()) ?? byName.get(text.toLowerCase());
    if (!field) {
      const system = SYSTEM_FIELDS.find((s) => s.id === text.toLowerCase() || s.key === text || s.name.toLowerCase() === text.toLowerCase());
      if (system) throw invalidField(`${at}.id`, `"${system.name}" is a system field: set it as a conversation property, not a custom field`);
      throw invalidField(`${at}.id`, `refers to an unknown custom field ${JSON.stringify(key)}`);
    }
    if (wanted.has(field.id)) throw invalidField(`${at}.id`, `gives field "${field.name}" a second time`);
    const raw = item.value;
    if (raw !== undefined && raw !== null && typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw invalidField(`${at}.value`, `must be a string for field "${field.name}"`);
    }
    const value = raw === undefined || raw === null || String(raw).trim() === '' ? null : normalizeFieldValue(field, String(raw), `${at}.value`);
    if (value === null && field.isRequired) throw invalidField(`${at}.value`, `is required for field "${field.name}"`);
    wanted.set(field.id, value);
  });

  if (options.creating) {
    for (const field of fields) {
      if (wanted.has(field.id)) continue;
      if (field.defaultValue !== null && field.defaultValue !== '') wanted.set(field.id, field.defaultValue);
      else if (field.isRequired) throw invalidField(path, `must give a value for the required field "${field.name}"`);
    }
  }
  await checkReferences(
    tx,
    [...wanted].filter(([, value]) => value !== null).map(([id, value]) => ({ type: byId.get(id)!.type, value: value! })),
  );

  const current = options.creating
    ? new Map<string, string>()
    : new Map((await tx.conversationFieldValue.findMany({ where: { conversationId, fieldId: { in: [...wanted.keys()] } } })).map((v) => [v.fieldId, v.value]));
  const changed = [...wanted].filter(([id, value]) => (current.get(id) ?? null) !== value).map(([id]) => id);
  if (changed.length === 0) return [];
  if (!options.creating) await tx.conversationFieldValue.deleteMany({ where: { conversationId, fieldId: { in: changed } } });
  const rows = changed.filter((id) => wanted.get(id) !== null).map((fieldId) => ({ conversationId, fieldId, value: wanted.get(fieldId)! }));
  if (rows.length) {
    await tx.conversationFieldValue.createMany({ data: rows }).catch((error: unknown) => {
      // A field deleted concurrently, between validation and this insert.
      if (isForeignKeyViolation(error)) throw invalidField(path, 'refer to a field that was just deleted');
      throw error;
    });
  }
  return changed;
}

// ─── Field definitions ─────────────────────────────────────────────────────

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw invalidField(field, 'must be a string');
  if (value.length > max) throw invalidField(field, `must be at most ${max} characters`);
  return value;
}

interface ValidOption {
  id?: string;
  name: string;
  value: string;
  order: number;
}

function validateOptions(type: string, options: readonly FieldOptionInput[]): ValidOption[] {
  if (options.length > MAX_OPTIONS) throw invalidField('options', `must have at most ${MAX_OPTIONS} options`);
  const seen = new Set<string>();
  return options.map((option, index) => {
    const at = `options[${index}]`;
    if (option === null || typeof option !== 'object') throw invalidField(at, 'must be an option object');
    const value = option.value === undefined || option.value === null ? '' : text(option.value, `${at}.value`, 200).trim();
    if (!value) throw invalidField(`${at}.value`, 'is required');
    if (type === 'checkboxList' && value.includes(LIST_SEPARATOR)) throw invalidField(`${at}.value`, `must not contain "${LIST_SEPARATOR}" in a checkboxList (it separates selected options)`);
    if (seen.has(value)) throw invalidField(`${at}.value`, `repeats the option value ${JSON.stringify(value)}`);
    seen.add(value);
    const name = option.name === undefined || option.name === null || option.name === '' ? value : text(option.name, `${at}.name`, 200).trim();
    const order = option.order ?? index;
    if (!Number.isInteger(order) || order < 0) throw invalidField(`${at}.order`, 'must be a non-negative integer');
    return { id: option.id ?? undefined, name, value, order };
  });
}

interface ValidDefinition {
  type: string;
  name: string;
  isRequired: boolean;
  defaultValue: string | null;
  helpText: string | null;
  length: number | null;
  options: ValidOption[] | null;
}

/** The definition after applying `input` over `existing` (create: over nothing), fully checked. */
function validateDefinition(input: FieldInput, existing: (Field & { options: ValidOption[] }) | null): ValidDefinition {
  const type = input.type ?? existing?.type;
  if (!type) throw invalidField('type', 'is required');
  if (!FIELD_TYPES.includes(type as FieldType)) throw invalidField('type', `must be one of ${FIELD_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  const name = input.name === undefined || input.name === null ? existing?.name ?? '' : text(input.name, 'name', MAX_NAME_LENGTH).trim();
  if (!name) throw invalidField('name', 'is required');
  const length = input.length === undefined ? existing?.length ?? null : input.length;
  if (length !== null) {
    if (!LENGTH_TYPES.includes(type as FieldType)) {
      if (input.length !== undefined) throw invalidField('length', `applies only to ${LENGTH_TYPES.join(', ')} fields, not ${type}`);
    } else if (!Number.isInteger(length) || length < 1 || length > MAX_VALUE_LENGTH) {
      throw invalidField('length', `must be an integer between 1 and ${MAX_VALUE_LENGTH}`);
    }
  }
  const isOptionType = OPTION_TYPES.includes(type as FieldType);
  let options: ValidOption[] | null = null;
  if (input.options !== undefined && input.options !== null) {
    if (!Array.isArray(input.options)) throw invalidField('options', 'must be a list');
    if (!isOptionType && input.options.length > 0) throw invalidField('options', `apply only to ${OPTION_TYPES.join(', ')} fields, not ${type}`);
    options = isOptionType ? validateOptions(type, input.options) : [];
  }
  const effectiveOptions = options ?? (isOptionType ? existing?.options ?? [] : []);
  if (isOptionType && effectiveOptions.length === 0) throw invalidField('options', `are required for a ${type} field`);
  if (!isOptionType && existing && input.type && existing.options.length) options = []; // a former option field drops its options
  const helpText = input.helpText === undefined ? existing?.helpText ?? null : input.helpText === null ? null : text(input.helpText, 'helpText', 1000);
  const isRequired = input.isRequired ?? existing?.isRequired ?? false;
  let defaultValue = input.defaultValue === undefined ? existing?.defaultValue ?? null : input.defaultValue;
  if (defaultValue !== null && defaultValue !== '') {
    defaultValue = normalizeFieldValue({ name, type, length: LENGTH_TYPES.includes(type as FieldType) ? length : null, options: effectiveOptions }, text(defaultValue, 'defaultValue', MAX_VALUE_LENGTH), 'defaultValue');
  } else defaultValue = null;
  return { type, name, isRequired, defaultValue, helpText, length: LENGTH_TYPES.includes(type as FieldType) ? length : null, options };
}

/** Names are unique regardless of case, and may not shadow a system field's key (conditions name fields). */
async function checkNameFree(tx: Tx, name: string, exceptId: string | null) {
  const clash = await tx.field.findFirst({
    where: { OR: [{ name: { equals: name, mode: 'insensitive' } }, { systemKey: { equals: name, mode: 'insensitive' } }], ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash) throw new AppError('CONFLICT', `A field named "${clash.name}" already exists`, [{ field: 'name', message: 'is already used by another field' }]);
}

async function replaceOptions(tx: Tx, fieldId: string, options: ValidOption[]) {
  const existingIds = new Set((await tx.fieldOption.findMany({ where: { fieldId }, select: { id: true } })).map((o) => o.id));
  const keep = options.filter((o) => o.id && existingIds.has(o.id.toLowerCase()));
  await tx.fieldOption.deleteMany({ where: { fieldId, id: { notIn: keep.map((o) => o.id!.toLowerCase()) } } });
  for (const option of keep) {
    await tx.fieldOption.update({ where: { id: option.id!.toLowerCase() }, data: { name: option.name, value: option.value, order: option.order } });
  }
  const fresh = options.filter((o) => !keep.includes(o));
  if (fresh.length) await tx.fieldOption.createMany({ data: fresh.map((o) => ({ fieldId, name: o.name, value: o.value, order: o.order })) });
}

/** Conditions must keep working: an option value a condition tests cannot be removed (409 naming its owners). */
async function checkOptionsStillUsed(tx: Tx, field: { name: string; id: string; type: string }, options: ValidOption[]) {
  const values = new Set(options.map((o) => o.value));
  const conditions = await conditionUsersOfField(tx, field.id);
  const missingOf = (value: string) => {
    const used = field.type === 'checkboxList' ? splitList(value) : value === '' ? [] : [value];
    return used.find((v) => !values.has(v));
  };
  const breaking = conditions.filter((condition) => missingOf(condition.value) !== undefined);
  if (breaking.length) {
    const owners = distinctOwners(breaking);
    const missing = missingOf(breaking[0]!.value)!;
    throw fieldInUse(
      `Option ${JSON.stringify(missing)} of field "${field.name}" is used by ${owners.length === 1 ? describeOwner(owners[0]!) : describeOwners(owners)}; change it first`,
      owners,
    );
  }
}

const rethrowNameClash = (error: unknown): never => {
  if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'A field with that name already exists', [{ field: 'name', message: 'is already used by another field' }]);
  throw error;
};

export async function createField(ctx: ServiceContext, input: FieldInput) {
  if (input.isSystemField) throw invalidField('isSystemField', 'cannot be true: system fields are built in');
  const definition = validateDefinition(input, null);
  return inTransaction(ctx, async (tx, emit) => {
    await checkNameFree(tx, definition.name, null);
    const last = await tx.field.aggregate({ _max: { orderIndex: true } });
    const { options, ...data } = definition;
    const field = await tx.field.create({ data: { ...data, isSystemField: false, orderIndex: (last._max.orderIndex ?? 0) + 1 } }).catch(rethrowNameClash);
    if (options?.length) await tx.fieldOption.createMany({ data: options.map((o) => ({ fieldId: field.id, name: o.name, value: o.value, order: o.order })) });
    emit({ type: 'field.created', payload: { fieldId: field.id } });
    return field;
  });
}

async function loadField(tx: Tx, id: string) {
  const field = await tx.field.findUnique({ where: { id }, include: { options: { orderBy: { order: 'asc' } } } });
  if (!field) throw notFound('field', id);
  return field;
}

/** What a system field lets you change: its help text (mappings go through PUT fields/mapping). */
function checkSystemFieldUpdate(field: Field & { options: { value: string }[] }, input: FieldInput) {
  const same: Record<string, boolean> = {
    type: input.type === undefined || input.type === null || input.type === field.type,
    name: input.name === undefined || input.name === null || input.name.trim() === field.name,
    isRequired: input.isRequired === undefined || input.isRequired === null || input.isRequired === field.isRequired,
    defaultValue: input.defaultValue === undefined || (input.defaultValue ?? null) === field.defaultValue,
    length: input.length === undefined || input.length === field.length,
    options:
      input.options === undefined || input.options === null ||
      (input.options.length === field.options.length && input.options.every((o, i) => o?.value === field.options[i]!.value)),
    isSystemField: input.isSystemField === undefined || input.isSystemField === null || input.isSystemField,
  };
  const changed = Object.keys(same).find((key) => !same[key]);
  if (changed) throw invalidField(changed, `cannot be changed on the system field "${field.name}" (only helpText can)`);
}

export async function updateField(ctx: ServiceContext, id: string, input: FieldInput) {
  return inTransaction(ctx, async (tx, emit) => {
    const existing = await loadField(tx, id);
    if (existing.isSystemField) {
      checkSystemFieldUpdate(existing, input);
      const helpText = input.helpText === undefined ? existing.helpText : input.helpText === null ? null : text(input.helpText, 'helpText', 1000);
      const field = await tx.field.update({ where: { id }, data: { helpText } });
      emit({ type: 'field.updated', payload: { fieldId: id } });
      return field;
    }
    if (input.isSystemField) throw invalidField('isSystemField', 'cannot be true: a custom field cannot become a system field');
    const definition = validateDefinition(input, existing);
    if (definition.name.toLowerCase() !== existing.name.toLowerCase()) await checkNameFree(tx, definition.name, id);
    if (definition.type !== existing.type) {
      const used = await tx.conversationFieldValue.count({ where: { fieldId: id } });
      if (used > 0) throw conflict(`Cannot change the type of field "${existing.name}": ${used} conversation(s) have a value for it (values would no longer fit the type)`);
      const users = await conditionUsersOfField(tx, id);
      if (users.length > 0) {
        const owners = distinctOwners(users);
        throw fieldInUse(`Cannot change the type of field "${existing.name}": ${describeOwners(owners)} use it in ${users.length} condition(s)`, owners);
      }
    }
    const { options, ...data } = definition;
    if (options) await checkOptionsStillUsed(tx, { id, name: existing.name, type: definition.type }, options);
    const field = await tx.field.update({ where: { id }, data }).catch(rethrowNameClash);
    if (options) await replaceOptions(tx, id, options);
    emit({ type: 'field.updated', payload: { fieldId: id } });
    return field;
  });
}

/** Deletes a custom field and (by cascade) every conversation's value of it. */
export async function deleteField(ctx: ServiceContext, id: string) {
  return inTransaction(ctx, async (tx, emit) => {
    const field = await loadField(tx, id);
    if (field.isSystemField) throw invalidField('id', `is the system field "${field.name}", which cannot be deleted`);
    const users = await conditionUsersOfField(tx, id);
    if (users.length) {
      const owners = distinctOwners(users);
      throw fieldInUse(`Field "${field.name}" is used by ${describeOwners(owners)}; change those first`, owners);
    }
    await tx.field.delete({ where: { id } }).catch((error: unknown) => {
      // A filter or rule saved concurrently with this delete now uses the field.
      if (isForeignKeyViolation(error)) throw conflict(`Field "${field.name}" is used by a condition saved just now; change its owner first`);
      throw error;
    });
    emit({ type: 'field.deleted', payload: { fieldId: id, name: field.name } });
    return field;
  });
}

/** Sets the chat / offline message field each field maps to (null or "" clears a mapping). */
export async function updateFieldMappings(ctx: ServiceContext, mappings: readonly FieldMappingInput[]) {
  if (!Array.isArray(mappings) || mappings.length === 0) throw invalidField('fieldMappings', 'must be a non-empty list');
  const seen = new Set<string>();
  const updates = mappings.map((mapping, index) => {
    const at = `fieldMappings[${index}]`;
    const fieldId = String(mapping?.fieldId ?? '').trim().toLowerCase();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(fieldId)) throw invalidField(`${at}.fieldId`, `must be a field id, got ${JSON.stringify(mapping?.fieldId)}`);
    if (seen.has(fieldId)) throw invalidField(`${at}.fieldId`, 'appears twice');
    seen.add(fieldId);
    const data: { chatFieldMapping?: string | null; offlineMessageFieldMapping?: string | null } = {};
    for (const key of ['chatFieldMapping', 'offlineMessageFieldMapping'] as const) {
      const value = mapping[key];
      if (value === undefined) continue;
      data[key] = value === null || value.trim() === '' ? null : text(value, `${at}.${key}`, 200).trim();
    }
    return { fieldId, data, at };
  });
  return inTransaction(ctx, async (tx, emit) => {
    const found = new Set((await tx.field.findMany({ where: { id: { in: updates.map((u) => u.fieldId) } }, select: { id: true } })).map((f) => f.id));
    const missing = updates.find((u) => !found.has(u.fieldId));
    if (missing) throw notFound('field', missing.fieldId);
    for (const update of updates) await tx.field.update({ where: { id: update.fieldId }, data: update.data });
    // One chat (or offline message) field feeds one field: two fields mapped to it would be ambiguous.
    for (const key of ['chatFieldMapping', 'offlineMessageFieldMapping'] as const) {
      const groups = await tx.field.groupBy({ by: [key], where: { [key]: { not: null } }, _count: { _all: true } });
      const clash = groups.find((g) => g._count._all > 1);
      if (clash) throw invalidField(key, `${JSON.stringify(clash[key])} is mapped to more than one field`);
    }
    emit({ type: 'field.mappingsUpdated', payload: { fieldIds: updates.map((u) => u.fieldId) } });
    return tx.field.findMany({ where: { id: { in: updates.map((u) => u.fieldId) } }, orderBy: [{ orderIndex: 'asc' }] });
  });
}
