export * from './client.js';
export * from './contract/index.js';
export * from './form-data.js';
export * from './import/index.js';
export * from './preferences-client.js';
export * from './records/index.js';
export { newWebhookSecret, signWebhook, verifyWebhook } from './webhooks/standard-webhooks.js';
