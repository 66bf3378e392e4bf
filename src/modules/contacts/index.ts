import './schema.js';
export { contactRoutes } from './rest.js';
export { contactById, ContactRef } from './types.js';
