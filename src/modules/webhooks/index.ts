import './schema.js';
import './consumer.js';
import './deliver.js';
export { webhookRoutes } from './rest.js';
export { signatureOf, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './deliver.js';
export { webhookDeliveryCounts } from './service.js';
