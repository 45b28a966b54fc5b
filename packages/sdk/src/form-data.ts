import { type Locale, locales } from './contract/common.js';

export interface CheckoutConsent {
  purposes: { id: string; wordingVersion: string }[];
  locale: Locale | null;
}

/**
 * Reads what `<signet-consent-fields>` put into a checkout form's data, on the shop's server:
 * the ticked purposes with the wording versions shown, and the form's locale. Pass the result
 * to `requestConsent` with the customer's email once the order is placed.
 */
export function consentFromFormData(
  data: { getAll(name: string): unknown[]; get(name: string): unknown },
  name = 'signet-consent',
): CheckoutConsent {
  const purposes = data
    .getAll(`${name}.purpose`)
    .map(String)
    .map((entry) => {
      const [id = '', wordingVersion = ''] = entry.split(':');
      return { id, wordingVersion };
    })
    .filter((purpose) => purpose.id && purpose.wordingVersion);
  const locale = data.get(`${name}.locale`);
  const known = (locales as readonly unknown[]).includes(locale);
  return { purposes, locale: known ? (locale as Locale) : null };
}
