export * from './base64url.js';
export * from './canonical-json.js';
export * from './signing-input.js';
export * from './verify.js';
export * from './verify-receipt.js';
export * from './verify-site-export.js';
