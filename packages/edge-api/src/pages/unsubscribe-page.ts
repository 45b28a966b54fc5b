import { type Locale, locales } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { UnsubscribeView } from '../services/unsubscribe.js';
import { preferredLocale } from './confirm-page.js';
import { page } from './layout.js';

const strings = {
  de: {
    title: 'Abmelden',
    ask: (label: string, site: string) => `Möchten Sie sich von „${label}“ bei ${site} abmelden?`,
    button: 'Abmelden',
    doneTitle: 'Abgemeldet',
    done: (label: string, site: string) =>
      `Sie sind von „${label}“ bei ${site} abgemeldet. Sie erhalten dazu keine Nachrichten mehr.`,
    already: (label: string, site: string) =>
      `Sie sind von „${label}“ bei ${site} bereits abgemeldet.`,
    again:
      'War das ein Versehen? Über das Formular der Website können Sie sich jederzeit wieder anmelden (mit erneuter Bestätigung).',
    manage: 'Alle Einwilligungen verwalten',
    lastPurpose: (controller: string) =>
      `Damit werden Ihre Daten hier gelöscht; nur der signierte Nachweis, ohne lesbare Daten, bleibt, damit ${controller} zeigen kann, wozu Sie eingewilligt haben und wann Sie widerrufen haben.`,
    erased:
      'Ihre Daten hier sind gelöscht. Erhalten bleibt nur der signierte Nachweis, ohne lesbare Daten, wozu Sie eingewilligt und wann Sie widerrufen haben.',
    unknownTitle: 'Link ungültig',
    unknown: 'Diesen Abmeldelink kennen wir nicht. Vielleicht wurden Ihre Daten bereits gelöscht.',
  },
  en: {
    title: 'Unsubscribe',
    ask: (label: string, site: string) => `Do you want to unsubscribe from “${label}” at ${site}?`,
    button: 'Unsubscribe',
    doneTitle: 'Unsubscribed',
    done: (label: string, site: string) =>
      `You are unsubscribed from “${label}” at ${site}. You will get no more messages for it.`,
    already: (label: string, site: string) =>
      `You are already unsubscribed from “${label}” at ${site}.`,
    again:
      'Was this a mistake? You can sign up again at any time with the site’s form (you will confirm it again).',
    manage: 'Manage all your consents',
    lastPurpose: (controller: string) =>
      `This deletes your data here; only the signed proof, without readable data, stays, so that ${controller} can show what you agreed to and when you withdrew.`,
    erased:
      'Your data here is deleted. Only the signed proof, without readable data, of what you agreed to and when you withdrew is kept.',
    unknownTitle: 'Invalid link',
    unknown: 'We do not know this unsubscribe link. Your data may already have been deleted.',
  },
  fr: {
    title: 'Se désabonner',
    ask: (label: string, site: string) =>
      `Voulez-vous vous désabonner de « ${label} » auprès de ${site} ?`,
    button: 'Se désabonner',
    doneTitle: 'Désabonné',
    done: (label: string, site: string) =>
      `Vous êtes désabonné de « ${label} » auprès de ${site}. Vous ne recevrez plus de messages à ce sujet.`,
    already: (label: string, site: string) =>
      `Vous êtes déjà désabonné de « ${label} » auprès de ${site}.`,
    again:
      'Une erreur ? Vous pouvez vous réinscrire à tout moment avec le formulaire du site (avec une nouvelle confirmation).',
    manage: 'Gérer tous vos consentements',
    lastPurpose: (controller: string) =>
      `Vos données seront alors supprimées ici ; seule la preuve signée, sans données lisibles, est conservée, afin que ${controller} puisse montrer ce que vous avez accepté et quand vous l’avez retiré.`,
    erased:
      'Vos données ici sont supprimées. Seule la preuve signée, sans données lisibles, de ce que vous avez accepté et de quand vous l’avez retiré est conservée.',
    unknownTitle: 'Lien non valable',
    unknown:
      'Nous ne connaissons pas ce lien de désabonnement. Vos données ont peut-être déjà été supprimées.',
  },
} satisfies Record<Locale, unknown>;

/** The locale a person's browser asks for, if Signet speaks it. */
export function askedLocale(c: Context): Locale | null {
  const header = c.req.header('accept-language');
  if (!header) return null;
  const locale = preferredLocale(header);
  return locales.includes(locale) ? locale : null;
}

/** Every state of a one-click unsubscribe link (R1), without a redirect. */
export function unsubscribePage(c: Context, view: UnsubscribeView, token: string) {
  if (view.state === 'unknown') {
    const t = strings[askedLocale(c) ?? 'de'];
    return page(
      c,
      404,
      askedLocale(c) ?? 'de',
      t.unknownTitle,
      html`<h1>${t.unknownTitle}</h1><p>${t.unknown}</p>`,
    );
  }
  const t = strings[view.locale];
  if (view.state === 'subscribed') {
    const body = html`<h1>${t.title}</h1><p>${t.ask(view.label, view.siteName)}</p>
${view.lastPurpose ? html`<p id="last-purpose">${t.lastPurpose(view.controller)}</p>` : ''}
<form method="post" action="/u/${token}">
  <input type="hidden" name="List-Unsubscribe" value="One-Click">
  <button type="submit">${t.button}</button>
</form>`;
    return page(c, 200, view.locale, t.title, body);
  }
  const said = view.state === 'done' ? t.done : t.already;
  // After an erasure there is nothing left to manage: the page says what was kept instead.
  const after = view.erased
    ? html`<p>${t.erased}</p><p>${t.again}</p>`
    : html`<p>${t.again}</p>
<p><a href="/p/${view.siteId}">${t.manage}</a></p>`;
  const body = html`<h1>${t.doneTitle}</h1><p role="status">${said(view.label, view.siteName)}</p>${after}`;
  return page(c, 200, view.locale, t.doneTitle, body);
}
