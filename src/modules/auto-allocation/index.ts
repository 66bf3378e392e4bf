import './schema.js';
import './allocate.js';
export { autoAllocationRoutes } from './rest.js';
