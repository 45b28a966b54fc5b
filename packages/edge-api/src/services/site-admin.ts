import {
  type AdminPurpose,
  type ContactQuery,
  type ImportedWithoutEvidence,
  type KeyMode,
  type PublishedWording,
  type PurposeInput,
  type Result,
  type SiteSettings,
  type SiteSettingsPatch,
  type SubjectConsents,
  signetError,
  type Wording,
  wordingCanonicalText,
  wordingVersion,
} from '@signet/sdk';
import { pendingRequestCountRead } from '../store/consent-requests.js';
import { listSubjectConsents } from '../store/consents.js';
import { findPurpose, listPurposes, type PurposeRow, upsertPurpose } from '../store/purposes.js';
import { readAlone } from '../store/reads.js';
import { findSite, type Site, updateSite } from '../store/sites.js';
import { findSubjectId } from '../store/subjects.js';
import { findSuppression } from '../store/suppressions.js';
import { findWording, listCurrentWordings, publishWording } from '../store/wordings.js';
import { contactIndex } from './consent-check.js';

function toSettings(site: Site): SiteSettings {
  const { turnstileSecret, honourSystems, ...visible } = site;
  return {
    ...visible,
    honourSystems: honourSystems.map((system) => system.name),
    turnstileEnabled: turnstileSecret !== null,
  };
}

/**
 * A5: a system listed now must acknowledge what is withdrawn from now on; one listed before
 * keeps its date, so sending the whole list again changes nothing.
 */
function listedSince(site: Site, names: string[] | undefined, now: Date) {
  if (!names) return undefined;
  const before = new Map(site.honourSystems.map((system) => [system.name, system.since]));
  return names.map((name) => ({ name, since: before.get(name) ?? now.toISOString() }));
}

export async function getSiteSettings(db: D1Database, siteId: string): Promise<SiteSettings> {
  const site = await findSite(db, siteId);
  if (!site) throw new Error('site of a valid key is missing');
  return toSettings(site);
}

/**
 * `PATCH /v1/admin/site`. Who may sign in changes only with the key or a console session opened
 * in the last 15 minutes (`recentSignIn`); the same addresses sent again (the console sends the
 * whole form) change nothing and need neither.
 */
export async function updateSiteSettings(
  db: D1Database,
  siteId: string,
  patch: SiteSettingsPatch,
  caller: { recentSignIn: boolean; staleMessage: string },
): Promise<Result<SiteSettings>> {
  const site = await findSite(db, siteId);
  if (!site) throw new Error('site of a valid key is missing');
  const current = toSettings(site);
  const locales = patch.locales ?? current.locales;
  const defaultLocale = patch.defaultLocale ?? current.defaultLocale;
  if (!locales.includes(defaultLocale)) {
    const message = `The default locale ${defaultLocale} must be one of the site's locales`;
    return { ok: false, error: signetError('invalid_input', message, 'defaultLocale') };
  }
  const ttlDays = (patch.confirmTokenTtlSeconds ?? current.confirmTokenTtlSeconds) / 86_400;
  const retentionDays = patch.unconfirmedRetentionDays ?? current.unconfirmedRetentionDays;
  if (retentionDays < ttlDays) {
    const message = 'Unconfirmed requests must be kept at least as long as their links are valid';
    return { ok: false, error: signetError('invalid_input', message, 'unconfirmedRetentionDays') };
  }
  // Owner addresses are compared as typed at sign-in, so one spelling is kept.
  const ownerEmails = patch.ownerEmails && [
    ...new Set(patch.ownerEmails.map((email) => email.toLowerCase())),
  ];
  const sameOwners = (emails: string[]) =>
    emails.length === current.ownerEmails.length &&
    emails.every((email) => current.ownerEmails.includes(email));
  if (ownerEmails && !sameOwners(ownerEmails) && !caller.recentSignIn) {
    return { ok: false, error: signetError('fresh_session_required', caller.staleMessage) };
  }
  const honourSystems = listedSince(site, patch.honourSystems, new Date());
  await updateSite(db, siteId, { ...patch, ownerEmails, honourSystems });
  return { ok: true, value: await getSiteSettings(db, siteId) };
}

/** M1: the purpose's setting for imported consents without DOI evidence, as the API says it. */
function importedSetting(purpose: PurposeRow): ImportedWithoutEvidence {
  if (purpose.imported_without_evidence === 'until' && purpose.imported_until) {
    return { until: purpose.imported_until };
  }
  return purpose.imported_without_evidence === 'count' ? 'count' : 'ignore';
}

function importedColumns(
  given: ImportedWithoutEvidence | undefined,
  existing: PurposeRow | null,
): Pick<PurposeRow, 'imported_without_evidence' | 'imported_until'> {
  if (given === undefined) {
    return {
      imported_without_evidence: existing?.imported_without_evidence ?? 'ignore',
      imported_until: existing?.imported_until ?? null,
    };
  }
  if (typeof given === 'string') return { imported_without_evidence: given, imported_until: null };
  return {
    imported_without_evidence: 'until',
    imported_until: new Date(given.until).toISOString(),
  };
}

export async function listAdminPurposes(db: D1Database, siteId: string): Promise<AdminPurpose[]> {
  const [purposes, wordings] = await Promise.all([
    listPurposes(db, siteId),
    listCurrentWordings(db, siteId),
  ]);
  return purposes.map((purpose) => ({
    id: purpose.id,
    channel: purpose.channel,
    lifetimeDays: purpose.lifetime_days,
    endsAt: purpose.ends_at,
    position: purpose.position,
    importedWithoutEvidence: importedSetting(purpose),
    wordings: wordings
      .filter((wording) => wording.purpose_id === purpose.id)
      .map((wording) => ({
        purpose: purpose.id,
        locale: wording.locale,
        version: wording.version,
        publishedAt: wording.published_at,
      })),
  }));
}

/** Creates a purpose or changes its lifetime and position; its channel never changes (C3). */
export async function savePurpose(
  db: D1Database,
  siteId: string,
  purposeId: string,
  input: PurposeInput,
  now: Date,
): Promise<Result<AdminPurpose>> {
  const existing = await findPurpose(db, siteId, purposeId);
  if (existing && existing.channel !== input.channel) {
    const message = `Purpose "${purposeId}" is a ${existing.channel} purpose; create a new purpose for another channel`;
    return { ok: false, error: signetError('conflict', message, 'channel') };
  }
  await upsertPurpose(
    db,
    siteId,
    {
      id: purposeId,
      channel: input.channel,
      lifetime_days: input.lifetimeDays ?? null,
      ends_at: input.endsAt ? new Date(input.endsAt).toISOString() : null,
      position: input.position ?? existing?.position ?? 0,
      ...importedColumns(input.importedWithoutEvidence, existing),
    },
    now.toISOString(),
  );
  const saved = (await listAdminPurposes(db, siteId)).find((purpose) => purpose.id === purposeId);
  if (!saved) throw new Error('saved purpose is missing');
  return { ok: true, value: saved };
}

/** Publishes a wording (C4): identified by the SHA-256 of its text, never edited afterwards. */
export async function publishPurposeWording(
  db: D1Database,
  siteId: string,
  purposeId: string,
  wording: Wording,
  now: Date,
): Promise<Result<PublishedWording & { created: boolean }>> {
  if (!(await findPurpose(db, siteId, purposeId))) {
    const message = `The site has no purpose "${purposeId}"`;
    return { ok: false, error: signetError('not_found', message, 'purpose') };
  }
  const version = await wordingVersion(wording);
  const before = await findWording(db, siteId, purposeId, wording.locale, version);
  if (before && before.retired_at === null) {
    const value = {
      purpose: purposeId,
      locale: wording.locale,
      version,
      publishedAt: before.published_at,
    };
    return { ok: true, value: { ...value, created: false } };
  }
  const publishedAt = now.toISOString();
  await publishWording(db, {
    siteId,
    purposeId,
    locale: wording.locale,
    version,
    canonicalText: wordingCanonicalText(wording),
    now: publishedAt,
  });
  return {
    ok: true,
    value: { purpose: purposeId, locale: wording.locale, version, publishedAt, created: true },
  };
}

/** Everything a site holds about one person's consents, found by email or phone. */
export async function subjectConsents(
  db: D1Database,
  indexKey: string,
  siteId: string,
  query: ContactQuery,
  mode: KeyMode = 'live',
): Promise<SubjectConsents> {
  const contact = await contactIndex(indexKey, siteId, query, mode);
  const subject = await findSubjectId(db, siteId, contact.kind, contact.index);
  if (!subject) return { subject: null, pendingRequests: 0, consents: [] };
  const [consents, pendingRequests] = await Promise.all([
    consentsOfSubject(db, siteId, subject.id),
    readAlone(db, pendingRequestCountRead(db, subject.id, new Date().toISOString())),
  ]);
  return { subject: subject.id, pendingRequests: pendingRequests ?? 0, consents };
}

/** Every consent of one subject on the site, as the admin API answers it. */
export async function consentsOfSubject(db: D1Database, siteId: string, subjectId: string) {
  const rows = await listSubjectConsents(db, siteId, subjectId);
  return rows.map((row) => ({
    purpose: row.purpose_id,
    status: row.status,
    wordingVersion: row.wording_version,
    confirmedAt: row.confirmed_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
  }));
}

/** R5: is this address (or number) on the site's suppression list, and since when? */
export async function suppressionOf(
  db: D1Database,
  indexKey: string,
  siteId: string,
  query: ContactQuery,
) {
  const contact = await contactIndex(indexKey, siteId, query);
  const entry = await findSuppression(db, siteId, contact.kind, contact.index);
  return entry
    ? { suppressed: true, reason: entry.reason, since: entry.created_at }
    : { suppressed: false, reason: null, since: null };
}
