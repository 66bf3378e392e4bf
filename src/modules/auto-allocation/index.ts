import './schema.js';
export { autoAllocationRoutes } from './rest.js';
