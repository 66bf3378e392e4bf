import './schema.js';
export { filterRoutes } from './rest.js';
export { FilterRef, FilterWhenEnum as ConditionWhenEnum } from './types.js';
export { filterWhereSql } from './service.js';
