import {
  type ContactQuery,
  type Evidence,
  type Jwks,
  verifyRecord,
  type Wording,
} from '@signet/sdk';
import { listSentMessagesForRequests } from '../store/outbox.js';
import { listSealedRecords, toSignedRecord } from '../store/records.js';
import { findSubjectId } from '../store/subjects.js';
import { listWordingTexts } from '../store/wordings.js';
import { contactIndex } from './consent-check.js';

/** The contract's evidence document (`GET /v1/consents/evidence`). */
export type EvidenceDocument = Evidence;

/**
 * Everything that proves one person's consent to one purpose (P1): the signed records, the exact
 * wording texts they name, the confirmation messages as sent (of confirmed requests only, their
 * links redacted: C5), and the verification verdicts against the published keys.
 */
export async function evidenceFor(
  db: D1Database,
  keys: { indexKey: string; jwks: Jwks },
  siteId: string,
  query: ContactQuery & { purpose: string },
  now: Date,
): Promise<EvidenceDocument | null> {
  const { indexKey, jwks } = keys;
  const contact = await contactIndex(indexKey, siteId, query);
  const subject = await findSubjectId(db, siteId, contact.kind, contact.index);
  if (!subject) return null;
  const rows = await listSealedRecords(db, siteId, {
    subjectId: subject.id,
    purposeId: query.purpose,
    afterSeq: 0,
    limit: 1000,
  });
  if (rows.length === 0) return null;
  const records = rows.map(toSignedRecord);
  const versions = [...new Set(records.map((signed) => signed.record.wording.version))];
  const texts = await listWordingTexts(db, siteId, versions);
  const requestIds = [
    ...new Set(records.map((signed) => signed.record.request).filter((id): id is string => !!id)),
  ];
  const verdicts = await Promise.all(
    records.map(async (signed) => ({
      id: signed.record.id,
      ...(await verifyRecord(signed, jwks)),
    })),
  );
  return {
    site: siteId,
    purpose: query.purpose,
    generatedAt: now.toISOString(),
    records,
    wordings: versions.flatMap((version) => {
      const text = texts.get(version);
      return text ? [{ version, canonicalText: text, wording: JSON.parse(text) as Wording }] : [];
    }),
    messages: await listSentMessagesForRequests(db, requestIds),
    jwks,
    verification: { allValid: verdicts.every((verdict) => verdict.ok), records: verdicts },
  };
}
