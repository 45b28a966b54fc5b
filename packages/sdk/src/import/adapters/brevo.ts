import type { ImportAdapter } from './adapter.js';

const yes = new Set(['yes', 'ja', 'true', '1', 'oui']);

/**
 * Brevo's contact export: `EMAIL` and its mandatory `ADDED_TIME` (when the contact entered Brevo,
 * read as the opt-in time), `DOUBLE_OPT-IN` where a Brevo DOI form set it. Brevo exports no
 * confirmation time or IP, so none is recorded. A blocklisted contact (`EMAIL_BLACKLISTED`) is
 * not subscribed. Sources in docs/import.md.
 */
export const brevoAdapter: ImportAdapter = {
  format: 'brevo',
  system: 'brevo',
  columns: {
    email: ['EMAIL'],
    optInAt: ['ADDED_TIME'],
  },
  subscribed: (cell) => !yes.has((cell('EMAIL_BLACKLISTED') ?? '').trim().toLowerCase()),
  statusColumns: ['EMAIL_BLACKLISTED'],
};
