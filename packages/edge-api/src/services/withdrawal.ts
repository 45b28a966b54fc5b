import type { Withdrawal } from '@signet/sdk';
import { evidenceIp, evidenceUserAgent } from '../crypto/evidence.js';
import { recordMacKey } from '../crypto/record-mac.js';
import { newId } from '../crypto/tokens.js';
import {
  type SubjectConsentRow,
  subjectConsentsRead,
  withdrawConsent,
  withdrawnAt,
} from '../store/consents.js';
import { guardHolds } from '../store/guard.js';
import type { SqlValue } from '../store/reads.js';
import { insertRecordForSubject, withMac } from '../store/records.js';
import { type Site, siteRead } from '../store/sites.js';
import type { ErasureEnv } from './erasure.js';
import { lastPurposeRule } from './last-purpose.js';

/** What a withdrawal reads, all in one round trip (its caller may add its own reads to it). */
export function withdrawalReads(
  db: D1Database,
  person: { siteId: string | SqlValue; subjectId: string | SqlValue },
) {
  return [siteRead(db, person.siteId), ...consentReads(db, person)] as const;
}

/** The reads of a withdrawal besides the site's, for a caller that has read the site. */
export function consentReads(
  db: D1Database,
  person: { siteId: string | SqlValue; subjectId: string | SqlValue },
) {
  return [subjectConsentsRead(db, person.siteId, person.subjectId)] as const;
}

export interface WithdrawalState {
  site: Site | null;
  consents: SubjectConsentRow[];
}

/**
 * R1: each named active purpose is withdrawn at once, with its signed `withdrawn` record in the
 * same batch; the consent check says no from that moment. When nothing is left active or
 * pending (decided inside the batch), the person is erased by the rule of `last-purpose.ts`,
 * the same from the preferences page and from a one-click unsubscribe link (R4: every path of
 * withdrawal alike). `state` is what `withdrawalReads` found, read together with the caller's
 * own reads.
 */
export async function withdrawWith(
  env: ErasureEnv,
  person: { site_id: string; subject_id: string },
  state: WithdrawalState,
  purposes: string[],
  context: {
    now: Date;
    clientIp: string | null;
    userAgent: string | null;
    indexKey: string;
    form: string;
  },
): Promise<Withdrawal & { erased: boolean }> {
  const db = env.DB;
  const { site_id: siteId, subject_id: subjectId } = person;
  const { site } = state;
  if (!site) throw new Error('the site of a session is missing');
  const active = state.consents.filter(
    (consent) => consent.status === 'active' && purposes.includes(consent.purpose_id),
  );
  if (active.length === 0) return { withdrawn: [], unchanged: purposes, erased: false };
  const at = context.now.toISOString();
  const recordContext = {
    pageUrl: null,
    form: context.form,
    evidenceIp: await evidenceIp(site.evidenceIp, context.clientIp, context.indexKey),
    userAgent: evidenceUserAgent(context.userAgent),
  };
  const recordKey = await recordMacKey(env);
  const records = await Promise.all(
    active.map((consent) =>
      withMac(recordKey, {
        id: newId(),
        siteId,
        subjectId,
        purposeId: consent.purpose_id,
        event: 'withdrawn',
        wordingVersion: consent.wording_version,
        requestId: consent.request_id,
        context: recordContext,
        createdAt: at,
      }),
    ),
  );
  const statements = active.flatMap((consent, i) => {
    const which = { siteId, subjectId, purposeId: consent.purpose_id };
    const record = records[i] as (typeof records)[number];
    return [
      withdrawConsent(db, which, at),
      insertRecordForSubject(db, record, withdrawnAt(which, at)),
    ];
  });
  // Decided inside the batch, after its withdrawals: is anything left active or pending?
  const last = guardHolds(db, lastPurposeRule.nothingLeft({ siteId, subjectId }, at));
  const results = await db.batch<{ holds?: number }>([...statements, last]);
  const withdrawn = active
    .filter((_, index) => results[index * 2]?.meta.changes === 1)
    .map((consent) => consent.purpose_id);
  const unchanged = purposes.filter((purpose) => !withdrawn.includes(purpose));
  const ended = results.at(-1);
  if (withdrawn.length === 0 || ended?.results[0]?.holds !== 1) {
    return { withdrawn, unchanged, erased: false };
  }
  await lastPurposeRule.apply(env, { siteId, subjectId }, 'withdrawn', context.now);
  return { withdrawn, unchanged, erased: true };
}
