import type { ImportAdapter } from './adapter.js';

/**
 * The consents of another deployment's site export (M2), as `siteExportImportRows` makes them
 * from the file: one row per consent, with the wording text the person confirmed and the
 * original record (deployment, site, id, hash, key id) the import restates. Only an active
 * consent is one; a withdrawn or expired one is not subscribed.
 */
export const signetExportAdapter: ImportAdapter = {
  format: 'signet-export',
  system: 'signet',
  columns: {
    email: ['email'],
    purpose: ['purpose'],
    confirmedAt: ['confirmed_at'],
    wordingText: ['wording_text'],
    wordingVersion: ['wording_version'],
    originalOrigin: ['original_origin'],
    originalSite: ['original_site'],
    originalId: ['original_id'],
    originalHash: ['original_hash'],
    originalKid: ['original_kid'],
  },
  subscribed: (cell) => cell('status') === 'active',
};
