import type { ReconsentRequest, Result } from '@signet/sdk';
import type { Env } from '../env.js';
import type { OpenSession } from '../middleware/preference-session.js';
import type { Answers, SqlValue } from '../store/reads.js';
import { sealedContactWithKeyRead } from '../store/subjects.js';
import { type RequestAccepted, requestConsent } from './consent-requests.js';
import { openWithKey, sealedAs } from './subject-keys.js';

/** What agreeing again reads with the session: the sealed address and its key. */
export function reconsentReads(db: D1Database, person: { subjectId: SqlValue }) {
  return [sealedContactWithKeyRead(db, person.subjectId)] as const;
}

type ReconsentFound = Answers<ReturnType<typeof reconsentReads>>;

/**
 * Agreeing (again) from the preferences page: a new double opt-in for the session's own address,
 * by the same path as any request (limits, records, the confirmation email); the page it came
 * from is the hosted preferences page.
 */
export async function reconsent(
  env: Env,
  session: OpenSession,
  [contact]: ReconsentFound,
  input: ReconsentRequest,
  context: {
    clientIp: string | null;
    userAgent: string | null;
    publicUrl: string;
    ownOrigin: string;
    now: Date;
  },
): Promise<Result<RequestAccepted>> {
  const email = contact?.email_sealed
    ? await openWithKey(env, contact, contact.email_sealed, sealedAs.email(session.subject_id))
    : null;
  if (!email) throw new Error('the subject of a session has no address');
  return requestConsent(
    env,
    {
      site: session.site_id,
      email,
      purposes: input.purposes,
      locale: input.locale,
      pageUrl: `${context.ownOrigin}/p/${session.site_id}`,
      form: 'preferences-page',
    },
    {
      origin: null,
      siteKeyOf: null,
      sessionOf: session.site_id,
      ownOrigin: context.ownOrigin,
      clientIp: context.clientIp,
      userAgent: context.userAgent,
      idempotencyKey: null,
      publicUrl: context.publicUrl,
      now: context.now,
    },
  );
}
