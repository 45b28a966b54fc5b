import { ConsentRequestSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { idempotencyKeyOf, parseJsonBody } from '../http/validate.js';
import { allowSiteOrigins, type SiteCorsEnv } from '../middleware/site-cors.js';
import { identifySiteKey, type OptionalSiteKeyEnv } from '../middleware/site-key.js';
import { requestConsent } from '../services/consent-requests.js';
import { sendWrittenAndSealInBackground } from '../services/outbox-sender.js';

export const consentRequestRoutes = new Hono<AppEnv & OptionalSiteKeyEnv & SiteCorsEnv>().post(
  '/v1/consent-requests',
  identifySiteKey({ test: true }),
  async (c) => {
    const idempotencyKey = idempotencyKeyOf(c);
    if (!idempotencyKey.ok) return errorResponse(c, idempotencyKey.error);
    const input = await parseJsonBody(c, ConsentRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const now = new Date();
    const result = await requestConsent(c.env, input.value, {
      origin: c.req.header('origin') ?? null,
      siteKeyOf: c.var.siteKeyOf,
      mode: c.var.keyMode,
      clientIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      idempotencyKey: idempotencyKey.value,
      publicUrl: c.env.PUBLIC_URL ?? new URL(c.req.url).origin,
      now,
      sendsAtOnce: true,
    });
    if (!result.ok) return errorResponse(c, result.error);
    allowSiteOrigins(c, result.value.siteOrigins);
    const { messages, sealed } = result.value;
    sendWrittenAndSealInBackground(c.env, c.executionCtx, messages, now, {
      siteId: input.value.site,
      sealed: sealed ?? false,
    });
    // Ids only for the site's own server: a browser's answer must not tell a known address.
    const { written } = result.value;
    const ids = c.var.siteKeyOf !== null && written ? written : {};
    return c.json({ status: 'pending' as const, ...ids }, 202);
  },
);
