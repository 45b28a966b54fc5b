import { type Locale, locales } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { page, withWidget } from './layout.js';

const titles = {
  de: (site: string) => `Ihre Einwilligungen bei ${site}`,
  en: (site: string) => `Your consents at ${site}`,
  fr: (site: string) => `Vos consentements auprès de ${site}`,
} satisfies Record<Locale, unknown>;

const languageNames = { de: 'Deutsch', en: 'English', fr: 'Français' } satisfies Record<
  Locale,
  string
>;
const languageLabel = { de: 'Sprache', en: 'Language', fr: 'Langue' } satisfies Record<
  Locale,
  string
>;

/**
 * `/p/{site}`: the hosted preferences page (R6), for sites that do not embed the element. The
 * same <signet-preferences> from the same bundle, under a strict CSP with Trusted Types: scripts
 * and connections only to this origin. The link's token rides in the fragment, which never
 * reaches a server or a Referer; the language in the query (`?lang=`), which the element keeps
 * when it takes the token out of the address bar. The page's one `<h1>` names the site; the
 * element's headings follow it.
 */
export function preferencesPage(c: Context, site: { id: string; name: string }, locale: Locale) {
  const title = titles[locale](site.name);
  const switcher = html`<nav aria-label="${languageLabel[locale]}"><ul class="languages">${locales.map(
    (other) =>
      other === locale
        ? html`<li><a aria-current="page" lang="${other}" href="?lang=${other}">${languageNames[other]}</a></li>`
        : html`<li><a lang="${other}" hreflang="${other}" href="?lang=${other}">${languageNames[other]}</a></li>`,
  )}</ul></nav>`;
  const body = html`${switcher}<h1>${title}</h1>
<signet-preferences site="${site.id}" lang="${locale}"></signet-preferences>`;
  const extras = {
    ...withWidget,
    css: `${withWidget.css ?? ''}
  .languages { list-style: none; display: flex; gap: 1rem; padding: 0; margin: 0 0 1rem; }`,
  };
  return page(c, 200, locale, title, body, extras);
}
