import {
  type ContactQuery,
  type Erasure,
  type Export,
  type Result,
  signetError,
} from '@signet/sdk';
import { loadSigner } from '../crypto/signer.js';
import type { Env } from '../env.js';
import { findSubjectId } from '../store/subjects.js';
import { contactIndex } from './consent-check.js';
import { eraseSubject } from './erasure.js';
import { exportPerson } from './export.js';
import { sequenceSite } from './record-log.js';

// A person's request that reached the site owner instead of the preferences page (by email to
// the shop, at its counter): the owner answers it with the site key, by the person's address.

async function subjectOf(env: Env, siteId: string, query: ContactQuery) {
  const contact = await contactIndex(env.INDEX_KEY, siteId, query);
  const subject = await findSubjectId(env.DB, siteId, contact.kind, contact.index);
  if (subject) return { ok: true as const, value: subject.id };
  const field = query.email !== undefined ? 'email' : 'phone';
  return {
    ok: false as const,
    error: signetError('not_found', 'Signet holds nothing about this person for this site', field),
  };
}

/** R2, R3: everything held about the person, as the preferences page's export gives it. */
export async function exportForSite(
  env: Env,
  siteId: string,
  query: ContactQuery,
  now: Date,
): Promise<Result<Export>> {
  const subject = await subjectOf(env, siteId, query);
  if (!subject.ok) return subject;
  // The export carries signed records: records written moments ago get their place first.
  const signer = await loadSigner(env.SIGNING_KEY).catch(() => null);
  if (signer) await sequenceSite(env, signer, siteId);
  return {
    ok: true,
    value: await exportPerson(env, { site_id: siteId, subject_id: subject.value }, now),
  };
}

/** R4: the same erasure as the person's own, with its signed `erased` records. */
export async function eraseForSite(
  env: Env,
  siteId: string,
  query: ContactQuery,
  now: Date,
): Promise<Result<Erasure>> {
  const subject = await subjectOf(env, siteId, query);
  if (!subject.ok) return subject;
  return {
    ok: true,
    value: await eraseSubject(env, { siteId, subjectId: subject.value }, 'erased', now),
  };
}
