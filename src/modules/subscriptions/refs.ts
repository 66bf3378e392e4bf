/**
 * The conversation and message types events carry: the conversations module's own types, fed
 * with the rows the hub loaded once per batch (their scalar fields cost no SQL per subscriber).
 * Contacts read messages as the portal shows them (PortalMessage: no agent-only fields).
 */
export { ConversationRef as ConversationRefForEvents, MessageRef as MessageRefForEvents } from '../conversations/index.js';
export { PortalMessageRef } from '../portal/index.js';
