import {
  EvidenceQuerySchema,
  type RecordList,
  RecordQuerySchema,
  recordToJws,
  signetError,
} from '@signet/sdk';
import { type Context, Hono } from 'hono';
import type * as v from 'valibot';
import { loadSigner, publishedKeys } from '../crypto/signer.js';
import type { AppEnv } from '../env.js';
import { errorResponse, fail } from '../http/errors.js';
import { type Parsed, parseJsonBody, parseWith, queryObject } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { exhibitFileName, inline } from '../pages/exhibit/file-name.js';
import { exhibitHtml } from '../pages/exhibit/html.js';
import { narrativeOf } from '../pages/exhibit/narrative.js';
import { exhibitPdf } from '../pages/exhibit/pdf.js';
import { evidenceFor } from '../services/evidence.js';
import { makeCheckpoint, sequenceSite } from '../services/record-log.js';
import { openFor, sealedAs } from '../services/subject-keys.js';
import { findSealedRecord, listSealedRecords, toSignedRecord } from '../store/records.js';

const recordsPerPage = 1000;

async function signerOrFail(secret: string | undefined) {
  try {
    return await loadSigner(secret);
  } catch {
    return null;
  }
}

type RecordsContext = Context<AppEnv & SiteKeyEnv>;

/**
 * One person's evidence for one purpose or all of theirs, asked by query string or, to keep the
 * address out of URLs and logs, by JSON body: the contract's JSON, or the exhibit in HTML or PDF.
 */
async function evidenceAnswer(
  c: RecordsContext,
  query: Parsed<v.InferOutput<typeof EvidenceQuerySchema>>,
) {
  if (!query.ok) return errorResponse(c, query.error);
  const { format = 'json', purpose, locale, ...contact } = query.value;
  const signer = await signerOrFail(c.env.SIGNING_KEY);
  if (signer) await sequenceSite(c.env, signer, c.var.siteId);
  const evidence = await evidenceFor(
    c.env.DB,
    {
      indexKey: c.env.INDEX_KEY,
      jwks: { keys: await publishedKeys(c.env) },
      signer,
      openReference: (subjectId, sealed) =>
        openFor(c.env, subjectId, sealed, sealedAs.reference(subjectId)),
    },
    c.var.siteId,
    { ...contact, purpose, locale },
    new Date(),
  );
  if (!evidence) {
    const message = purpose ? 'No records of this person and purpose' : 'No records of this person';
    return errorResponse(c, signetError('not_found', message, purpose ? 'purpose' : 'email'));
  }
  const publicUrl = c.env.PUBLIC_URL ?? new URL(c.req.url).origin;
  const names = { publicUrl, jsonFileName: exhibitFileName(evidence, 'json') };
  const headers = {
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
  };
  if (format === 'html') {
    const page = await exhibitHtml(evidence, names);
    return c.body(page.html, 200, {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `${page.policy}; frame-ancestors 'none'`,
      'content-disposition': inline(exhibitFileName(evidence, 'html')),
    });
  }
  if (format === 'pdf') {
    const pdf = await exhibitPdf(evidence, names);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      'content-type': 'application/pdf',
      'content-disposition': inline(exhibitFileName(evidence, 'pdf')),
    });
  }
  return c.json({ ...evidence, narrative: narrativeOf(evidence) }, 200, {
    ...headers,
    'content-disposition': inline(names.jsonFileName),
  });
}

export const recordRoutes = new Hono<AppEnv & SiteKeyEnv>()
  /** Every public key that ever signed a record or checkpoint (P2), from configuration. */
  .get('/.well-known/jwks.json', async (c) => {
    const keys = await publishedKeys(c.env);
    return c.json({ keys }, 200, { 'cache-control': 'public, max-age=300' });
  })
  .use('/v1/log/*', requireSiteKey())
  .use('/v1/records', requireSiteKey())
  .use('/v1/records/*', requireSiteKey())
  .use('/v1/consents/evidence', requireSiteKey())
  .get('/v1/log/checkpoint', async (c) => {
    const signer = await signerOrFail(c.env.SIGNING_KEY);
    if (!signer) return fail(c, 'internal', 'No signing key is configured');
    return c.json(await makeCheckpoint(c.env, signer, c.var.siteId, new Date()), 200, {
      'cache-control': 'no-store',
    });
  })
  .get('/v1/records', async (c) => {
    const query = parseWith(RecordQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const signer = await signerOrFail(c.env.SIGNING_KEY);
    if (signer) await sequenceSite(c.env, signer, c.var.siteId);
    const rows = await listSealedRecords(c.env.DB, c.var.siteId, {
      ...(query.value.subject ? { subjectId: query.value.subject } : {}),
      afterSeq: Number(query.value.since ?? 0),
      limit: recordsPerPage,
    });
    // A full page may not be the end: `next` is the `since` of the following page.
    const next = rows.length === recordsPerPage ? (rows.at(-1)?.seq ?? null) : null;
    const page: RecordList = { records: rows.map(toSignedRecord), next };
    return c.json(page, 200, { 'cache-control': 'no-store' });
  })
  .get('/v1/records/:id', async (c) => {
    const query = parseWith(RecordQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const row = await findSealedRecord(c.env.DB, c.var.siteId, c.req.param('id').slice(0, 64));
    if (!row) return fail(c, 'not_found', 'No sealed record with this id on this site', 'id');
    const signed = toSignedRecord(row);
    if (query.value.format === 'jws') {
      return c.text(recordToJws(signed), 200, { 'content-type': 'application/jose' });
    }
    return c.json(signed, 200, { 'cache-control': 'no-store' });
  })
  .get('/v1/consents/evidence', async (c) =>
    evidenceAnswer(c, parseWith(EvidenceQuerySchema, queryObject(c))),
  )
  .post('/v1/consents/evidence', async (c) =>
    evidenceAnswer(c, await parseJsonBody(c, EvidenceQuerySchema)),
  );
