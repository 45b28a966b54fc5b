import {
  type Receipt,
  type Result,
  type receiptBody,
  receiptEventStates,
  receiptSchemaVersion,
  type SignedRecord,
  signetError,
  signingInput,
  type Wording,
} from '@signet/sdk';
import { loadSigner, publishedKeys } from '../crypto/signer.js';
import type { Env } from '../env.js';
import { findPurpose } from '../store/purposes.js';
import { listSealedRecords, toSignedRecord } from '../store/records.js';
import type { Site } from '../store/sites.js';
import { findSealedContact } from '../store/subjects.js';
import { listWordingTexts } from '../store/wordings.js';
import { makeExcerpt, sequenceSite } from './record-log.js';
import { openFor, sealedAs } from './subject-keys.js';

/** Whose receipt, for which purpose, and of which request (else the latest confirmed one). */
export interface ReceiptAsk {
  site: Site;
  subjectId: string;
  purposeId: string;
  requestId?: string;
}

/**
 * One consent's records: its request's own (requested, confirmed, withdrawn) and the records
 * without a request (used, expired, erased) between its confirmation and the next one.
 */
export function recordsOfOneConsent(records: SignedRecord[], requestId?: string) {
  const confirmations = records.flatMap((signed, index) =>
    signed.record.event === 'confirmed' ? [{ index, request: signed.record.request }] : [],
  );
  const chosen = requestId
    ? confirmations.find((confirmation) => confirmation.request === requestId)
    : confirmations.at(-1);
  if (!chosen?.request) return null;
  const next = confirmations.find((confirmation) => confirmation.index > chosen.index);
  const end = next?.index ?? records.length;
  return records.filter(({ record }, index) =>
    record.request === null
      ? index > chosen.index && index < end
      : record.request === chosen.request,
  );
}

/**
 * The receipt the person keeps (P6): the consent's signed records, a signed excerpt covering
 * them under the log's head now, the keys that signed them, and what they mean in ISO/IEC TS
 * 27560's terms. The site's pending records are sealed first, so a confirmation made a moment
 * ago is in it.
 */
export async function receiptFor(
  env: Env,
  ask: ReceiptAsk,
  options: { now: Date; publicUrl: string },
): Promise<Result<Receipt>> {
  const { site, subjectId, purposeId } = ask;
  const db = env.DB;
  const purpose = await findPurpose(db, site.id, purposeId);
  if (!purpose) {
    return { ok: false, error: signetError('unknown_purpose', 'No such purpose', 'purpose') };
  }
  const signer = await loadSigner(env.SIGNING_KEY);
  await sequenceSite(env, signer, site.id);
  const rows = await listSealedRecords(db, site.id, {
    subjectId,
    purposeId,
    afterSeq: 0,
    limit: 1000,
  });
  const records = recordsOfOneConsent(rows.map(toSignedRecord), ask.requestId);
  const confirmed = records?.find((signed) => signed.record.event === 'confirmed');
  if (!records || !confirmed?.record.request) {
    const message = 'No confirmed consent of this person to this purpose';
    return { ok: false, error: signetError('not_found', message, 'purpose') };
  }
  const version = confirmed.record.wording.version;
  const [texts, contact, keys, excerpt] = await Promise.all([
    listWordingTexts(db, site.id, [version]),
    findSealedContact(db, subjectId),
    publishedKeys(env),
    makeExcerpt(db, signer, site.id, records, options.now),
  ]);
  const text = texts.get(version);
  if (!text) throw new Error(`wording ${version} of a signed record is missing`);
  const wording = JSON.parse(text) as Wording;
  const open = (sealed: string | null | undefined, as: string) =>
    sealed ? openFor(env, subjectId, sealed, as) : Promise.resolve(null);
  const kids = new Set([signer.kid, excerpt.kid, ...records.map((signed) => signed.kid)]);
  const body = {
    schemaVersion: receiptSchemaVersion,
    // Never stored, so it stays the UUID that docs/receipt.md promises (ids stored are shorter).
    receiptId: crypto.randomUUID(),
    recordId: confirmed.record.request,
    receiptTimestamp: options.now.toISOString(),
    language: wording.locale,
    piiPrincipalId: subjectId,
    piiPrincipalContact: {
      email: await open(contact?.email_sealed, sealedAs.email(subjectId)),
      phone: await open(contact?.phone_sealed, sealedAs.phone(subjectId)),
    },
    piiControllers: [
      {
        partyId: site.id,
        partyName: site.controllerName,
        partyAddress: site.controllerAddress,
        partyContact: site.controllerContact,
        partyRole: 'DataController',
        privacyNotice: site.privacyPolicyUrl,
      },
    ],
    site: { id: site.id, name: site.name },
    purpose: { id: purpose.id, channel: purpose.channel, label: wording.label },
    lawfulBasis: 'GDPR Art. 6(1)(a) consent',
    privacyNotice: { version, wording },
    collectionMethod: records[0]?.record.source.form ?? null,
    withdrawalMethod: `${options.publicUrl}/p/${site.id}`,
    events: records.map(({ record }) => ({
      recordId: record.id,
      eventTime: record.at,
      eventType: record.event,
      eventState: receiptEventStates[record.event],
    })),
    proof: { records, excerpt, keys: keys.filter((key) => kids.has(key.kid)) },
  } satisfies ReturnType<typeof receiptBody>;
  const sig = await signer.sign(signingInput('signet-receipt', signer.kid, body));
  return {
    ok: true,
    value: { ...body, proof: { ...body.proof, signature: { kid: signer.kid, sig } } },
  };
}
