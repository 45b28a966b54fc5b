import { type PreferenceSession, type Result, signetError } from '@signet/sdk';
import { emailIndex } from '../crypto/blind-index.js';
import { newToken } from '../crypto/session-tokens.js';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import {
  freshSessionMs,
  type OpenSession,
  sessionMaxMs,
} from '../middleware/preference-session.js';
import {
  countSubjectCodeTry,
  findPreferenceLinkByTokenHash,
  forgiveSubjectCodeTry,
  listOpenLinksOfSubject,
  type PreferenceLinkRow,
} from '../store/preference-links.js';
import { insertPreferenceSession } from '../store/preference-sessions.js';
import { findSubjectId } from '../store/subjects.js';
import { codeHash } from './preference-links.js';
import { clientTicket } from './request-admission.js';

/** Failed tries at a code per person, over all their links still open. */
const maxCodeTries = 5;
/** S4: session openings per client (IPv4 address or IPv6 /64) and hour, codes and links alike. */
export const sessionOpeningsPerClientHour = 60;

const refused = (): Result<never> => ({
  ok: false,
  error: signetError(
    'unauthorized',
    'This link or code is not valid, or no longer: ask for a new one',
  ),
});

async function openFor(
  db: D1Database,
  link: { site_id: string; subject_id: string },
  now: Date,
  also: D1PreparedStatement[] = [],
) {
  const session = newToken();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + sessionMaxMs).toISOString();
  await db.batch([
    insertPreferenceSession(db, {
      token_hash: await tokenHash(session),
      site_id: link.site_id,
      subject_id: link.subject_id,
      created_at: at,
      last_used_at: at,
      expires_at: expiresAt,
    }),
    ...also,
  ]);
  return { ok: true as const, value: { session, expiresAt } };
}

/**
 * `POST /v1/preference-sessions`: a link's token, or the address and the code mailed with it,
 * open a session. The link is not used up: a mail scanner that opens it (even running the page's
 * script) gets a session of its own and changes nothing, and the person's own click still works
 * (decision 0006). A code opens the link it was mailed with, whichever of the person's open links
 * that is; five failed tries per person (over all their open links), each counted before the
 * code is compared. Each client may try this route `sessionOpeningsPerClientHour` times an hour.
 */
export async function openPreferenceSession(
  db: D1Database,
  indexKey: string,
  input: { token: string } | { site: string; email: string; code: string },
  context: { now: Date; clientIp: string | null },
): Promise<Result<PreferenceSession>> {
  const { now } = context;
  const at = now.toISOString();
  if ('token' in input && !looksLikeToken(input.token)) return refused();
  const ticket = await clientTicket(db, {
    indexKey,
    bucket: 'preference-session',
    clientIp: context.clientIp,
    now,
    limit: sessionOpeningsPerClientHour,
  });
  if ((await ticket.run()).meta.changes !== 1) {
    const message = 'Too many attempts from this client; try again later';
    return { ok: false, error: signetError('rate_limited', message) };
  }
  if ('token' in input) {
    const link = await findPreferenceLinkByTokenHash(db, await tokenHash(input.token), at);
    return link ? openFor(db, link, now) : refused();
  }
  const index = await emailIndex(indexKey, input.site, input.email);
  const subject = await findSubjectId(db, input.site, 'email', index);
  if (!subject) return refused();
  const [counted, open] = await db.batch<PreferenceLinkRow>([
    countSubjectCodeTry(db, subject.id, at, maxCodeTries),
    listOpenLinksOfSubject(db, subject.id, at),
  ]);
  if (counted?.meta.changes !== 1) return refused();
  for (const link of open?.results ?? []) {
    if ((await codeHash(indexKey, link.id, input.code)) === link.code_hash) {
      return openFor(db, link, now, [forgiveSubjectCodeTry(db, subject.id, at)]);
    }
  }
  return refused();
}

export function isFresh(session: OpenSession, now: Date) {
  return now.getTime() - Date.parse(session.created_at) <= freshSessionMs;
}
