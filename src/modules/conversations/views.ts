/**
 * The built-in views of the agent console, usable wherever a filter id is: `all`, `mine`
 * (assigned to me), `unassigned` (no agent), `mentions` (I am @mentioned in a note).
 * Stored filters (issue #4) build on this through `filterWhereSql` in src/modules/filters/service.ts.
 */
import type { Viewer } from '../../auth/viewer.js';
import { Prisma } from '../../generated/prisma/client.js';

export const BUILT_IN_VIEW_IDS = ['all', 'mine', 'unassigned', 'mentions'] as const;
export type BuiltInViewId = (typeof BUILT_IN_VIEW_IDS)[number];

/**
 * SQL (a boolean over the conversation table aliased "c") for a built-in view, or null when `id`
 * is not one. Views tied to "me" match nothing for a viewer that is not an agent.
 */
export function builtInViewSql(viewer: Viewer, id: string): Prisma.Sql | null {
  const agentId = viewer.kind === 'agent' ? viewer.agentId : null;
  switch (id) {
    case 'all':
      return Prisma.sql`TRUE`;
    case 'mine':
      return agentId === null ? Prisma.sql`FALSE` : Prisma.sql`c."assignedAgentId" = ${agentId}`;
    case 'unassigned':
      return Prisma.sql`c."assignedAgentId" IS NULL`;
    case 'mentions':
      return agentId === null
        ? Prisma.sql`FALSE`
        : Prisma.sql`EXISTS (SELECT 1 FROM "Mention" mn WHERE mn."conversationId" = c.id AND mn."agentId" = ${agentId})`;
    default:
      return null;
  }
}
