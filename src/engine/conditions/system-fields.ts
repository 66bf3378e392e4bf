/**
 * The built-in (system) fields: conversation columns that conditions can test like any field.
 * They are rows of "Field" too (seeded by the init migration, prisma/migrations/20261125000000_init,
 * with these fixed ids, so stored conditions can name them by id); this table says which column
 * each one stands for. test/fields/fields.test.ts checks that the seed and this table agree.
 */
import type { FieldKind, FieldType } from './values.js';

export interface SystemField {
  id: string;
  /** `Field.systemKey`, also accepted as the field name in the list's `conditions[i][field]`. */
  key: string;
  name: string;
  type: FieldType;
  kind: FieldKind;
  /** The "Conversation" column (tags live in "ConversationTag"). */
  column: string | null;
  /** For enum columns: the PostgreSQL enum type and its values (also the field's options). */
  enumType?: string;
  options?: readonly string[];
}

export const CONVERSATION_STATUSES = ['new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed'] as const;
export const CONVERSATION_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

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
];

export const systemFieldByKey = new Map(SYSTEM_FIELDS.map((field) => [field.key, field]));
