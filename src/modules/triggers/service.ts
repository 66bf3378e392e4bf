/**
 * Triggers (spec "# Triggers"): automation rules run on conversation events. Conditions live in
 * the one condition store (ownerType `trigger`); setValue actions are rows of "TriggerAutoUpdate";
 * the email part (sendEmail, recipients, subject / bodies with placeholders, attachment) is stored
 * and validated here and executed by ./email.ts through the outbox (src/modules/email).
 *
 * Every write is one transaction; bad input is a 400 naming the field and writes nothing. Values of
 * setValue actions are validated against the field when the trigger is saved, so a trigger never
 * fails at run time because of its own configuration (only because the world changed since, e.g.
 * an agent it assigns to was deleted: that run is recorded as failed, see execution.ts).
 */
import type { Prisma } from '../../generated/prisma/client.js';
import { rawConditionSetOf, resolveConditionSet, type RawConditionSet } from '../../engine/conditions/index.js';
import { saveConditions, withConditions } from '../../engine/conditions/store.js';
import { CONVERSATION_PRIORITIES, CONVERSATION_STATUSES, systemFieldByKey } from '../../engine/conditions/system-fields.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { normalizeFieldValue } from '../fields/service.js';

export const TRIGGER_EVENTS = [
  'conversationCreated',
  'conversationReplyReceived',
  'agentReplied',
  'conversationAssigneeChanged',
  'conversationStatusChanged',
  'conversationStatusLastForCertainTime',
  // Beyond the spec's list: an SLA target's breach instant passed (the sla.breachCheck job's sla.breached).
  'slaBreached',
] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

/** The event that needs a duration; it fires from a delayed job (./timed.ts, README "Triggers"). */
export const TIMED_EVENT = 'conversationStatusLastForCertainTime';
/** statusDuration is in minutes, at least this. */
export const MIN_STATUS_DURATION = 5;
export const MAX_STATUS_DURATION = 60 * 24 * 365;
export const SORT_TYPES = ['up', 'down'] as const;

/** The system fields a setValue action may set, by system key. */
export const SETTABLE_SYSTEM_FIELDS = ['status', 'priority', 'assignedAgent', 'assignedDepartment', 'tags'] as const;

/**
 * The placeholders email subjects and bodies may use, `{{name}}` (spaces inside the braces are
 * allowed). Anything else in double braces is a 400 when the trigger is saved.
 */
export const EMAIL_PLACEHOLDERS = [
  'conversation.id', 'conversation.subject', 'conversation.status', 'conversation.priority', 'conversation.channel', 'conversation.link',
  'contact.name', 'contact.email', 'agent.name', 'agent.email', 'department.name', 'message.text', 'trigger.description',
] as const;

/** The largest attachment a trigger email carries (bytes): what mail servers commonly accept. */
export const MAX_TRIGGER_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_DESCRIPTION = 500;
const MAX_SUBJECT = 998;
const MAX_BODY = 100_000;
const MAX_AUTO_UPDATES = 50;
const MAX_TO_AGENTS = 100;

type Db = Tx | ServiceContext['prisma'];

export const withTriggerDetails = {
  ...withConditions,
  autoUpdates: { orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }] },
  attachment: true,
} as const satisfies Prisma.TriggerInclude;

export type TriggerRow = Prisma.TriggerGetPayload<{ include: typeof withTriggerDetails }>;

export interface AutoUpdateInput {
  id?: string | null;
  triggerId?: string | null;
  fieldId?: string | null;
  value?: unknown;
}

export interface TriggerInput {
  description?: string | null;
  enable?: boolean | null;
  event?: string | null;
  statusDuration?: number | null;
  /** The spec's condition array, or routing rules' `{ when, logicExpression, list }` object. */
  conditions?: unknown;
  /** With a condition array: how the conditions combine (default all). */
  when?: string | null;
  logicExpression?: string | null;
  logicalExpression?: string | null;
  setValue?: boolean | null;
  autoUpdate?: readonly AutoUpdateInput[] | null;
  sendEmail?: boolean | null;
  sendToContacts?: boolean | null;
  sendToAgents?: boolean | null;
  toAgents?: readonly (string | number)[] | null;
  subject?: string | null;
  htmlText?: string | null;
  plainText?: string | null;
  /** The attachment's guid (an uploaded attachment, POST attachments). */
  attachmentId?: string | null;
  showInConversationCorrespondences?: boolean | null;
}

export async function listTriggers(db: Db): Promise<TriggerRow[]> {
  return db.trigger.findMany({ orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }], include: withTriggerDetails });
}

export async function findTrigger(db: Db, id: string | number): Promise<TriggerRow> {
  const triggerId = intId('Trigger', id);
  const trigger = await db.trigger.findUnique({ where: { id: triggerId }, include: withTriggerDetails });
  if (!trigger) throw notFound('trigger', id);
  return trigger;
}

// ─── Validation ────────────────────────────────────────────────────────────

function bool(field: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function validEvent(value: unknown): TriggerEvent {
  const event = typeof value === 'string' ? value.trim() : value;
  if (event === undefined || event === null || event === '') throw invalidField('event', 'is required');
  if (typeof event !== 'string' || !TRIGGER_EVENTS.includes(event as TriggerEvent)) {
    throw invalidField('event', `must be one of ${TRIGGER_EVENTS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return event as TriggerEvent;
}

function optionalText(field: string, value: unknown, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string') throw invalidField(field, 'must be a string');
  if (value.length > max) throw invalidField(field, `must be at most ${max} characters`);
  return value;
}

/** Unknown `{{placeholders}}` are a 400 naming the field and the placeholder. */
export function checkPlaceholders(field: string, text: string | null | undefined) {
  if (!text) return;
  for (const match of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const name = match[1]!.trim();
    if (!(EMAIL_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw invalidField(field, `uses the unknown placeholder ${JSON.stringify(`{{${match[1]}}}`)}; known: ${EMAIL_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`);
    }
  }
}

/** The raw condition set of either accepted shape: the spec's array or the `{ when, logicExpression, list }` object. */
export function rawTriggerConditions(input: Pick<TriggerInput, 'conditions' | 'when' | 'logicExpression' | 'logicalExpression'>): RawConditionSet {
  const set = rawTriggerConditionSet(input);
  // Errors name the expression as the caller spelled it (the spec's triggers say logicExpression).
  const object = input.conditions && typeof input.conditions === 'object' && !Array.isArray(input.conditions) ? (input.conditions as Record<string, unknown>) : {};
  const spelledLogic = object.logicalExpression === undefined && input.logicalExpression === undefined;
  return spelledLogic ? { ...set, logicalExpression: undefined, logicExpression: set.logicalExpression } : set;
}

function rawTriggerConditionSet(input: Pick<TriggerInput, 'conditions' | 'when' | 'logicExpression' | 'logicalExpression'>): RawConditionSet {
  if (Array.isArray(input.conditions)) {
    return rawConditionSetOf({
      when: input.when ?? 'all',
      logicExpression: input.logicalExpression ?? input.logicExpression ?? null,
      list: input.conditions,
    });
  }
  const set = rawConditionSetOf(input.conditions);
  // Top-level when / logicExpression (beside an object without them) still count.
  if (input.conditions && typeof input.conditions === 'object' && (input.conditions as Record<string, unknown>).when === undefined && input.when) {
    set.when = input.when as RawConditionSet['when'];
  }
  if (set.logicalExpression === null && (input.logicalExpression ?? input.logicExpression)) set.logicalExpression = input.logicalExpression ?? input.logicExpression ?? null;
  return set;
}

interface FieldForValue {
  id: string;
  name: string;
  type: string;
  systemKey: string | null;
  isSystemField: boolean;
  isRequired: boolean;
  length: number | null;
  options: { value: string }[];
}

const idList = (raw: string) => raw.split(',').map((s) => s.trim()).filter(Boolean);
const positiveId = (text: string) => /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 2147483647;

/**
 * Validates setValue actions against the fields (one query per kind of reference): returns the
 * stored rows. System fields: status / priority take their options; assignedAgent (also
 * "assignee") / assignedDepartment (also "department") an existing id or "" (unassign); tags a
 * comma-separated list of existing tag ids (added to the conversation's tags). Custom fields: a
 * value of the field's type ("" clears it unless the field is required).
 */
async function resolveAutoUpdates(tx: Tx, items: unknown): Promise<{ fieldId: string; value: string; orderIndex: number }[]> {
  if (items === null || items === undefined) return [];
  if (!Array.isArray(items)) throw invalidField('autoUpdate', 'must be a list of { fieldId, value }');
  if (items.length > MAX_AUTO_UPDATES) throw invalidField('autoUpdate', `must have at most ${MAX_AUTO_UPDATES} entries`);
  if (!items.length) return [];
  const fields: FieldForValue[] = await tx.field.findMany({
    select: { id: true, name: true, type: true, systemKey: true, isSystemField: true, isRequired: true, length: true, options: { select: { value: true }, orderBy: { order: 'asc' } } },
  });
  const aliases: Record<string, string> = { assignee: 'assignedAgent', agent: 'assignedAgent', department: 'assignedDepartment' };
  const seen = new Set<string>();
  const rows: { fieldId: string; value: string; orderIndex: number }[] = [];
  for (const [index, item] of (items as unknown[]).entries()) {
    const at = `autoUpdate[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw invalidField(at, 'must be an object with fieldId and value');
    const { fieldId, value } = item as AutoUpdateInput;
    if (typeof fieldId !== 'string' || fieldId.trim() === '') throw invalidField(`${at}.fieldId`, 'is required');
    const key = fieldId.trim();
    const lower = key.toLowerCase();
    const field =
      fields.find((f) => f.id === lower) ??
      fields.find((f) => f.systemKey === (aliases[key] ?? key)) ??
      fields.find((f) => f.name.toLowerCase() === lower);
    if (!field) throw invalidField(`${at}.fieldId`, `refers to an unknown field ${JSON.stringify(fieldId)}`);
    if (seen.has(field.id)) throw invalidField(`${at}.fieldId`, `sets field "${field.name}" a second time`);
    seen.add(field.id);
    if (value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw invalidField(`${at}.value`, `must be a string for field "${field.name}"`);
    }
    const raw = value === undefined || value === null ? '' : String(value);
    const where = `${at}.value`;
    const label = `field "${field.name}" (${field.type})`;
    let stored: string;
    if (field.systemKey) {
      const system = systemFieldByKey.get(field.systemKey)!;
      if (!(SETTABLE_SYSTEM_FIELDS as readonly string[]).includes(system.key)) {
        throw invalidField(`${at}.fieldId`, `"${field.name}" cannot be set by a trigger; settable system fields: ${SETTABLE_SYSTEM_FIELDS.join(', ')}, and custom fields`);
      }
      const text = raw.trim();
      switch (system.key) {
        case 'status':
        case 'priority': {
          const options: readonly string[] = system.key === 'status' ? CONVERSATION_STATUSES : CONVERSATION_PRIORITIES;
          if (!options.includes(text)) throw invalidField(where, `must be one of ${options.join(', ')} for ${label}, got ${JSON.stringify(raw)}`);
          stored = text;
          break;
        }
        case 'assignedAgent':
        case 'assignedDepartment': {
          const agent = system.key === 'assignedAgent';
          if (text !== '') {
            if (!positiveId(text)) throw invalidField(where, `must be ${agent ? 'an agent' : 'a department'} id (or "" to unassign) for ${label}, got ${JSON.stringify(raw)}`);
            const exists = agent
              ? await tx.agent.findUnique({ where: { id: Number(text) }, select: { id: true } })
              : await tx.department.findUnique({ where: { id: Number(text) }, select: { id: true } });
            if (!exists) throw invalidField(where, `must be an existing ${agent ? 'agent' : 'department'} id for ${label}, got ${JSON.stringify(raw)}`);
          }
          stored = text === '' ? '' : String(Number(text));
          break;
        }
        default: {
          // tags
          const ids = idList(text);
          if (!ids.length) throw invalidField(where, `must be one or more tag ids separated by "," for ${label}`);
          const bad = ids.find((id) => !positiveId(id));
          if (bad !== undefined) throw invalidField(where, `must be tag ids separated by "," for ${label}, got ${JSON.stringify(bad)}`);
          const wanted = [...new Set(ids.map(Number))];
          const found = new Set((await tx.tag.findMany({ where: { id: { in: wanted } }, select: { id: true } })).map((t) => t.id));
          const missing = wanted.find((id) => !found.has(id));
          if (missing !== undefined) throw invalidField(where, `must be existing tag ids for ${label}; tag ${missing} does not exist`);
          stored = wanted.join(',');
        }
      }
    } else if (raw.trim() === '') {
      if (field.isRequired) throw invalidField(where, `is required for the required ${label}`);
      stored = '';
    } else {
      stored = normalizeFieldValue(field, raw, where);
      if (field.type === 'operator' || field.type === 'department') {
        const exists =
          field.type === 'operator'
            ? await tx.agent.findUnique({ where: { id: Number(stored) }, select: { id: true } })
            : await tx.department.findUnique({ where: { id: Number(stored) }, select: { id: true } });
        if (!exists) throw invalidField(where, `must be an existing ${field.type === 'operator' ? 'agent' : 'department'} id for ${label}, got ${JSON.stringify(raw)}`);
      }
    }
    rows.push({ fieldId: field.id, value: stored, orderIndex: index + 1 });
  }
  return rows;
}

async function resolveToAgents(tx: Tx, value: unknown): Promise<number[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidField('toAgents', 'must be a list of agent ids');
  if (value.length > MAX_TO_AGENTS) throw invalidField('toAgents', `must have at most ${MAX_TO_AGENTS} agents`);
  const ids: number[] = [];
  for (const [i, item] of value.entries()) {
    const text = typeof item === 'number' ? String(item) : typeof item === 'string' ? item.trim() : '';
    if (!positiveId(text)) throw invalidField(`toAgents[${i}]`, `must be an agent id, got ${JSON.stringify(item)}`);
    ids.push(Number(text));
  }
  const unique = [...new Set(ids)];
  const found = new Set((await tx.agent.findMany({ where: { id: { in: unique } }, select: { id: true } })).map((a) => a.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw invalidField(`toAgents[${missing}]`, `refers to an unknown agent ${ids[missing]}`);
  return unique;
}

async function resolveAttachment(tx: Tx, value: unknown): Promise<string | null | undefined> {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidField('attachment.id', 'must be an attachment guid');
  const id = value.trim().toLowerCase();
  const found = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
    ? await tx.attachment.findUnique({ where: { id }, select: { id: true, size: true, isAvailable: true } })
    : null;
  if (!found) throw invalidField('attachment.id', `refers to an unknown attachment ${JSON.stringify(value)}`);
  if (!found.isAvailable) throw invalidField('attachment.id', `refers to the unavailable attachment ${id}`);
  if (found.size > MAX_TRIGGER_ATTACHMENT_BYTES) {
    throw invalidField('attachment', `is ${found.size} bytes; a trigger email carries at most ${MAX_TRIGGER_ATTACHMENT_BYTES} bytes`);
  }
  return found.id;
}

type Settings = Omit<Prisma.TriggerUncheckedCreateInput, 'orderIndex'>;

/**
 * Validates the scalar settings given (partial on update) and their combination with what is
 * stored: statusDuration only with (and required by) conversationStatusLastForCertainTime; an
 * enabled sendEmail needs a subject, a body and a recipient.
 */
async function resolveSettings(tx: Tx, input: TriggerInput, current: TriggerRow | null): Promise<Settings> {
  const data: Settings = { event: current?.event ?? '' };
  if (input.description !== undefined) data.description = (optionalText('description', input.description, MAX_DESCRIPTION) ?? '').trim();
  for (const name of ['enable', 'setValue', 'sendEmail', 'sendToContacts', 'sendToAgents', 'showInConversationCorrespondences'] as const) {
    const value = bool(name, input[name]);
    if (value !== undefined) data[name] = value;
  }
  if (current === null || (input.event !== undefined && input.event !== null)) data.event = validEvent(input.event);
  const event = data.event;
  if (input.statusDuration !== undefined) {
    const duration = input.statusDuration;
    if (duration !== null && (typeof duration !== 'number' || !Number.isInteger(duration))) throw invalidField('statusDuration', `must be a whole number of minutes, got ${JSON.stringify(duration)}`);
    if (duration !== null && (duration < MIN_STATUS_DURATION || duration > MAX_STATUS_DURATION)) {
      throw invalidField('statusDuration', `must be between ${MIN_STATUS_DURATION} and ${MAX_STATUS_DURATION} minutes, got ${duration}`);
    }
    data.statusDuration = duration;
  }
  const duration = data.statusDuration !== undefined ? data.statusDuration : event === TIMED_EVENT ? current?.statusDuration ?? null : null;
  if (event !== TIMED_EVENT) {
    if (data.statusDuration !== undefined && data.statusDuration !== null) throw invalidField('statusDuration', `applies only to the event ${TIMED_EVENT}, not ${event}`);
    data.statusDuration = null;
  } else if (duration === null) {
    throw invalidField('statusDuration', `is required (minutes, at least ${MIN_STATUS_DURATION}) for the event ${TIMED_EVENT}`);
  }
  const subject = optionalText('subject', input.subject, MAX_SUBJECT);
  const htmlText = optionalText('htmlText', input.htmlText, MAX_BODY);
  const plainText = optionalText('plainText', input.plainText, MAX_BODY);
  if (subject !== undefined) data.subject = subject === null ? null : subject.trim();
  if (htmlText !== undefined) data.htmlText = htmlText;
  if (plainText !== undefined) data.plainText = plainText;
  checkPlaceholders('subject', subject);
  checkPlaceholders('htmlText', htmlText);
  checkPlaceholders('plainText', plainText);
  if (input.toAgents !== undefined) data.toAgents = await resolveToAgents(tx, input.toAgents);
  const attachmentId = await resolveAttachment(tx, input.attachmentId);
  if (attachmentId !== undefined) data.attachmentId = attachmentId;

  const now = <K extends keyof Settings>(key: K) => (data[key] !== undefined ? data[key] : (current as unknown as Settings | null)?.[key]);
  if (now('sendEmail')) {
    if (!now('subject')) throw invalidField('subject', 'is required when sendEmail is true');
    if (!now('htmlText') && !now('plainText')) throw invalidField('plainText', 'is required (or htmlText) when sendEmail is true');
    if (!now('sendToContacts') && !now('sendToAgents')) throw invalidField('sendToContacts', 'or sendToAgents must be true when sendEmail is true');
  }
  return data;
}

async function writeConditions(tx: Tx, triggerId: number, input: TriggerInput) {
  // Triggers are automation: they may test the event's message and what it changed.
  const set = await resolveConditionSet(tx, rawTriggerConditions(input), { automation: true });
  await saveConditions(tx, { type: 'trigger', id: triggerId }, set);
  return { when: set.when, logicalExpression: set.logicalExpression };
}

async function writeAutoUpdates(tx: Tx, triggerId: number, rows: { fieldId: string; value: string; orderIndex: number }[]) {
  await tx.triggerAutoUpdate.deleteMany({ where: { triggerId } });
  if (rows.length) await tx.triggerAutoUpdate.createMany({ data: rows.map((row) => ({ ...row, triggerId })) });
}

function checkSetValue(setValue: boolean | null | undefined, updates: number) {
  if (setValue && updates === 0) throw invalidField('autoUpdate', 'must set at least one field when setValue is true');
}

/**
 * The last event logged so far (README "Triggers" → "Enabled mid-period"): a trigger is stamped with
 * it when created or enabled again, and events up to it (and status periods they began) never fire
 * it, even when the consumer reaches them later; a condition that became true before the trigger
 * was enabled does not fire it.
 */
async function enabledMark(tx: Tx): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM "DomainEvent"`;
  return row?.id ?? 0n;
}

/** Trigger writes are serialized (their order indexes are renumbered together). */
const lockTriggers = (tx: Tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x74726967}::bigint)`; // "trig"

export async function createTrigger(ctx: ServiceContext, input: TriggerInput) {
  return inTransaction(ctx, async (tx) => {
    await lockTriggers(tx);
    const settings = await resolveSettings(tx, input, null);
    const updates = await resolveAutoUpdates(tx, input.autoUpdate);
    checkSetValue(settings.setValue, updates.length);
    const last = await tx.trigger.aggregate({ _max: { orderIndex: true } });
    const trigger = await tx.trigger.create({ data: { ...settings, orderIndex: (last._max.orderIndex ?? 0) + 1, enabledAfterEventId: await enabledMark(tx) } });
    const combination = await writeConditions(tx, trigger.id, input);
    await writeAutoUpdates(tx, trigger.id, updates);
    await tx.trigger.update({ where: { id: trigger.id }, data: combination });
    return findTrigger(tx, trigger.id);
  });
}

/** Updates what is given (a body with only `enable` enables or disables the trigger). */
export async function updateTrigger(ctx: ServiceContext, id: string | number, input: TriggerInput) {
  return inTransaction(ctx, async (tx) => {
    await lockTriggers(tx);
    const existing = await findTrigger(tx, id);
    const data: Prisma.TriggerUncheckedUpdateInput = await resolveSettings(tx, input, existing);
    let updates: number = existing.autoUpdates.length;
    if (input.autoUpdate !== undefined) {
      const rows = await resolveAutoUpdates(tx, input.autoUpdate);
      updates = rows.length;
      await writeAutoUpdates(tx, existing.id, rows);
    }
    checkSetValue((data.setValue as boolean | undefined) ?? existing.setValue, updates);
    const touchesConditions = input.conditions !== undefined || input.when != null || input.logicExpression !== undefined || input.logicalExpression !== undefined;
    if (touchesConditions) {
      const existingList = existing.conditions.map((c) => ({ fieldId: c.fieldId, matchType: c.matchType, value: c.value }));
      let conditions = input.conditions !== undefined ? input.conditions : existingList;
      // An object without a list changes only how the stored conditions combine.
      if (conditions && typeof conditions === 'object' && !Array.isArray(conditions) && !('list' in conditions) && !('conditions' in conditions)) {
        const object = conditions as Record<string, unknown>;
        conditions = { when: object.when ?? existing.when, logicExpression: object.logicExpression ?? object.logicalExpression ?? existing.logicalExpression, list: existingList };
      }
      const current = Array.isArray(conditions) ? { when: input.when ?? existing.when, logicExpression: input.logicExpression ?? input.logicalExpression ?? existing.logicalExpression } : {};
      Object.assign(data, await writeConditions(tx, existing.id, { ...input, ...current, conditions }));
    }
    if (data.enable === true && !existing.enable) data.enabledAfterEventId = await enabledMark(tx);
    await tx.trigger.update({ where: { id: existing.id }, data });
    return findTrigger(tx, existing.id);
  });
}

export async function setTriggerEnabled(ctx: ServiceContext, id: string | number, enable: unknown) {
  const value = bool('enable', enable);
  if (value === undefined) throw invalidField('enable', 'is required');
  return inTransaction(ctx, async (tx) => {
    const existing = await findTrigger(tx, id);
    await tx.trigger.update({ where: { id: existing.id }, data: { enable: value, ...(value && !existing.enable ? { enabledAfterEventId: await enabledMark(tx) } : {}) } });
    return findTrigger(tx, existing.id);
  });
}

/**
 * Moves a trigger one place up (earlier: it runs before) or down in orderIndex order, swapping with
 * its neighbour. Past either end (the first up, the last down) is a no-op that succeeds.
 */
export async function sortTrigger(ctx: ServiceContext, id: string | number, type: unknown) {
  if (typeof type !== 'string' || !SORT_TYPES.includes(type as never)) throw invalidField('type', `must be one of ${SORT_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  return inTransaction(ctx, async (tx) => {
    await lockTriggers(tx);
    const trigger = await findTrigger(tx, id);
    const all = await tx.trigger.findMany({ orderBy: [{ orderIndex: 'asc' }, { id: 'asc' }], select: { id: true } });
    const at = all.findIndex((t) => t.id === trigger.id);
    const to = type === 'up' ? at - 1 : at + 1;
    if (to >= 0 && to < all.length) {
      [all[at], all[to]] = [all[to]!, all[at]!];
      // Renumber 1..n: also mends duplicate order indexes.
      for (const [index, t] of all.entries()) await tx.trigger.update({ where: { id: t.id }, data: { orderIndex: index + 1 } });
    }
    return findTrigger(tx, trigger.id);
  });
}

export async function deleteTrigger(ctx: ServiceContext, id: string | number) {
  return inTransaction(ctx, async (tx) => {
    await lockTriggers(tx);
    const existing = await findTrigger(tx, id);
    await tx.trigger.delete({ where: { id: existing.id } });
    return existing;
  });
}
