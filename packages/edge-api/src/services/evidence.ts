import {
  type ContactQuery,
  type Evidence,
  type EvidenceErasure,
  type Jwks,
  type Locale,
  type SignedRecord,
  verifyRecord,
  type Wording,
} from '@signet/sdk';
import type { Signer } from '../crypto/signer.js';
import { listReferencesSealed } from '../store/consent-requests.js';
import { listSentMessagesForRequests } from '../store/outbox.js';
import { purposesRead } from '../store/purposes.js';
import { readTogether } from '../store/reads.js';
import { type RecordRow, recordsByContactRead, toSignedRecord } from '../store/records.js';
import { siteRead } from '../store/sites.js';
import { subjectIdRead } from '../store/subjects.js';
import { listWordingTexts } from '../store/wordings.js';
import { contactIndex } from './consent-check.js';
import { makeExcerpt } from './record-log.js';

/** The contract's evidence document (`GET /v1/consents/evidence`). */
export type EvidenceDocument = Evidence;

/** What an erasure removes (services/erasure.ts, store/person-rows.ts), as the evidence says it. */
const removedByErasure: EvidenceErasure['removed'] = [
  'contact',
  'consent-state',
  'requests',
  'messages',
  'preference-links',
];

/** One erasure per subject, from its `erased` records (written together, so one time each). */
function erasuresOf(records: SignedRecord[]): EvidenceErasure[] {
  const bySubject = new Map<string, EvidenceErasure>();
  for (const { record } of records) {
    if (record.event !== 'erased' || bySubject.has(record.subject)) continue;
    bySubject.set(record.subject, {
      at: record.at,
      subject: record.subject,
      cause: record.source.form === 'all-withdrawn' ? 'all-withdrawn' : 'erasure',
      removed: removedByErasure,
    });
  }
  return [...bySubject.values()];
}

async function openedReferences(
  db: D1Database,
  openReference: (subjectId: string, sealed: string) => Promise<string | null>,
  siteId: string,
  requestIds: string[],
) {
  const sealed = await listReferencesSealed(db, siteId, requestIds);
  const opened = await Promise.all(
    sealed.map(async (row) => ({
      requestId: row.id,
      reference: await openReference(row.subject_id, row.reference_sealed),
    })),
  );
  return opened.filter((row): row is { requestId: string; reference: string } => !!row.reference);
}

/**
 * Everything that proves one person's consent to one purpose, or to each of theirs (P1): the
 * signed records, found by the per-site keyed hash of the address or number (so an erasure,
 * which deletes the subject row and keeps the records, leaves them findable), the exact wording
 * texts they name, the confirmation messages as sent (of confirmed requests still held, links
 * redacted: C5), the erasures the records state, a signed excerpt over the records and the
 * verification verdicts. Nothing readable is read back: the person's contact is the one asked.
 */
export async function evidenceFor(
  db: D1Database,
  keys: {
    indexKey: string;
    jwks: Jwks;
    signer: Signer | null;
    /** Opens a request's sealed reference with its subject's key; null once that key is gone. */
    openReference: (subjectId: string, sealed: string) => Promise<string | null>;
  },
  siteId: string,
  query: ContactQuery & { purpose?: string | undefined; locale?: Locale | undefined },
  now: Date,
): Promise<EvidenceDocument | null> {
  const { indexKey, jwks, signer } = keys;
  const contact = await contactIndex(indexKey, siteId, query);
  const [site, rows, currentSubject, purposes] = await readTogether(db, [
    siteRead(db, siteId),
    recordsByContactRead(db, siteId, contact, query.purpose ?? null),
    subjectIdRead(db, siteId, contact.kind, contact.index),
    purposesRead(db, siteId),
  ] as const);
  if (!site) throw new Error('site of a valid key is missing');
  if (rows.length === 0) return null;
  const records = rows.map((row: RecordRow) => toSignedRecord(row));
  const versions = [...new Set(records.map((signed) => signed.record.wording.version))];
  const requestIds = [
    ...new Set(records.map((signed) => signed.record.request).filter((id): id is string => !!id)),
  ];
  const [texts, messages, references, excerpt, verdicts] = await Promise.all([
    listWordingTexts(db, siteId, versions),
    listSentMessagesForRequests(db, requestIds),
    openedReferences(db, keys.openReference, siteId, requestIds),
    signer ? makeExcerpt(db, signer, siteId, records, now) : null,
    Promise.all(
      records.map(async (signed) => ({
        id: signed.record.id,
        ...(await verifyRecord(signed, jwks)),
      })),
    ),
  ]);
  const erasures = erasuresOf(records);
  const purposeIds = [...new Set(records.map((signed) => signed.record.purpose))];
  const lastErasure = erasures.at(-1);
  return {
    site: siteId,
    siteName: site.name,
    purpose: query.purpose ?? null,
    purposes: purposeIds.map((id) => ({
      id,
      channel: purposes.find((purpose) => purpose.id === id)?.channel ?? null,
    })),
    generatedAt: now.toISOString(),
    locale: query.locale ?? site.defaultLocale,
    timeZone: site.timeZone,
    controller: {
      name: site.controllerName,
      address: site.controllerAddress,
      contact: site.controllerContact,
      privacyPolicyUrl: site.privacyPolicyUrl,
    },
    person: {
      kind: contact.kind,
      contact: query.email ?? query.phone ?? '',
      reference: `p${contact.index.slice(0, 5)}`,
      // Erased unless someone holds the address again (a person may sign up after an erasure).
      erasedAt: !currentSubject && lastErasure ? lastErasure.at : null,
    },
    records,
    wordings: versions.flatMap((version) => {
      const text = texts.get(version);
      return text ? [{ version, canonicalText: text, wording: JSON.parse(text) as Wording }] : [];
    }),
    messages,
    erasures,
    references,
    jwks,
    excerpt,
    verification: { allValid: verdicts.every((verdict) => verdict.ok), records: verdicts },
  };
}
