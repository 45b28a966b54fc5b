import { Hono } from 'hono';
import { linkKey } from '../crypto/link-tokens.js';
import { recordMacKey } from '../crypto/record-mac.js';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { ownOrigin, postOrigin } from '../middleware/same-origin.js';
import { confirmPage } from '../pages/confirm-page.js';
import { confirm, previewConfirmation } from '../services/confirmation.js';
import { settleInBackground } from '../services/record-log.js';

async function formNonceOf(c: { req: { parseBody(): Promise<Record<string, unknown>> } }) {
  try {
    const nonce = (await c.req.parseBody()).nonce;
    return typeof nonce === 'string' ? nonce.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** C6: opening the link only shows the page; the button's same-origin POST confirms (C5). */
export const confirmRoutes = new Hono<AppEnv>()
  .get('/confirm/:token', async (c) => {
    const token = c.req.param('token');
    const options = { linkKey: await linkKey(c.env), now: new Date() };
    return confirmPage(c, await previewConfirmation(c.env.DB, token, options), token);
  })
  .post('/confirm/:token', async (c) => {
    const token = c.req.param('token');
    const from = postOrigin(c, ownOrigin(c));
    // Neither Sec-Fetch-Site nor Origin: no browser's button, nothing is read or written.
    if (from === 'unsaid') {
      const message =
        'A confirmation is accepted only from its page: this POST carried neither Sec-Fetch-Site nor Origin';
      return fail(c, 'origin_not_allowed', message);
    }
    const view = await confirm(c.env.DB, token, {
      now: new Date(),
      clientIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      indexKey: c.env.INDEX_KEY,
      linkKey: await linkKey(c.env),
      recordKey: await recordMacKey(c.env),
      sameOrigin: from === 'same-origin',
      nonce: await formNonceOf(c),
      signingKey: c.env.SIGNING_KEY,
    });
    if (view.state === 'confirmed') settleInBackground(c.env, c.executionCtx, view.records);
    return confirmPage(c, view, token);
  });
