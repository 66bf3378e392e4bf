/**
 * Who may see what, evaluated in memory against rows the hub loaded once per batch (so checking
 * 10,000 subscribers costs no SQL). Keep these in step with the conversations module's rules.
 */
import type { Conversation, Message } from '../../generated/prisma/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { canUseConsole } from '../conversations/index.js';

/**
 * The console's rule (canUseConsole): agents, and integrations with the `api` scope, see every
 * conversation; contacts only their own portal conversations.
 */
export function maySeeConversation(viewer: Viewer, conversation: Conversation): boolean {
  if (canUseConsole(viewer)) return true;
  switch (viewer.kind) {
    case 'contact':
      // As the portal: its own conversations of channel portal, not deleted.
      return conversation.contactId === viewer.contactId && conversation.channel === 'portal' && conversation.deletedTime === null;
    default:
      return false;
  }
}

/** Contacts never see internal notes. */
export function maySeeMessage(viewer: Viewer, conversation: Conversation, message: Message): boolean {
  if (!maySeeConversation(viewer, conversation)) return false;
  if (viewer.kind === 'contact') return message.type !== 'note';
  return true;
}
