import './imap.js';
import './schema.js';
export { inboundEmailRoutes } from './rest.js';
export { receiveEmail } from './service.js';
