import './schema.js';
export { conversationRoutes } from './rest.js';
export { ConversationRef, conversationById, MessageRef, messageById, messagesByConversation, PartyRef } from './types.js';
export { addMessage, resolveSender, type MessageInput, type Sender } from './messages-service.js';
export { createConversation, createConversationTx, canUseConsole } from './service.js';
export { builtInViewSql } from './views.js';
