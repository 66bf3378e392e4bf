import './jobs.js';
import './schema.js';
export { queueEmail, queueReplyEmail, mailDomain, conversationRootId, SMTP_OFF } from './service.js';
