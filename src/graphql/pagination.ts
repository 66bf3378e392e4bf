/**
 * Offset-backed Relay connections. GraphQL callers page with first/after (or last/before);
 * `page` (1-based, as REST's pageIndex) is offered too, so both APIs share one resolver.
 * Every connection carries `totalCount`.
 */
import { offsetToCursor, resolveOffsetConnection } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { invalidField } from './errors.js';

/** Whether the field being resolved selects `name` directly (through fragments too). */
function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === name;
      if (selection.kind === 'InlineFragment') return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  page?: number | null;
}

export const MAX_PAGE_SIZE = 100;

export async function offsetConnection<T>(
  args: PageArgs,
  options: { defaultSize: number; count: () => Promise<number>; fetch: (offset: number, limit: number) => Promise<T[]>; info?: GraphQLResolveInfo },
) {
  let connectionArgs: PageArgs = args;
  if (args.page !== undefined && args.page !== null) {
    if (args.page < 1) throw invalidField('page', 'must be at least 1');
    if (args.after || args.before || args.last) throw invalidField('page', 'cannot be combined with after, before or last');
    const size = args.first ?? options.defaultSize;
    const skip = (args.page - 1) * size;
    connectionArgs = { first: size, after: skip > 0 ? offsetToCursor(skip - 1) : undefined };
  }
  for (const name of ['first', 'last'] as const) {
    const value = connectionArgs[name];
    if (value !== undefined && value !== null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw invalidField(name, `must be between 0 and ${MAX_PAGE_SIZE}`);
    }
  }
  let counted: Promise<number> | undefined;
  // Asked for: counted in the same tick as the page, so both travel in one statement.
  if (options.info && selectsField(options.info, 'totalCount')) counted = options.count();
  const connection = await resolveOffsetConnection(
    { args: connectionArgs, defaultSize: options.defaultSize, maxSize: MAX_PAGE_SIZE },
    ({ offset, limit }) => options.fetch(offset, limit),
  );
  // Counted only when `totalCount` is asked for: the one part of a page that grows with the data.
  return { ...connection, totalCount: () => (counted ??= options.count()) };
}

/** Extra fields every connection object gets. */
export const connectionFields = (t: any) => ({
  totalCount: t.int({ description: 'All items matching the query, across pages.', resolve: (parent: { totalCount: () => Promise<number> }) => parent.totalCount() }),
});
