import type { ImportAdapter } from './adapter.js';

/** Signet's own import format (docs/import.md; JSON Schema: `signetImportRowJsonSchema`). */
export const signetAdapter: ImportAdapter = {
  format: 'signet',
  system: 'signet-import',
  columns: {
    email: ['email'],
    purpose: ['purpose'],
    optInAt: ['opt_in_at'],
    optInIp: ['opt_in_ip'],
    confirmedAt: ['confirmed_at'],
    confirmedIp: ['confirmed_ip'],
    form: ['source_form'],
    wordingText: ['wording_text'],
    wordingVersion: ['wording_version'],
  },
};
