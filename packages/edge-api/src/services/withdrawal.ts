import type { Withdrawal } from '@signet/sdk';
import { evidenceIp, evidenceUserAgent } from '../crypto/evidence.js';
import { newId } from '../crypto/tokens.js';
import { listPendingRequestsOfSubject } from '../store/consent-requests.js';
import { listSubjectConsents, withdrawConsent, withdrawnAt } from '../store/consents.js';
import { insertRecordForSubject, subjectById } from '../store/records.js';
import { findSite } from '../store/sites.js';
import { insertSuppression } from '../store/suppressions.js';
import { type ErasureEnv, eraseSubject } from './erasure.js';

/**
 * R1: each named active purpose is withdrawn at once, with its signed `withdrawn` record in the
 * same batch; the consent check says no from that moment. When nothing is left active or
 * pending, `whenNothingLeft` decides: from the person's own session (`POST /v1/me/withdrawals`)
 * the data held for it goes too (R4: the person is erased); from a one-click unsubscribe link,
 * which anyone holding the message can press without signing in, the address is only suppressed
 * (R5) and nothing is erased.
 */
export async function withdrawPurposes(
  env: ErasureEnv,
  person: { site_id: string; subject_id: string },
  purposes: string[],
  context: {
    now: Date;
    clientIp: string | null;
    userAgent: string | null;
    indexKey: string;
    form: string;
    whenNothingLeft: 'erase' | 'suppress';
  },
): Promise<Withdrawal & { erased: boolean }> {
  const db = env.DB;
  const { site_id: siteId, subject_id: subjectId } = person;
  const site = await findSite(db, siteId);
  if (!site) throw new Error('the site of a session is missing');
  const active = (await listSubjectConsents(db, siteId, subjectId)).filter(
    (consent) => consent.status === 'active' && purposes.includes(consent.purpose_id),
  );
  const at = context.now.toISOString();
  const recordContext = {
    pageUrl: null,
    form: context.form,
    evidenceIp: await evidenceIp(site.evidenceIp, context.clientIp, context.indexKey),
    userAgent: evidenceUserAgent(context.userAgent),
  };
  const statements = active.flatMap((consent) => {
    const which = { siteId, subjectId, purposeId: consent.purpose_id };
    return [
      withdrawConsent(db, which, at),
      insertRecordForSubject(
        db,
        subjectById(subjectId),
        {
          id: newId(),
          siteId,
          purposeId: consent.purpose_id,
          event: 'withdrawn',
          wordingVersion: consent.wording_version,
          requestId: consent.request_id,
          context: recordContext,
          createdAt: at,
        },
        withdrawnAt(which, at),
      ),
    ];
  });
  const results = statements.length > 0 ? await db.batch(statements) : [];
  const withdrawn = active
    .filter((_, index) => results[index * 2]?.meta.changes === 1)
    .map((consent) => consent.purpose_id);
  const unchanged = purposes.filter((purpose) => !withdrawn.includes(purpose));
  const left = (await listSubjectConsents(db, siteId, subjectId)).some(
    (consent) => consent.status === 'active',
  );
  const pending = (await listPendingRequestsOfSubject(db, subjectId, at)).length > 0;
  if (withdrawn.length === 0 || left || pending) return { withdrawn, unchanged, erased: false };
  if (context.whenNothingLeft === 'suppress') {
    await insertSuppression(db, { siteId, subjectId, reason: 'withdrawn', at }).run();
    return { withdrawn, unchanged, erased: false };
  }
  await eraseSubject(env, { siteId, subjectId }, 'withdrawn', context.now);
  return { withdrawn, unchanged, erased: true };
}
