import { LocaleSchema, SiteIdSchema } from '@signet/sdk';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../env.js';
import { parseWith } from '../http/validate.js';
import { page } from '../pages/layout.js';
import { preferencesPage } from '../pages/preferences-page.js';
import { askedLocale } from '../pages/unsubscribe-page.js';
import { findSite } from '../store/sites.js';

/** `/p/{site}`: the hosted preferences page (R6), for every site whether or not it embeds one. */
export const hostedPageRoutes = new Hono<AppEnv>().get('/p/:site', async (c) => {
  const id = parseWith(SiteIdSchema, c.req.param('site'));
  const site = id.ok ? await findSite(c.env.DB, id.value) : null;
  if (!site) {
    return page(
      c,
      404,
      'en',
      'Unknown site',
      html`<h1>Unknown site</h1><p>There is no site with this name.</p>`,
    );
  }
  // `?lang=` from a mail's link, the form's link or the page's own switch outranks the browser.
  const chosen = parseWith(LocaleSchema, c.req.query('lang'));
  const asked = chosen.ok ? chosen.value : askedLocale(c);
  const locale = asked && site.locales.includes(asked) ? asked : site.defaultLocale;
  return preferencesPage(c, site, locale);
});
