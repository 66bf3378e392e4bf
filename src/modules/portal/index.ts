import './schema.js';
export { portalRoutes } from './rest.js';
export { PortalConversationRef, PortalMessageRef, portalMessagesByConversation } from './types.js';
