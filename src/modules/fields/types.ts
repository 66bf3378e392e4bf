import { builder } from '../../graphql/builder.js';
import { alignByKey, defineLoader, groupByKey } from '../../graphql/loaders.js';
import type { Field, FieldOption } from '../../generated/prisma/client.js';
import { FIELD_TYPES } from '../../engine/conditions/values.js';

export const fieldById = defineLoader<string, Field | null>('fieldById', async ({ prisma }, ids) =>
  alignByKey(ids, await prisma.field.findMany({ where: { id: { in: [...ids] } } }), (row) => row.id),
);

export const optionsByField = defineLoader<string, FieldOption[]>('optionsByField', async ({ prisma }, ids) =>
  groupByKey(ids, await prisma.fieldOption.findMany({ where: { fieldId: { in: [...ids] } }, orderBy: [{ order: 'asc' }, { id: 'asc' }] }), (row) => row.fieldId),
);

/** The spec's custom field value object. */
export interface CustomFieldValue {
  id: string;
  name: string;
  value: string;
}

/** Custom field values of each conversation (in field order), by conversation id. */
export const customFieldsByConversation = defineLoader<number, CustomFieldValue[]>('customFieldsByConversation', async ({ prisma }, ids) => {
  const rows = await prisma.conversationFieldValue.findMany({
    where: { conversationId: { in: [...ids] }, field: { isSystemField: false } },
    select: { conversationId: true, fieldId: true, value: true, field: { select: { name: true, orderIndex: true } } },
    orderBy: [{ field: { orderIndex: 'asc' } }, { fieldId: 'asc' }],
  });
  return groupByKey(ids, rows, (row) => row.conversationId).map((list) => list.map((row) => ({ id: row.fieldId, name: row.field.name, value: row.value })));
});

export const FieldTypeEnum = builder.enumType('FieldType', { values: FIELD_TYPES });

export const FieldOptionRef = builder.objectRef<FieldOption>('FieldOption').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name'),
    value: t.exposeString('value'),
    order: t.exposeInt('order'),
  }),
});

export const CustomFieldValueRef = builder.objectRef<CustomFieldValue>('CustomFieldValue').implement({
  description: 'The value of one custom field on a conversation.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The custom field id.' }),
    name: t.exposeString('name', { description: 'The custom field name.' }),
    value: t.exposeString('value'),
  }),
});

export const FieldRef = builder.prismaNode('Field', {
  id: { field: 'id' },
  findUnique: (id) => ({ id }),
  fields: (t) => ({
    databaseId: t.exposeString('id', { description: 'The id REST shows.' }),
    type: t.field({ type: FieldTypeEnum, resolve: (field) => field.type as (typeof FIELD_TYPES)[number] }),
    name: t.exposeString('name'),
    systemKey: t.exposeString('systemKey', { nullable: true, description: 'For system fields: the conversation property it stands for.' }),
    isSystemField: t.exposeBoolean('isSystemField'),
    isRequired: t.exposeBoolean('isRequired'),
    defaultValue: t.exposeString('defaultValue', { nullable: true }),
    helpText: t.exposeString('helpText', { nullable: true }),
    length: t.exposeInt('length', { nullable: true, description: 'Maximum length of a value.' }),
    options: t.field({
      type: [FieldOptionRef],
      resolve: (field, _args, ctx) => ctx.loader(optionsByField).load(field.id),
    }),
    chatFieldMapping: t.exposeString('chatFieldMapping', { nullable: true }),
    offlineMessageFieldMapping: t.exposeString('offlineMessageFieldMapping', { nullable: true }),
  }),
});
