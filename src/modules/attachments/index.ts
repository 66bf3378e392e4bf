import './schema.js';
import './jobs.js';
export { attachmentRoutes } from './rest.js';
export { attachmentJson, mountAttachmentHttp } from './http.js';
export { attachmentById, attachmentsByMessage, AttachmentRef } from './types.js';
export { attachmentIdsFrom, checkAttachments, claimAttachments } from './service.js';
