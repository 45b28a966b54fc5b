import type { ImportAdapter } from './adapter.js';

/**
 * Mailchimp's audience export (the `subscribed_*.csv` of the zip): `Email Address` and the
 * opt-in evidence Mailchimp keeps, sign-up and confirmation time and IP (`OPTIN_TIME`,
 * `OPTIN_IP`, `CONFIRM_TIME`, `CONFIRM_IP`). Sources in docs/import.md.
 */
export const mailchimpAdapter: ImportAdapter = {
  format: 'mailchimp',
  system: 'mailchimp',
  columns: {
    email: ['Email Address', 'E-Mail-Adresse'],
    optInAt: ['OPTIN_TIME'],
    optInIp: ['OPTIN_IP'],
    confirmedAt: ['CONFIRM_TIME'],
    confirmedIp: ['CONFIRM_IP'],
  },
};
