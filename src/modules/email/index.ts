import './jobs.js';
import './schema.js';
export { queueEmail, queueReplyEmail, mailDomain, conversationRootId, SMTP_OFF, replyToken, replyTokensIn, withReplyToken, parseCc } from './service.js';
