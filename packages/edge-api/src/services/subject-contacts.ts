import {
  type Result,
  type SubjectById,
  type SubjectContact,
  type SubjectContactList,
  signetError,
} from '@signet/sdk';
import type { Env } from '../env.js';
import { listSealedContactsOf, type PageSubjectRow } from '../store/subjects.js';
import { maskEmail, maskPhone } from './me.js';
import { consentsOfSubject } from './site-admin.js';
import { openWithKey, sealedAs } from './subject-keys.js';

/** A subject's contact data in the clear, opened with its own data key. */
export async function openContact(
  env: Env,
  row: Omit<PageSubjectRow, 'in_log' | 'held'>,
): Promise<{ email: string | null; phone: string | null }> {
  const open = (sealed: string | null, as: string) =>
    sealed ? openWithKey(env, row, sealed, as) : Promise.resolve(null);
  const [email, phone] = await Promise.all([
    open(row.email_sealed, sealedAs.email(row.id)),
    open(row.phone_sealed, sealedAs.phone(row.id)),
  ]);
  // A subject from before encryption at rest still holds its contact data in plain columns.
  return { email: email ?? (row.email || null), phone: phone ?? row.phone };
}

/**
 * A1: whose records a page of the log holds. One read for the whole page; each contact is opened
 * with its subject's key and masked. Ids of other sites, or never in this site's log, are left out.
 */
export async function maskedContactsOf(
  env: Env,
  siteId: string,
  ids: string[],
): Promise<SubjectContactList> {
  const rows = await listSealedContactsOf(env.DB, siteId, [...new Set(ids)]);
  const subjects = await Promise.all(
    rows.map(async (row): Promise<SubjectContact> => {
      if (!row.held) return { id: row.id, state: 'erased' };
      const { email, phone } = await openContact(env, row);
      return {
        id: row.id,
        state: 'held',
        email: email ? maskEmail(email) : null,
        phone: phone ? maskPhone(phone) : null,
      };
    }),
  );
  return { subjects };
}

/** A person opened from a record by subject id: their contact data and every consent. */
export async function subjectById(
  env: Env,
  siteId: string,
  subjectId: string,
): Promise<Result<SubjectById>> {
  const [rows, consents] = await Promise.all([
    listSealedContactsOf(env.DB, siteId, [subjectId]),
    consentsOfSubject(env.DB, siteId, subjectId),
  ]);
  const row = rows[0];
  if (!row?.held) {
    const why = row ? 'This person was erased' : 'Signet holds nothing about this person';
    return { ok: false, error: signetError('not_found', `${why} for this site`, 'id') };
  }
  return { ok: true, value: { contact: await openContact(env, row), consents } };
}
