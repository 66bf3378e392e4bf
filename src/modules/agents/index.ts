import './schema.js';
export { agentRoutes } from './rest.js';
export { agentById, AgentRef } from './types.js';
