import './schema.js';
export { slaPolicyRoutes } from './rest.js';
export { applySla } from './clocks.js';
