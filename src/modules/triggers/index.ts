import './schema.js';
import './execution.js';
export { triggerRoutes } from './rest.js';
