import { type Receipt, ReceiptQuerySchema } from '@signet/sdk';
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import { requestOfReceiptToken } from '../crypto/receipt-tokens.js';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseWith, queryObject } from '../http/validate.js';
import { requirePreferenceSession } from '../middleware/preference-session.js';
import type { SiteCorsEnv } from '../middleware/site-cors.js';
import { preferredLocale } from '../pages/confirm-page.js';
import { page } from '../pages/layout.js';
import { receiptFileName, receiptPage } from '../pages/receipt-page.js';
import { receiptFor } from '../services/receipts.js';
import { findRequestOwner } from '../store/consent-requests.js';
import { findSite } from '../store/sites.js';

const publicUrlOf = (c: { env: AppEnv['Bindings']; req: { url: string } }) =>
  c.env.PUBLIC_URL ?? new URL(c.req.url).origin;

function answer(
  c: Context,
  receipt: Receipt,
  format: 'json' | 'html' | undefined,
  page: { jsonUrl: string | null; timeZone: string },
) {
  if (format === 'html') return receiptPage(c, receipt, page);
  return c.json(receipt, 200, {
    'content-disposition': `attachment; filename="${receiptFileName(receipt)}.json"`,
    'cache-control': 'no-store',
  });
}

const gone = {
  de: [
    'Beleg nicht verfügbar',
    'Dieser Link zum Beleg gilt nicht mehr. Ihre Belege finden Sie auf Ihrer Einstellungsseite.',
  ],
  en: [
    'Receipt not available',
    'This receipt link is no longer valid. Your receipts are on your preferences page.',
  ],
  fr: [
    'Reçu non disponible',
    'Ce lien vers le reçu n’est plus valable. Vos reçus se trouvent sur votre page de préférences.',
  ],
} as const;

/**
 * The person's receipts (P6): per purpose with their session, and the one the done page links to
 * with a short-lived receipt token that opens that receipt and nothing else (decision 0007).
 */
export const receiptRoutes = new Hono<AppEnv & SiteCorsEnv>()
  .get('/v1/me/receipts', requirePreferenceSession(), async (c) => {
    const query = parseWith(ReceiptQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const { session, sessionSite } = c.var;
    const ask = {
      site: sessionSite,
      subjectId: session.subject_id,
      purposeId: query.value.purpose,
    };
    const receipt = await receiptFor(c.env, ask, { now: new Date(), publicUrl: publicUrlOf(c) });
    if (!receipt.ok) return errorResponse(c, receipt.error);
    return answer(c, receipt.value, query.value.format, {
      jsonUrl: null,
      timeZone: sessionSite.timeZone,
    });
  })
  .get('/receipt/:token', async (c) => {
    const now = new Date();
    const token = c.req.param('token');
    const query = parseWith(ReceiptQuerySchema, queryObject(c));
    const requestId = await requestOfReceiptToken(c.env.INDEX_KEY, token, now);
    const owner = requestId ? await findRequestOwner(c.env.DB, requestId) : null;
    const site = owner ? await findSite(c.env.DB, owner.site_id) : null;
    const receipt =
      owner && site && query.ok && requestId
        ? await receiptFor(
            c.env,
            { site, subjectId: owner.subject_id, purposeId: query.value.purpose, requestId },
            { now, publicUrl: publicUrlOf(c) },
          )
        : null;
    if (!site || !receipt?.ok) {
      const locale = owner?.locale ?? preferredLocale(c.req.header('accept-language'));
      const [title, text] = gone[locale];
      return page(c, 404, locale, title, html`<h1>${title}</h1><p>${text}</p>`);
    }
    const purpose = encodeURIComponent(receipt.value.purpose.id);
    return answer(c, receipt.value, query.ok ? query.value.format : undefined, {
      jsonUrl: `/receipt/${token}?purpose=${purpose}`,
      timeZone: site.timeZone,
    });
  });
