import {
  EvidenceQuerySchema,
  EvidenceSchema,
  JwksSchema,
  RecordListSchema,
  RecordQuerySchema,
  SignedCheckpointSchema,
  SignedRecordSchema,
} from '@signet/sdk';
import * as v from 'valibot';
import type { Operation } from '../operation.js';

const evidenceDescription =
  'Everything that proves one person’s consent to one purpose, or without `purpose` to each of theirs: the signed records, found by the per-site keyed hash of the address or number (so they are found after an erasure too, which the answer then states with its date), the exact wordings shown, the confirmation messages of confirmed requests as sent while they are held (the link redacted, with its token’s SHA-256), a signed excerpt tying the records to the site’s log and the verdicts against the published keys. `format=html` or `format=pdf` gives the exhibit (“Nachweis der Einwilligung”) for people, in `locale` (default: the site’s default locale), with times in the site’s time zone; its `Content-Disposition` names site, a person reference (never the address), purpose and date. The HTML checks its own signatures offline.';

export const proofOperations: Operation[] = [
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    operationId: 'getJwks',
    tag: 'Proof',
    summary: 'Public keys',
    description:
      'The active signing key and every `SIGNING_PUBLIC_KEY_*` variable (Ed25519 JWKs): the keys come from configuration, never from a table, so records signed before a rotation still verify.',
    security: 'none',
    responses: { 200: { description: 'The JWKS', json: JwksSchema } },
  },
  {
    method: 'get',
    path: '/v1/log/checkpoint',
    operationId: 'getCheckpoint',
    tag: 'Proof',
    summary: 'Checkpoint of the log',
    description:
      'A signed statement of the site’s log head (sequence number and hash), made now and not stored. Anything before it can no longer change unseen.',
    security: 'siteKey',
    responses: { 200: { description: 'The checkpoint', json: SignedCheckpointSchema } },
  },
  {
    method: 'get',
    path: '/v1/records',
    operationId: 'listRecords',
    tag: 'Proof',
    summary: 'Signed records',
    description:
      'The site’s signed records in log order, 1,000 a page: `next` is the `since` of the following page, `null` on the last. `npx signet verify` checks a whole log offline.',
    security: 'siteKey',
    query: v.pick(RecordQuerySchema, ['subject', 'since']),
    queryDescriptions: {
      subject: 'Only this subject’s records',
      since: 'After this sequence number (the `next` of the previous page)',
    },
    responses: { 200: { description: 'A page of records', json: RecordListSchema } },
  },
  {
    method: 'get',
    path: '/v1/records/{id}',
    operationId: 'getRecord',
    tag: 'Proof',
    summary: 'One signed record',
    description: 'One sealed record; `format=jws` gives it as a compact JWS for third parties.',
    security: 'siteKey',
    pathParameters: { id: { schema: { type: 'string' }, description: 'The record’s id' } },
    query: v.pick(RecordQuerySchema, ['format']),
    queryDescriptions: { format: '`json` (the default) or `jws`' },
    responses: {
      200: { description: 'The record', json: SignedRecordSchema, text: ['application/jose'] },
    },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/consents/evidence',
    operationId: 'getEvidence',
    tag: 'Proof',
    summary: 'Evidence of a consent',
    description: evidenceDescription,
    security: 'siteKey',
    query: EvidenceQuerySchema,
    queryDescriptions: {
      email: 'The person’s email address (or `phone`, not both)',
      phone: 'The person’s number in E.164 form (or `email`, not both)',
      purpose: 'The purpose’s id; without it, every purpose of the person',
      format: '`json` (the default), `html` or `pdf`',
      locale: '`de`, `en` or `fr`: the exhibit’s language (default: the site’s default locale)',
    },
    responses: {
      200: {
        description: 'The evidence, or the exhibit',
        json: EvidenceSchema,
        text: ['text/html', 'application/pdf'],
      },
    },
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/consents/evidence',
    operationId: 'getEvidenceByBody',
    tag: 'Proof',
    summary: 'Evidence of a consent (JSON body)',
    description: `${evidenceDescription} The address in a JSON body, out of URLs and logs.`,
    security: 'siteKey',
    body: {
      schema: EvidenceQuerySchema,
      example: { email: 'person@example.org', purpose: 'newsletter', format: 'pdf', locale: 'de' },
    },
    responses: {
      200: {
        description: 'The evidence, or the exhibit',
        json: EvidenceSchema,
        text: ['text/html', 'application/pdf'],
      },
    },
    errors: ['not_found'],
  },
];
