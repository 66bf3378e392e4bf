/**
 * The built-in (system) fields: conversation columns that conditions can test like any field.
 * They are rows of "Field" too, seeded with these fixed ids (so stored conditions can name them by
 * id) by migrations: ids 1-12 by prisma/migrations/20261125000000_init, the automation-only ones
 * (13-17) by prisma/migrations/20261204181439_automation_condition_fields. This table says which
 * column each one stands for; test/fields/fields.test.ts checks that the seeded rows and this table
 * agree, and test/foundation/comments.test.ts that the files named here exist.
 */
import type { FieldKind, FieldType } from './values.js';

/**
 * Where an automation-only field's value comes from: the message the event is about (`message`) or
 * the event's `changes: { field: [from, to] }` (`changes`). Such fields describe an event, not a
 * conversation: the conversation list and filters cannot test them (no SQL form; 400 when saved),
 * routing rules and (later) triggers can.
 */
export type EventSource = 'message' | 'changes';

export interface SystemField {
  id: string;
  /** `Field.systemKey`, also accepted as the field name in the list's `conditions[i][field]`. */
  key: string;
  name: string;
  type: FieldType;
  kind: FieldKind;
  /**
   * The "Conversation" column (tags live in "ConversationTag"); for `source: 'message'` the
   * message's property, for `source: 'changes'` the changed column whose previous value it is.
   */
  column: string | null;
  /** Set for automation-only fields: what the value is read from. */
  source?: EventSource;
  /** A date column that may be null (a breach instant while its clock is stopped): `is ""` tests that. */
  nullable?: boolean;
  /** For enum columns: the PostgreSQL enum type and its values (also the field's options). */
  enumType?: string;
  options?: readonly string[];
}

export const CONVERSATION_STATUSES = ['new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed'] as const;
export const CONVERSATION_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const MESSAGE_TYPES = ['note', 'email', 'reply', 'socialMessage', 'chat', 'offlineMessage'] as const;
export const SENDER_TYPES = ['agent', 'contact', 'system'] as const;
/** The SLA targets, in this order wherever a list of them is stored or compared ("slaBreached"). */
export const SLA_TARGETS = ['firstRespond', 'nextRespond', 'resolve'] as const;
/** The system fields whose changes `conversation.updated` reports (`changes`), by key. */
export const CHANGEABLE_FIELDS = ['subject', 'status', 'priority', 'assignedAgent', 'assignedDepartment'] as const;

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const SYSTEM_FIELDS: readonly SystemField[] = [
  { id: id(1), key: 'subject', name: 'Subject', type: 'text', kind: 'string', column: 'subject' },
  { id: id(2), key: 'status', name: 'Status', type: 'dropdownList', kind: 'option', column: 'status', enumType: 'ConversationStatus', options: CONVERSATION_STATUSES },
  { id: id(3), key: 'priority', name: 'Priority', type: 'dropdownList', kind: 'option', column: 'priority', enumType: 'ConversationPriority', options: CONVERSATION_PRIORITIES },
  { id: id(4), key: 'channel', name: 'Channel', type: 'text', kind: 'string', column: 'channel' },
  { id: id(5), key: 'assignedAgent', name: 'Assigned Agent', type: 'operator', kind: 'agent', column: 'assignedAgentId' },
  { id: id(6), key: 'assignedDepartment', name: 'Assigned Department', type: 'department', kind: 'department', column: 'assignedDepartmentId' },
  { id: id(7), key: 'contact', name: 'Contact', type: 'link', kind: 'contact', column: 'contactId' },
  { id: id(8), key: 'tags', name: 'Tags', type: 'checkboxList', kind: 'tags', column: null },
  { id: id(9), key: 'createdTime', name: 'Created Time', type: 'date', kind: 'date', column: 'createdTime' },
  { id: id(10), key: 'lastReplyTime', name: 'Last Reply Time', type: 'date', kind: 'date', column: 'lastRepliedTime' },
  { id: id(11), key: 'lastActivityTime', name: 'Last Activity Time', type: 'date', kind: 'date', column: 'lastActivityTime' },
  { id: id(12), key: 'lastStatusChangeTime', name: 'Last Status Change Time', type: 'date', kind: 'date', column: 'lastStatusChangeTime' },
  // Automation-only (prisma/migrations/*_automation_condition_fields): the event's message and changes.
  { id: id(13), key: 'messageType', name: 'Message Type', type: 'dropdownList', kind: 'option', column: 'type', source: 'message', options: MESSAGE_TYPES },
  { id: id(14), key: 'messageText', name: 'Message Text', type: 'textarea', kind: 'string', column: 'text', source: 'message' },
  { id: id(15), key: 'messageSenderType', name: 'Message Sender Type', type: 'dropdownList', kind: 'option', column: 'senderType', source: 'message', options: SENDER_TYPES },
  { id: id(16), key: 'changedFields', name: 'Changed Fields', type: 'checkboxList', kind: 'changes', column: null, source: 'changes', options: CHANGEABLE_FIELDS },
  { id: id(17), key: 'previousStatus', name: 'Previous Status', type: 'dropdownList', kind: 'option', column: 'status', source: 'changes', options: CONVERSATION_STATUSES },
  // SLA (prisma/migrations/*_sla_breach_condition_fields): which targets are overdue now, and when each clock breaches.
  { id: id(18), key: 'slaBreached', name: 'SLA Breached', type: 'checkboxList', kind: 'multiOption', column: 'slaBreached', options: SLA_TARGETS },
  { id: id(19), key: 'firstRespondBreachAt', name: 'First Response Due', type: 'date', kind: 'date', column: 'firstRespondBreachAt', nullable: true },
  { id: id(20), key: 'nextRespondBreachAt', name: 'Next Response Due', type: 'date', kind: 'date', column: 'nextRespondBreachAt', nullable: true },
  { id: id(21), key: 'resolveBreachAt', name: 'Resolution Due', type: 'date', kind: 'date', column: 'resolveBreachAt', nullable: true },
];

export const systemFieldByKey = new Map(SYSTEM_FIELDS.map((field) => [field.key, field]));
