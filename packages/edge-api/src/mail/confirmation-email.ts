import type { Locale } from '@signet/sdk';
import { html } from 'hono/html';
import type { MailMessage } from './mailer.js';

const strings = {
  de: {
    subject: (site: string) => `Bitte bestätigen Sie Ihre Einwilligung bei ${site}`,
    intro: (site: string) =>
      `Sie (oder jemand mit Ihrer E-Mail-Adresse) haben bei ${site} Folgendem zugestimmt:`,
    action: 'Bitte bestätigen Sie das über diesen Link:',
    button: 'Einwilligung bestätigen',
    expiry: (hours: number) => `Der Link ist ${hours} Stunden gültig.`,
    ignore:
      'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ohne Bestätigung wird nichts aktiviert, und Ihre Angaben werden gelöscht.',
    controller: 'Verantwortlich',
    manage: 'Ihre Einwilligungen verwalten, widerrufen oder löschen:',
  },
  en: {
    subject: (site: string) => `Please confirm your consent at ${site}`,
    intro: (site: string) =>
      `You (or someone using your email address) agreed to the following at ${site}:`,
    action: 'Please confirm this with the following link:',
    button: 'Confirm consent',
    expiry: (hours: number) => `The link is valid for ${hours} hours.`,
    ignore:
      'If this was not you, ignore this email: nothing is activated without confirmation, and your details will be deleted.',
    controller: 'Controller',
    manage: 'See, withdraw or delete your consents:',
  },
  fr: {
    subject: (site: string) => `Veuillez confirmer votre consentement auprès de ${site}`,
    intro: (site: string) =>
      `Vous (ou quelqu’un utilisant votre adresse e-mail) avez accepté ce qui suit auprès de ${site} :`,
    action: 'Veuillez le confirmer avec le lien suivant :',
    button: 'Confirmer le consentement',
    expiry: (hours: number) => `Le lien est valable ${hours} heures.`,
    ignore:
      'Si ce n’était pas vous, ignorez cet e-mail : rien n’est activé sans confirmation, et vos données seront supprimées.',
    controller: 'Responsable du traitement',
    manage: 'Voir, retirer ou supprimer vos consentements :',
  },
} satisfies Record<Locale, unknown>;

export interface ConfirmationEmailInput {
  to: string;
  locale: Locale;
  siteName: string;
  controller: string;
  purposeLabels: string[];
  confirmUrl: string;
  /** The hosted preferences page of the site (R6). */
  preferencesUrl: string;
  validHours: number;
}

/** The double-opt-in message (C5): what will be confirmed, by whom, and nothing else. */
export function confirmationEmail(input: ConfirmationEmailInput): MailMessage {
  const t = strings[input.locale];
  const text = [
    t.intro(input.siteName),
    '',
    ...input.purposeLabels.map((label) => `- ${label}`),
    '',
    t.action,
    input.confirmUrl,
    '',
    t.expiry(input.validHours),
    t.ignore,
    '',
    `${t.controller}: ${input.controller}`,
    `${t.manage} ${input.preferencesUrl}`,
  ].join('\n');
  const body = html`<!doctype html>
<html lang="${input.locale}"><body style="font-family: sans-serif; line-height: 1.5">
<p>${t.intro(input.siteName)}</p>
<ul>${input.purposeLabels.map((label) => html`<li>${label}</li>`)}</ul>
<p>${t.action}</p>
<p><a href="${input.confirmUrl}">${t.button}</a></p>
<p>${t.expiry(input.validHours)}</p>
<p>${t.ignore}</p>
<p><small>${t.controller}: ${input.controller}</small></p>
<p><small>${t.manage} <a href="${input.preferencesUrl}">${input.preferencesUrl}</a></small></p>
</body></html>`;
  return { to: input.to, subject: t.subject(input.siteName), text, html: String(body) };
}
