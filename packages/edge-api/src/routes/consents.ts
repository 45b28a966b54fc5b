import { ConsentCheckBatchSchema, ConsentCheckQuerySchema } from '@signet/sdk';
import { type Context, Hono } from 'hono';
import type * as v from 'valibot';
import { linkKey } from '../crypto/link-tokens.js';
import { recordMacKey } from '../crypto/record-mac.js';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { type Parsed, parseJsonBody, parseWith, queryObject } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { type CheckOptions, checkConsent, checkConsents } from '../services/consent-check.js';
import { sealInBackground } from '../services/record-log.js';

async function checkOptions(c: Context<AppEnv & SiteKeyEnv>): Promise<CheckOptions> {
  return {
    publicUrl: c.env.PUBLIC_URL ?? new URL(c.req.url).origin,
    linkKey: await linkKey(c.env),
    recordKey: await recordMacKey(c.env),
    mode: c.var.keyMode,
  };
}

async function checkAnswer(
  c: Context<AppEnv & SiteKeyEnv>,
  query: Parsed<v.InferOutput<typeof ConsentCheckQuerySchema>>,
) {
  if (!query.ok) return errorResponse(c, query.error);
  const answer = await checkConsent(
    c.env.DB,
    c.env.INDEX_KEY,
    c.var.siteId,
    query.value,
    await checkOptions(c),
  );
  if (!answer.ok) return errorResponse(c, answer.error);
  if (query.value.use) sealInBackground(c.env, c.executionCtx);
  return c.json(answer.value, 200, { 'cache-control': 'no-store' });
}

/** A3, by query string or, to keep the address out of URLs and logs, by JSON body. */
export const consentRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/consents/check', requireSiteKey())
  .use('/v1/consents/checks', requireSiteKey())
  .get('/v1/consents/check', async (c) =>
    checkAnswer(c, parseWith(ConsentCheckQuerySchema, queryObject(c))),
  )
  .post('/v1/consents/check', async (c) =>
    checkAnswer(c, await parseJsonBody(c, ConsentCheckQuerySchema)),
  )
  // A mailing list in one call: up to 1,000 contacts, one query.
  .post('/v1/consents/checks', async (c) => {
    const query = await parseJsonBody(c, ConsentCheckBatchSchema);
    if (!query.ok) return errorResponse(c, query.error);
    const answer = await checkConsents(
      c.env.DB,
      c.env.INDEX_KEY,
      c.var.siteId,
      query.value,
      await checkOptions(c),
    );
    if (!answer.ok) return errorResponse(c, answer.error);
    return c.json(answer.value, 200, { 'cache-control': 'no-store' });
  });
