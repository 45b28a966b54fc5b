export * from './client.js';
export * from './contract/index.js';
