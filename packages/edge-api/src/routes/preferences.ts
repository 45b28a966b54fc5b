import {
  ExportQuerySchema,
  MeQuerySchema,
  PreferenceLinkRequestSchema,
  PreferenceSessionRequestSchema,
  ReconsentRequestSchema,
  type SessionEnded,
  WithdrawalRequestSchema,
} from '@signet/sdk';
import { Hono } from 'hono';
import { loadSigner } from '../crypto/signer.js';
import type { AppEnv } from '../env.js';
import { errorResponse, fail } from '../http/errors.js';
import { parseJsonBody, parseWith, queryObject } from '../http/validate.js';
import { freshSessionMs, requirePreferenceSession } from '../middleware/preference-session.js';
import { ownOrigin } from '../middleware/same-origin.js';
import { allowSiteOrigins, type SiteCorsEnv } from '../middleware/site-cors.js';
import { identifySiteKey, type OptionalSiteKeyEnv } from '../middleware/site-key.js';
import { historyCsv } from '../pages/export-csv.js';
import { exportPage } from '../pages/export-page.js';
import { askedLocale } from '../pages/unsubscribe-page.js';
import { eraseWith, erasureReads } from '../services/erasure.js';
import { exportPerson } from '../services/export.js';
import { exportJsonSchema } from '../services/export-schema.js';
import { describeMe } from '../services/me.js';
import { sendAndSealInBackground, sendInBackground } from '../services/outbox-sender.js';
import { requestPreferenceLink } from '../services/preference-links.js';
import {
  endPreferenceSession,
  isFresh,
  openPreferenceSession,
} from '../services/preference-sessions.js';
import { reconsent, reconsentReads } from '../services/reconsent.js';
import { sealInBackground, sequenceSite } from '../services/record-log.js';
import { consentReads, withdrawWith } from '../services/withdrawal.js';

const staleMessage = `Export and erasure need a session opened in the last ${freshSessionMs / 60_000} minutes: open your link again`;

/** The person's side (R1, R2, R6): magic links, sessions, and what a session may see and do. */
export const preferenceRoutes = new Hono<AppEnv & OptionalSiteKeyEnv & SiteCorsEnv>()
  .post('/v1/preference-links', identifySiteKey(), async (c) => {
    const input = await parseJsonBody(c, PreferenceLinkRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const now = new Date();
    const result = await requestPreferenceLink(c.env, input.value, {
      origin: c.req.header('origin') ?? null,
      siteKeyOf: c.var.siteKeyOf,
      clientIp: c.req.header('cf-connecting-ip') ?? null,
      ownOrigin: ownOrigin(c),
      publicUrl: c.env.PUBLIC_URL ?? new URL(c.req.url).origin,
      now,
    });
    if (!result.ok) return errorResponse(c, result.error);
    allowSiteOrigins(c, result.value.siteOrigins);
    // A link writes no record: nothing to seal.
    sendInBackground(c.env, c.executionCtx, result.value.outboxIds, now);
    return c.json({ status: 'sent-if-known' as const }, 202);
  })
  .post('/v1/preference-sessions', async (c) => {
    const input = await parseJsonBody(c, PreferenceSessionRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const { outcome, siteOrigins } = await openPreferenceSession(c.env.DB, c.env, input.value, {
      now: new Date(),
      clientIp: c.req.header('cf-connecting-ip') ?? null,
    });
    allowSiteOrigins(c, siteOrigins);
    if (!outcome.ok) return errorResponse(c, outcome.error);
    return c.json(outcome.value, 201, { 'cache-control': 'no-store' });
  })
  .get('/v1/me', requirePreferenceSession(), async (c) => {
    const query = parseWith(MeQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const locale = query.value.locale ?? 'en';
    const me = await describeMe(c.env, c.var.session, c.var.sessionSite, locale, new Date());
    return c.json(me, 200, { 'cache-control': 'no-store' });
  })
  .delete('/v1/me/session', requirePreferenceSession(), async (c) => {
    await endPreferenceSession(c.env.DB, c.var.session);
    const ended: SessionEnded = { ended: true };
    return c.json(ended, 200, { 'cache-control': 'no-store' });
  })
  .post('/v1/me/withdrawals', requirePreferenceSession(consentReads), async (c) => {
    const input = await parseJsonBody(c, WithdrawalRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const [consents] = c.var.sessionReads;
    const state = { site: c.var.sessionSite, consents };
    const result = await withdrawWith(c.env, c.var.session, state, input.value.purposes, {
      now: new Date(),
      clientIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      indexKey: c.env.INDEX_KEY,
      form: 'preferences-page',
    });
    if (result.withdrawn.length > 0) sealInBackground(c.env, c.executionCtx);
    return c.json(result, 200, { 'cache-control': 'no-store' });
  })
  .post('/v1/me/consent-requests', requirePreferenceSession(reconsentReads), async (c) => {
    const input = await parseJsonBody(c, ReconsentRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const now = new Date();
    const result = await reconsent(c.env, c.var.session, c.var.sessionReads, input.value, {
      clientIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      publicUrl: c.env.PUBLIC_URL ?? new URL(c.req.url).origin,
      ownOrigin: ownOrigin(c),
      now,
    });
    if (!result.ok) return errorResponse(c, result.error);
    sendAndSealInBackground(c.env, c.executionCtx, result.value.outboxIds, now, {
      siteId: c.var.session.site_id,
      sealed: result.value.sealed ?? false,
    });
    return c.json({ status: 'pending' as const }, 202);
  })
  .get('/v1/me/export', requirePreferenceSession(), async (c) => {
    const query = parseWith(ExportQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const now = new Date();
    if (!isFresh(c.var.session, now)) return fail(c, 'unauthorized', staleMessage);
    const signer = await loadSigner(c.env.SIGNING_KEY).catch(() => null);
    if (signer) await sequenceSite(c.env, signer, c.var.session.site_id);
    const site = c.var.sessionSite;
    const data = await exportPerson(c.env, c.var.session, now, site);
    // As the other pages choose: asked for, else the browser's language, else the site's.
    const locale = query.value.locale ?? askedLocale(c) ?? site.defaultLocale;
    const file = `signet-export-${data.site.id}-${now.toISOString().slice(0, 10)}`;
    if (query.value.format === 'html') return exportPage(c, data, locale, site.timeZone);
    if (query.value.format === 'csv') {
      return c.body(historyCsv(data, locale, site.timeZone), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file}.csv"`,
        'cache-control': 'no-store',
      });
    }
    // Indented, so that a person who opens the file can read it too.
    return c.body(`${JSON.stringify(data, null, 2)}\n`, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${file}.json"`,
      'cache-control': 'no-store',
    });
  })
  .post('/v1/me/erasure', requirePreferenceSession(erasureReads), async (c) => {
    const now = new Date();
    if (!isFresh(c.var.session, now)) return fail(c, 'unauthorized', staleMessage);
    const { site_id: siteId, subject_id: subjectId } = c.var.session;
    const found = c.var.sessionReads;
    const erased = await eraseWith(c.env, { siteId, subjectId }, found, 'erased', now);
    sealInBackground(c.env, c.executionCtx);
    return c.json(erased, 200, { 'cache-control': 'no-store' });
  })
  /** The JSON Schema of the export (R3), made from the contract's ExportSchema. */
  .get('/schemas/export.json', (c) =>
    c.json(exportJsonSchema(), 200, { 'cache-control': 'public, max-age=3600' }),
  );
