import type { Withdrawal } from '@signet/sdk';
import { evidenceIp, evidenceUserAgent } from '../crypto/evidence.js';
import { newId } from '../crypto/tokens.js';
import type { OpenSession } from '../middleware/preference-session.js';
import { listSubjectConsents, withdrawConsent, withdrawnAt } from '../store/consents.js';
import { insertRecordForSubject, subjectById } from '../store/records.js';
import { findSite } from '../store/sites.js';

/**
 * `POST /v1/me/withdrawals` (R1): each named active purpose is withdrawn at once, with its signed
 * `withdrawn` record in the same batch; the consent check says no from that moment.
 */
export async function withdrawPurposes(
  db: D1Database,
  session: OpenSession,
  purposes: string[],
  context: {
    now: Date;
    clientIp: string | null;
    userAgent: string | null;
    indexKey: string;
    form: string;
  },
): Promise<Withdrawal> {
  const { site_id: siteId, subject_id: subjectId } = session;
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
  return { withdrawn, unchanged: purposes.filter((purpose) => !withdrawn.includes(purpose)) };
}
