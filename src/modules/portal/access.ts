/**
 * Who the portal acts for. A contact viewer always acts for itself (a `contactId` it passes is
 * ignored: it cannot reach anyone else's conversations). Agents and integrations with the
 * `portal` scope act for the contact they name in `contactId`. A conversation of another contact,
 * of another channel, or deleted, is answered as not found (404), never as forbidden.
 */
import type { Viewer } from '../../auth/viewer.js';
import type { Conversation } from '../../generated/prisma/client.js';
import type { Tx } from '../../engine/write.js';
import { invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';

type Db = Pick<Tx, 'conversation'>;

/** The contact a call acts for; null when a non-contact viewer named none (and none is required). */
export function actingContact(viewer: Viewer, contactId: string | number | null | undefined, options: { required: boolean }): number | null {
  if (viewer.kind === 'contact') return viewer.contactId;
  if (contactId === undefined || contactId === null || contactId === '') {
    if (options.required) throw invalidField('contactId', 'is required');
    return null;
  }
  return intId('Contact', contactId, 'contactId');
}

/** The contacts a list covers: a contact sees only its own; others must name at least one. */
export function listedContacts(viewer: Viewer, contactIds: readonly (string | number)[] | null | undefined): number[] {
  if (viewer.kind === 'contact') return [viewer.contactId];
  if (!contactIds || contactIds.length === 0) throw invalidField('contactIds', 'is required: name at least one contact');
  if (contactIds.length > 100) throw invalidField('contactIds', 'may name at most 100 contacts');
  return [...new Set(contactIds.map((id, index) => intId('Contact', id, `contactIds[${index}]`)))];
}

export const portalWhere = { channel: 'portal', deletedTime: null } as const;

/** The portal conversation `id` as seen by this viewer acting for `contactId`, or 404. */
export async function findPortalConversation(
  db: Db,
  viewer: Viewer,
  id: number,
  contactId: string | number | null | undefined,
  options: { required: boolean; forUpdate?: boolean } = { required: false },
): Promise<{ conversation: Conversation; contactId: number }> {
  const acting = actingContact(viewer, contactId, options);
  const conversation = await db.conversation.findFirst({ where: { id, ...portalWhere } });
  if (!conversation || conversation.contactId === null || (acting !== null && conversation.contactId !== acting)) {
    throw notFound('portal conversation', id);
  }
  return { conversation, contactId: conversation.contactId };
}
