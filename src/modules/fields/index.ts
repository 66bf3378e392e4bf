import './schema.js';
export { fieldRoutes } from './rest.js';
export { customFieldsByConversation, CustomFieldValueRef, fieldById, FieldRef, type CustomFieldValue } from './types.js';
export { writeCustomFieldValues, type CustomFieldValueInput } from './service.js';
