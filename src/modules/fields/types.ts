import { builder } from '../../graphql/builder.js';
import { alignByKey, defineSqlLoader, groupByKey, uuidKeys } from '../../graphql/loaders.js';
import { Prisma, type Field, type FieldOption } from '../../generated/prisma/client.js';
import { FIELD_TYPES } from '../../engine/conditions/values.js';

export const fieldById = defineSqlLoader<string, Field | null, Field>('fieldById', {
  sql: (_env, ids) => Prisma.sql`SELECT f.* FROM "Field" f WHERE f.id = ANY(${uuidKeys(ids)}::uuid[])`,
  model: 'Field',
  result: (ids, rows) => alignByKey(ids, rows, (row) => row.id),
});

export const optionsByField = defineSqlLoader<string, FieldOption[], FieldOption>('optionsByField', {
  sql: (_env, ids) => Prisma.sql`
    SELECT o.* FROM "FieldOption" o WHERE o."fieldId" = ANY(${uuidKeys(ids)}::uuid[]) ORDER BY o."order", o.id`,
  model: 'FieldOption',
  result: (ids, rows) => groupByKey(ids, rows, (row) => row.fieldId),
});

/** The spec's custom field value object. */
export interface CustomFieldValue {
  id: string;
  name: string;
  value: string;
}

/** Custom field values of each conversation (in field order), by conversation id. */
export const customFieldsByConversation = defineSqlLoader<number, CustomFieldValue[], CustomFieldValue & { conversationId: number }>(
  'customFieldsByConversation',
  {
    sql: (_env, ids) => Prisma.sql`
      SELECT v."conversationId", v."fieldId" AS id, f.name, v.value
        FROM "ConversationFieldValue" v JOIN "Field" f ON f.id = v."fieldId"
       WHERE v."conversationId" = ANY(${[...ids]}::int[]) AND NOT f."isSystemField"
       ORDER BY f."orderIndex", v."fieldId"`,
    result: (ids, rows) => groupByKey(ids, rows, (row) => row.conversationId).map((list) => list.map(({ id, name, value }) => ({ id, name, value }))),
  },
);

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
