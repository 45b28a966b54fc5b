import type { Locale } from '@signet/sdk';
import { html } from 'hono/html';
import type { MailMessage } from './mailer.js';

const strings = {
  de: {
    subject: (site: string) => `Ihre Einstellungen bei ${site}`,
    intro: (site: string) =>
      `Sie (oder jemand mit Ihrer E-Mail-Adresse) möchten Ihre Einwilligungen bei ${site} einsehen oder ändern.`,
    action: 'Über diesen Link öffnen Sie Ihre Einstellungen:',
    button: 'Einstellungen öffnen',
    code: (code: string) =>
      `Auf einem anderen Gerät geben Sie stattdessen diesen Code ein: ${code}`,
    expiry: (minutes: number) => `Link und Code sind ${minutes} Minuten gültig.`,
    ignore: 'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Es ändert sich nichts.',
  },
  en: {
    subject: (site: string) => `Your preferences at ${site}`,
    intro: (site: string) =>
      `You (or someone using your email address) asked to see or change your consents at ${site}.`,
    action: 'This link opens your preferences:',
    button: 'Open my preferences',
    code: (code: string) => `On another device, enter this code instead: ${code}`,
    expiry: (minutes: number) => `The link and the code are valid for ${minutes} minutes.`,
    ignore: 'If this was not you, ignore this email: nothing changes.',
  },
  fr: {
    subject: (site: string) => `Vos préférences auprès de ${site}`,
    intro: (site: string) =>
      `Vous (ou quelqu’un utilisant votre adresse e-mail) avez demandé à voir ou modifier vos consentements auprès de ${site}.`,
    action: 'Ce lien ouvre vos préférences :',
    button: 'Ouvrir mes préférences',
    code: (code: string) => `Sur un autre appareil, saisissez plutôt ce code : ${code}`,
    expiry: (minutes: number) => `Le lien et le code sont valables ${minutes} minutes.`,
    ignore: 'Si ce n’était pas vous, ignorez cet e-mail : rien ne change.',
  },
} satisfies Record<Locale, unknown>;

/** The magic-link message (R6): the link, the code for another device, nothing else. */
export function preferenceLinkEmail(input: {
  locale: Locale;
  siteName: string;
  url: string;
  code: string;
  validMinutes: number;
}): Omit<MailMessage, 'to'> {
  const t = strings[input.locale];
  const text = [
    t.intro(input.siteName),
    '',
    t.action,
    input.url,
    '',
    t.code(input.code),
    t.expiry(input.validMinutes),
    '',
    t.ignore,
  ].join('\n');
  const body = html`<!doctype html>
<html lang="${input.locale}"><body style="font-family: sans-serif; line-height: 1.5">
<p>${t.intro(input.siteName)}</p>
<p>${t.action}</p>
<p><a href="${input.url}">${t.button}</a></p>
<p>${t.code(input.code)}</p>
<p>${t.expiry(input.validMinutes)}</p>
<p>${t.ignore}</p>
</body></html>`;
  return { subject: t.subject(input.siteName), text, html: String(body) };
}
