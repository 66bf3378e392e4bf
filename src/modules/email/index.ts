import './jobs.js';
export { queueEmail, mailDomain, conversationRootId, SMTP_OFF } from './service.js';
