import './schema.js';
import './recompute.js';
export { slaPolicyRoutes } from './rest.js';
export { applySla } from './clocks.js';
