import './schema.js';
import './rollup.js';
export { reportRoutes } from './rest.js';
