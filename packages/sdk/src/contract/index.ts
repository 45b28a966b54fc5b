export * from './admin.js';
export * from './common.js';
export * from './consent-requests.js';
export * from './consents.js';
export * from './errors.js';
export * from './form.js';
export * from './health.js';
export * from './wording.js';
