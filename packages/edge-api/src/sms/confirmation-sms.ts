import type { Locale } from '@signet/sdk';
import type { SmsMessage } from './sms-sender.js';

const strings = {
  de: (site: string, what: string, url: string, hours: number) =>
    `${site}: Bitte bestätigen Sie Ihre Einwilligung (${what}): ${url} (${hours} h gültig). Ohne Bestätigung wird nichts aktiviert.`,
  en: (site: string, what: string, url: string, hours: number) =>
    `${site}: Please confirm your consent (${what}): ${url} (valid ${hours} h). Nothing is activated without confirmation.`,
  fr: (site: string, what: string, url: string, hours: number) =>
    `${site} : veuillez confirmer votre consentement (${what}) : ${url} (valable ${hours} h). Rien n’est activé sans confirmation.`,
} satisfies Record<Locale, unknown>;

/** The SMS double-opt-in message (C5): short, the site's name, what is confirmed, the link. */
export function confirmationSms(input: {
  to: string;
  locale: Locale;
  siteName: string;
  purposeLabels: string[];
  confirmUrl: string;
  validHours: number;
}): SmsMessage {
  const what = input.purposeLabels.join('; ');
  return {
    to: input.to,
    text: strings[input.locale](input.siteName, what, input.confirmUrl, input.validHours),
  };
}
