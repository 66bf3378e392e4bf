import './schema.js';
export { tagRoutes } from './rest.js';
export { tagById, TagRef } from './types.js';
