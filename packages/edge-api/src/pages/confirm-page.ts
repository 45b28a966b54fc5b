import { type Locale, locales } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ConfirmationView } from '../services/confirmation.js';
import { page } from './layout.js';

const strings = {
  de: {
    title: 'Einwilligung bestätigen',
    intro: (site: string) =>
      `Bitte bestätigen Sie, dass ${site} Sie für Folgendes kontaktieren darf:`,
    button: 'Jetzt bestätigen',
    controller: 'Verantwortlich',
    privacy: 'Datenschutzerklärung',
    manage: 'Einwilligungen verwalten',
    notYet: 'Erst der Klick auf die Schaltfläche bestätigt. Sie können jederzeit widerrufen.',
    doneTitle: 'Vielen Dank!',
    receipt: 'Ihre Bestätigung herunterladen (Beleg)',
    readReceipt: 'Beleg lesen',
    done: (site: string) => `Ihre Einwilligung bei ${site} ist bestätigt für:`,
    usedTitle: 'Bereits bestätigt',
    used: 'Dieser Link wurde bereits verwendet. Es ist nichts weiter zu tun.',
    usedOther:
      'Ihre Einwilligung wurde bereits über den Link aus einer anderen Nachricht bestätigt. Es ist nichts weiter zu tun.',
    expiredTitle: 'Link abgelaufen',
    expired: (site: string) =>
      `Dieser Link ist nicht mehr gültig. Füllen Sie das Formular von ${site} bitte noch einmal aus; Sie erhalten dann eine neue Nachricht mit einem neuen Link.`,
    toForm: 'Zum Formular',
    again: 'Bitte bestätigen Sie mit der Schaltfläche auf dieser Seite.',
    crossSiteTitle: 'Nicht bestätigt',
    crossSite: (site: string) =>
      `Diese Bestätigung kam von einer anderen Website und wurde nicht angenommen. Öffnen Sie den Link aus der Nachricht von ${site} und drücken Sie dort die Schaltfläche.`,
    numberTakenTitle: 'Nummer nicht übernommen',
    numberTaken:
      'Diese Telefonnummer oder Ihre E-Mail-Adresse ist bereits mit einer anderen Angabe bestätigt. Es wurde nichts geändert.',
    unknownTitle: 'Link ungültig',
    unknown:
      'Diesen Bestätigungslink kennen wir nicht. Bitte prüfen Sie, ob er vollständig kopiert wurde.',
  },
  en: {
    title: 'Confirm your consent',
    intro: (site: string) => `Please confirm that ${site} may contact you for the following:`,
    button: 'Confirm now',
    controller: 'Controller',
    privacy: 'Privacy policy',
    manage: 'Manage your consents',
    notYet: 'Only the button confirms. You can withdraw at any time.',
    doneTitle: 'Thank you!',
    receipt: 'Download your confirmation (receipt)',
    readReceipt: 'Read the receipt',
    done: (site: string) => `Your consent at ${site} is confirmed for:`,
    usedTitle: 'Already confirmed',
    used: 'This link has already been used. There is nothing more to do.',
    usedOther:
      'Your consent was already confirmed through the link in another message. There is nothing more to do.',
    expiredTitle: 'Link expired',
    expired: (site: string) =>
      `This link is no longer valid. Please fill in the form of ${site} once more; you will then receive a new message with a new link.`,
    toForm: 'Go to the form',
    again: 'Please confirm with the button on this page.',
    crossSiteTitle: 'Not confirmed',
    crossSite: (site: string) =>
      `This confirmation came from another website and was not accepted. Open the link in the message from ${site} and press the button there.`,
    numberTakenTitle: 'Number not taken over',
    numberTaken:
      'This phone number or your email address is already confirmed with another one. Nothing was changed.',
    unknownTitle: 'Invalid link',
    unknown: 'We do not know this confirmation link. Please check that it was copied completely.',
  },
  fr: {
    title: 'Confirmer votre consentement',
    intro: (site: string) =>
      `Veuillez confirmer que ${site} peut vous contacter pour ce qui suit :`,
    button: 'Confirmer maintenant',
    controller: 'Responsable du traitement',
    privacy: 'Politique de confidentialité',
    manage: 'Gérer vos consentements',
    notYet: 'Seul le bouton confirme. Vous pouvez retirer votre consentement à tout moment.',
    doneTitle: 'Merci !',
    receipt: 'Télécharger votre confirmation (reçu)',
    readReceipt: 'Lire le reçu',
    done: (site: string) => `Votre consentement auprès de ${site} est confirmé pour :`,
    usedTitle: 'Déjà confirmé',
    used: 'Ce lien a déjà été utilisé. Vous n’avez rien d’autre à faire.',
    usedOther:
      'Votre consentement a déjà été confirmé par le lien d’un autre message. Vous n’avez rien d’autre à faire.',
    expiredTitle: 'Lien expiré',
    expired: (site: string) =>
      `Ce lien n’est plus valable. Veuillez remplir à nouveau le formulaire de ${site} ; vous recevrez alors un nouveau message avec un nouveau lien.`,
    toForm: 'Aller au formulaire',
    again: 'Veuillez confirmer avec le bouton de cette page.',
    crossSiteTitle: 'Non confirmé',
    crossSite: (site: string) =>
      `Cette confirmation provenait d’un autre site et n’a pas été acceptée. Ouvrez le lien du message de ${site} et appuyez sur le bouton qui s’y trouve.`,
    numberTakenTitle: 'Numéro non repris',
    numberTaken:
      'Ce numéro de téléphone ou votre adresse e-mail est déjà confirmé avec une autre donnée. Rien n’a été modifié.',
    unknownTitle: 'Lien non valable',
    unknown:
      'Nous ne connaissons pas ce lien de confirmation. Veuillez vérifier qu’il a été copié en entier.',
  },
} satisfies Record<Locale, unknown>;

/** The first language of Accept-Language that Signet speaks; German otherwise. */
export function preferredLocale(acceptLanguage: string | undefined): Locale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (params.some((param) => /^q=0(\.0*)?$/.test(param))) continue;
    const primary = tag.split('-')[0]?.toLowerCase();
    const known = locales.find((locale) => locale === primary);
    if (known) return known;
  }
  return 'de';
}

/** The preferences page in the page's own language (it would otherwise follow Accept-Language). */
export function managePath(siteId: string, locale: Locale) {
  return `/p/${encodeURIComponent(siteId)}?lang=${locale}`;
}

/** One receipt per purpose, fetched when pressed, by the short-lived receipt token (P6). */
function receiptLinks(
  view: Extract<ConfirmationView, { state: 'confirmed' }>,
  t: { receipt: string; readReceipt: string },
) {
  const several = view.purposeIds.length > 1;
  return html`<ul class="receipts">${view.purposeIds.map((id, index) => {
    const url = `/receipt/${view.receiptToken}?purpose=${encodeURIComponent(id)}`;
    const label = several ? `: ${view.purposeLabels[index] ?? id}` : '';
    return html`<li><a href="${url}" download>${t.receipt}${label}</a> ·
      <a href="${url}&format=html">${t.readReceipt}${label}</a></li>`;
  })}</ul>`;
}

/** Renders every state of a confirmation link as a page a person understands. */
export function confirmPage(c: Context, view: ConfirmationView, token: string) {
  if (view.state === 'unknown') {
    const locale = preferredLocale(c.req.header('accept-language'));
    const t = strings[locale];
    return page(
      c,
      404,
      locale,
      t.unknownTitle,
      html`<h1>${t.unknownTitle}</h1><p>${t.unknown}</p>`,
    );
  }
  const t = strings[view.locale];
  if (view.state === 'cross-site') {
    const body = html`<h1>${t.crossSiteTitle}</h1><p>${t.crossSite(view.siteName)}</p>`;
    return page(c, 403, view.locale, t.crossSiteTitle, body);
  }
  if (view.state === 'number-taken') {
    const body = html`<h1>${t.numberTakenTitle}</h1><p>${t.numberTaken}</p>`;
    return page(c, 409, view.locale, t.numberTakenTitle, body);
  }
  if (view.state === 'used' || view.state === 'expired') {
    if (view.state === 'used') {
      const text = view.otherLink ? t.usedOther : t.used;
      const body = html`<h1>${t.usedTitle}</h1><p>${text}</p>
<p><a href="${managePath(view.siteId, view.locale)}">${t.manage}</a></p>`;
      return page(c, 409, view.locale, t.usedTitle, body);
    }
    const toForm = view.formUrl ? html`<p><a href="${view.formUrl}">${t.toForm}</a></p>` : '';
    const body = html`<h1>${t.expiredTitle}</h1><p>${t.expired(view.siteName)}</p>${toForm}`;
    return page(c, 410, view.locale, t.expiredTitle, body);
  }
  const purposes = html`<ul>${view.purposeLabels.map((label) => html`<li>${label}</li>`)}</ul>`;
  const footer = html`<p><small>${t.controller}: ${view.controller} ·
    <a href="${view.privacyPolicyUrl}" rel="noopener">${t.privacy}</a> ·
    <a href="${managePath(view.siteId, view.locale)}">${t.manage}</a></small></p>`;
  if (view.state === 'confirmed') {
    const body = html`<h1>${t.doneTitle}</h1><p role="status">${t.done(view.siteName)}</p>${purposes}${receiptLinks(view, t)}${footer}`;
    return page(c, 200, view.locale, t.doneTitle, body);
  }
  const body = html`<h1>${t.title}</h1>
${view.again ? html`<p role="alert">${t.again}</p>` : ''}
<p>${t.intro(view.siteName)}</p>
${purposes}
<form method="post" action="/confirm/${token}">
  <input type="hidden" name="nonce" value="${view.nonce}">
  <button type="submit">${t.button}</button>
</form>
<p><small>${t.notYet}</small></p>
${footer}`;
  // A POST without a good nonce changed nothing: 403 says so, the page lets the person go on.
  return page(c, view.again ? 403 : 200, view.locale, t.title, body);
}
