import './schema.js';
import './recompute.js';
import './breach.js';
export { slaPolicyRoutes } from './rest.js';
export { applySla } from './clocks.js';
