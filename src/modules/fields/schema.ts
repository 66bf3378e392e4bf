import { builder } from '../../graphql/builder.js';
import { notFound } from '../../graphql/errors.js';
import { uuidId } from '../../graphql/ids.js';
import { createField, deleteField, updateField, updateFieldMappings } from './service.js';
import { FieldRef, FieldTypeEnum } from './types.js';

const FieldOptionInput = builder.inputType('FieldOptionInput', {
  fields: (t) => ({
    id: t.string({ description: 'Keeps an existing option (and its id) on update; omit for a new option.' }),
    name: t.string({ description: 'Shown to people; defaults to the value.' }),
    value: t.string({ required: true }),
    order: t.int({ description: 'Defaults to the position in the list.' }),
  }),
});

const FieldInput = builder.inputType('FieldInput', {
  fields: (t) => ({
    type: t.field({ type: FieldTypeEnum }),
    name: t.string(),
    isSystemField: t.boolean({ description: 'Only false is accepted: system fields are built in.' }),
    isRequired: t.boolean(),
    defaultValue: t.string(),
    helpText: t.string(),
    length: t.int({ description: 'Maximum value length (text, textarea, email, url, link).' }),
    options: t.field({ type: [FieldOptionInput], description: 'For radio, dropdownList and checkboxList: replaces the options.' }),
  }),
});

const FieldMappingInput = builder.inputType('FieldMappingInput', {
  fields: (t) => ({
    fieldId: t.id({ required: true }),
    chatFieldMapping: t.string({ description: 'The chat field id; null or "" clears it.' }),
    offlineMessageFieldMapping: t.string({ description: 'The offline message field id; null or "" clears it.' }),
  }),
});

builder.queryFields((t) => ({
  fields: t.field({
    type: [FieldRef],
    description: 'System and custom fields with their options, in display order.',
    authScopes: { agent: true, integration: true },
    args: { isSystemField: t.arg.boolean({ description: 'Only system (true) or only custom (false) fields.' }) },
    resolve: (_root, args, ctx) =>
      ctx.prisma.field.findMany({
        where: args.isSystemField === null || args.isSystemField === undefined ? {} : { isSystemField: args.isSystemField },
        orderBy: [{ isSystemField: 'desc' }, { orderIndex: 'asc' }, { createdTime: 'asc' }],
      }),
  }),
  field: t.field({
    type: FieldRef,
    authScopes: { agent: true, integration: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = uuidId('Field', args.id);
      const field = await ctx.prisma.field.findUnique({ where: { id } });
      if (!field) throw notFound('field', id);
      return field;
    },
  }),
}));

builder.mutationFields((t) => ({
  createField: t.field({
    type: FieldRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: FieldInput, required: true }) },
    resolve: (_root, args, ctx) => createField(ctx, args.input),
  }),
  updateField: t.field({
    type: FieldRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: FieldInput, required: true }) },
    resolve: (_root, args, ctx) => updateField(ctx, uuidId('Field', args.id), args.input),
  }),
  deleteField: t.field({
    type: FieldRef,
    description: 'Deletes a custom field and every conversation value of it.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteField(ctx, uuidId('Field', args.id)),
  }),
  updateFieldMappings: t.field({
    type: [FieldRef],
    description: 'Maps fields to chat and offline message fields.',
    authScopes: { admin: true },
    args: { fieldMappings: t.arg({ type: [FieldMappingInput], required: true }) },
    resolve: (_root, args, ctx) =>
      updateFieldMappings(ctx, args.fieldMappings.map((m) => ({ ...m, fieldId: uuidId('Field', String(m.fieldId), 'fieldMappings.fieldId') }))),
  }),
}));
