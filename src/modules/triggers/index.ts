import './schema.js';
import './execution.js';
import './prune.js';
export { triggerRoutes } from './rest.js';
