import './schema.js';
export { routingRuleRoutes } from './rest.js';
export { refuseDeletingRoutingTarget, routeConversation } from './service.js';
