import './schema.js';
export { integrationAccountRoutes } from './rest.js';
export { findIntegrationAccount } from './service.js';
