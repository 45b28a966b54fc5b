import type { ImportAdapter } from './adapter.js';

const unset = (value: string | null) => {
  const text = (value ?? '').trim();
  return text === '' || text === '0';
};

/**
 * CleverReach's recipient export (semicolons, German dates or Unix times): `email`,
 * `registered` (sign-up), `activated` (the double opt-in's confirmation), `deactivated`, `source`
 * (the form or origin). A recipient never activated, or deactivated, is not subscribed. Sources
 * in docs/import.md.
 */
export const cleverreachAdapter: ImportAdapter = {
  format: 'cleverreach',
  system: 'cleverreach',
  columns: {
    email: ['email', 'E-Mail'],
    optInAt: ['registered', 'Angemeldet'],
    confirmedAt: ['activated', 'Aktiviert'],
    form: ['source', 'Quelle'],
  },
  subscribed: (cell) =>
    !unset(cell('activated') ?? cell('Aktiviert') ?? '1') &&
    unset(cell('deactivated') ?? cell('Deaktiviert')),
  statusColumns: ['activated', 'Aktiviert', 'deactivated', 'Deaktiviert'],
};
