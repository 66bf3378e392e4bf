import './schema.js';
export { departmentRoutes } from './rest.js';
export { departmentById, DepartmentRef } from './types.js';
