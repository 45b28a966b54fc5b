import {
  ContactQuerySchema,
  PurposeIdSchema,
  PurposeInputSchema,
  SiteSettingsPatchSchema,
  SubjectIdSchema,
  SubjectIdsQuerySchema,
  WordingInputSchema,
} from '@signet/sdk';
import { type Context, Hono } from 'hono';
import type * as v from 'valibot';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { type Parsed, parseJsonBody, parseWith, queryObject } from '../http/validate.js';
import {
  isFreshCaller,
  requireSiteKey,
  type SiteKeyEnv,
  staleMessage,
} from '../middleware/site-key.js';
import { eraseForSite, exportForSite } from '../services/person-requests.js';
import { sealInBackground } from '../services/record-log.js';
import {
  getSiteSettings,
  listAdminPurposes,
  publishPurposeWording,
  savePurpose,
  subjectConsents,
  suppressionOf,
  updateSiteSettings,
} from '../services/site-admin.js';
import { maskedContactsOf, subjectById } from '../services/subject-contacts.js';

async function subjectAnswer(
  c: Context<AppEnv & SiteKeyEnv>,
  query: Parsed<v.InferOutput<typeof ContactQuerySchema>>,
) {
  if (!query.ok) return errorResponse(c, query.error);
  const answer = await subjectConsents(
    c.env.DB,
    c.env.INDEX_KEY,
    c.var.siteId,
    query.value,
    c.var.keyMode,
  );
  return c.json(answer, 200, { 'cache-control': 'no-store' });
}

async function suppressionAnswer(
  c: Context<AppEnv & SiteKeyEnv>,
  query: Parsed<v.InferOutput<typeof ContactQuerySchema>>,
) {
  if (!query.ok) return errorResponse(c, query.error);
  const answer = await suppressionOf(c.env.DB, c.env.INDEX_KEY, c.var.siteId, query.value);
  return c.json(answer, 200, { 'cache-control': 'no-store' });
}

/** The site owner's API: every route acts only on the site its key belongs to (S5). */
export const adminRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/*', requireSiteKey())
  .get('/v1/admin/site', async (c) => c.json(await getSiteSettings(c.env.DB, c.var.siteId)))
  .patch('/v1/admin/site', async (c) => {
    const patch = await parseJsonBody(c, SiteSettingsPatchSchema);
    if (!patch.ok) return errorResponse(c, patch.error);
    const saved = await updateSiteSettings(c.env.DB, c.var.siteId, patch.value, {
      recentSignIn: isFreshCaller(c),
      staleMessage,
    });
    return saved.ok ? c.json(saved.value) : errorResponse(c, saved.error);
  })
  .get('/v1/admin/purposes', async (c) =>
    c.json({ purposes: await listAdminPurposes(c.env.DB, c.var.siteId) }),
  )
  .put('/v1/admin/purposes/:purpose', async (c) => {
    const id = parseWith(PurposeIdSchema, c.req.param('purpose'));
    if (!id.ok) return errorResponse(c, { ...id.error, field: 'purpose' });
    const input = await parseJsonBody(c, PurposeInputSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const saved = await savePurpose(c.env.DB, c.var.siteId, id.value, input.value, new Date());
    return saved.ok ? c.json(saved.value) : errorResponse(c, saved.error);
  })
  .post('/v1/admin/purposes/:purpose/wordings', async (c) => {
    const id = parseWith(PurposeIdSchema, c.req.param('purpose'));
    if (!id.ok) return errorResponse(c, { ...id.error, field: 'purpose' });
    const wording = await parseJsonBody(c, WordingInputSchema);
    if (!wording.ok) return errorResponse(c, wording.error);
    const published = await publishPurposeWording(
      c.env.DB,
      c.var.siteId,
      id.value,
      wording.value,
      new Date(),
    );
    if (!published.ok) return errorResponse(c, published.error);
    const { created, ...body } = published.value;
    return c.json(body, created ? 201 : 200);
  })
  // Whose records a page of the log holds (A1): masked contacts by subject id.
  .get('/v1/admin/subjects', async (c) => {
    const query = parseWith(SubjectIdsQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const answer = await maskedContactsOf(c.env, c.var.siteId, query.value.ids);
    return c.json(answer, 200, { 'cache-control': 'no-store' });
  })
  .get('/v1/admin/subjects/:id/consents', async (c) => {
    const id = parseWith(SubjectIdSchema, c.req.param('id'));
    if (!id.ok) return errorResponse(c, { ...id.error, field: 'id' });
    const person = await subjectById(c.env, c.var.siteId, id.value);
    if (!person.ok) return errorResponse(c, person.error);
    return c.json(person.value, 200, { 'cache-control': 'no-store' });
  })
  .get('/v1/admin/subjects/consents', async (c) =>
    subjectAnswer(c, parseWith(ContactQuerySchema, queryObject(c))),
  )
  // The same lookup with the address in a JSON body, out of URLs and logs.
  .post('/v1/admin/subjects/consents', async (c) =>
    subjectAnswer(c, await parseJsonBody(c, ContactQuerySchema)),
  )
  .get('/v1/admin/suppressions', async (c) =>
    suppressionAnswer(c, parseWith(ContactQuerySchema, queryObject(c))),
  )
  // The same lookup with the address in a JSON body, out of URLs and logs.
  .post('/v1/admin/suppressions/lookup', async (c) =>
    suppressionAnswer(c, await parseJsonBody(c, ContactQuerySchema)),
  )
  // A person's request that reached the site owner: by address, in a JSON body (never a URL).
  .post('/v1/admin/subjects/export', async (c) => {
    const query = await parseJsonBody(c, ContactQuerySchema);
    if (!query.ok) return errorResponse(c, query.error);
    const data = await exportForSite(c.env, c.var.siteId, query.value, new Date());
    if (!data.ok) return errorResponse(c, data.error);
    return c.json(data.value, 200, { 'cache-control': 'no-store' });
  })
  .post('/v1/admin/subjects/erasure', async (c) => {
    const query = await parseJsonBody(c, ContactQuerySchema);
    if (!query.ok) return errorResponse(c, query.error);
    const erased = await eraseForSite(c.env, c.var.siteId, query.value, new Date());
    if (!erased.ok) return errorResponse(c, erased.error);
    sealInBackground(c.env, c.executionCtx);
    return c.json(erased.value, 200, { 'cache-control': 'no-store' });
  });
