import { builder } from '../../graphql/builder.js';
import { notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { createTag, deleteTag, updateTag } from './service.js';
import { TagRef } from './types.js';

const TagInput = builder.inputType('TagInput', {
  fields: (t) => ({ name: t.string(), color: t.string({ description: '#RRGGBB' }) }),
});

builder.queryFields((t) => ({
  tags: t.field({
    type: [TagRef],
    description: 'All tags, by name.',
    authScopes: { agent: true },
    resolve: (_root, _args, ctx) => ctx.prisma.tag.findMany({ orderBy: { name: 'asc' } }),
  }),
  tag: t.field({
    type: TagRef,
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = intId('Tag', args.id);
      const tag = await ctx.prisma.tag.findUnique({ where: { id } });
      if (!tag) throw notFound('tag', id);
      return tag;
    },
  }),
}));

builder.mutationFields((t) => ({
  createTag: t.field({
    type: TagRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: TagInput, required: true }) },
    resolve: (_root, args, ctx) => createTag(ctx, args.input),
  }),
  updateTag: t.field({
    type: TagRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: TagInput, required: true }) },
    resolve: (_root, args, ctx) => updateTag(ctx, intId('Tag', args.id), args.input),
  }),
  deleteTag: t.field({
    type: TagRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteTag(ctx, intId('Tag', args.id)),
  }),
}));
