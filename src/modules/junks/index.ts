import './schema.js';
export { junkRoutes } from './rest.js';
export { storeJunkMail, type JunkedMail } from './service.js';
