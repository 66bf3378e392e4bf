import './schema.js';
export { workingTimeRoutes } from './rest.js';
export { loadSiteCalendar } from './service.js';
