import { html } from 'hono/html';
import type { MailMessage } from './mailer.js';

const strings = {
  de: {
    subject: (site: string) => `Anmeldung in der Signet-Konsole für ${site}`,
    intro: (site: string) =>
      `Sie (oder jemand mit Ihrer Adresse) möchten sich in der Signet-Konsole für ${site} anmelden.`,
    action: 'Dieser Link meldet Sie an; er gilt einmal:',
    button: 'Anmelden',
    expiry: (minutes: number) => `Der Link ist ${minutes} Minuten gültig.`,
    ignore: 'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Niemand wird angemeldet.',
  },
  en: {
    subject: (site: string) => `Sign in to the Signet console for ${site}`,
    intro: (site: string) =>
      `You (or someone using your address) asked to sign in to the Signet console for ${site}.`,
    action: 'This link signs you in, once:',
    button: 'Sign in',
    expiry: (minutes: number) => `The link is valid for ${minutes} minutes.`,
    ignore: 'If this was not you, ignore this email: nobody is signed in.',
  },
};

/** The console's magic link: the link and how long it lasts, nothing else. */
export function ownerSignInEmail(input: {
  locale: 'de' | 'en';
  siteName: string;
  url: string;
  validMinutes: number;
}): Omit<MailMessage, 'to'> {
  const t = strings[input.locale];
  const text = [
    t.intro(input.siteName),
    '',
    t.action,
    input.url,
    '',
    t.expiry(input.validMinutes),
    '',
    t.ignore,
  ].join('\n');
  const body = html`<!doctype html>
<html lang="${input.locale}"><body style="font-family: sans-serif; line-height: 1.5">
<p>${t.intro(input.siteName)}</p>
<p>${t.action}</p>
<p><a href="${input.url}">${t.button}</a></p>
<p>${t.expiry(input.validMinutes)}</p>
<p>${t.ignore}</p>
</body></html>`;
  return { subject: t.subject(input.siteName), text, html: String(body) };
}
