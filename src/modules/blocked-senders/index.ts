import './schema.js';
export { blockedSenderRoutes } from './rest.js';
export { senderVerdict, type SenderVerdict } from './service.js';
