import { type PreferenceSession, type Result, signetError } from '@signet/sdk';
import { emailIndex } from '../crypto/blind-index.js';
import { newToken } from '../crypto/session-tokens.js';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import { type OpenSession, sessionMaxMs } from '../middleware/preference-session.js';
import {
  countCodeTry,
  findLinkForCode,
  findPreferenceLinkByTokenHash,
} from '../store/preference-links.js';
import { insertPreferenceSession } from '../store/preference-sessions.js';
import { findSubjectId } from '../store/subjects.js';
import { codeHash } from './preference-links.js';

/** Export and erasure need a session opened this recently. */
export const freshSessionMs = 15 * 60_000;
const maxCodeTries = 5;

const refused = (): Result<never> => ({
  ok: false,
  error: signetError(
    'unauthorized',
    'This link or code is not valid, or no longer: ask for a new one',
  ),
});

async function openFor(db: D1Database, link: { site_id: string; subject_id: string }, now: Date) {
  const session = newToken();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + sessionMaxMs).toISOString();
  await insertPreferenceSession(db, {
    token_hash: await tokenHash(session),
    site_id: link.site_id,
    subject_id: link.subject_id,
    created_at: at,
    last_used_at: at,
    expires_at: expiresAt,
  }).run();
  return { ok: true as const, value: { session, expiresAt } };
}

/**
 * `POST /v1/preference-sessions`: a link's token, or the address and the code mailed with it,
 * open a session. The link is not used up: a mail scanner that opens it (even running the page's
 * script) gets a session of its own and changes nothing, and the person's own click still works
 * (decision 0006). A code allows five tries per link, counted before it is compared.
 */
export async function openPreferenceSession(
  db: D1Database,
  indexKey: string,
  input: { token: string } | { site: string; email: string; code: string },
  now: Date,
): Promise<Result<PreferenceSession>> {
  const at = now.toISOString();
  if ('token' in input) {
    if (!looksLikeToken(input.token)) return refused();
    const link = await findPreferenceLinkByTokenHash(db, await tokenHash(input.token), at);
    return link ? openFor(db, link, now) : refused();
  }
  const index = await emailIndex(indexKey, input.site, input.email);
  const subject = await findSubjectId(db, input.site, 'email', index);
  const link = subject && (await findLinkForCode(db, subject.id, at, maxCodeTries));
  if (!link || !(await countCodeTry(db, link.id, maxCodeTries))) return refused();
  if ((await codeHash(indexKey, link.id, input.code)) !== link.code_hash) return refused();
  return openFor(db, link, now);
}

export function isFresh(session: OpenSession, now: Date) {
  return now.getTime() - Date.parse(session.created_at) <= freshSessionMs;
}
