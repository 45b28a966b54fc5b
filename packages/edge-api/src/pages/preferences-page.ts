import type { Locale } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { page, withWidget } from './layout.js';

const titles = {
  de: (site: string) => `Ihre Einwilligungen bei ${site}`,
  en: (site: string) => `Your consents at ${site}`,
  fr: (site: string) => `Vos consentements auprès de ${site}`,
} satisfies Record<Locale, unknown>;

/**
 * `/p/{site}`: the hosted preferences page (R6), for sites that do not embed the element. The
 * same <signet-preferences> from the same bundle, under a strict CSP with Trusted Types: scripts
 * and connections only to this origin. The link's token rides in the fragment, which never
 * reaches a server or a Referer.
 */
export function preferencesPage(c: Context, site: { id: string; name: string }, locale: Locale) {
  const body = html`<signet-preferences site="${site.id}" lang="${locale}"></signet-preferences>`;
  return page(c, 200, locale, titles[locale](site.name), body, withWidget);
}
