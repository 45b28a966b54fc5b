import type { Locale, Me, MyPurpose, Wording } from '@signet/sdk';
import type { Env } from '../env.js';
import { type OpenSession, sessionIdleMs } from '../middleware/preference-session.js';
import { listPendingRequestsOfSubject, requestedPurposes } from '../store/consent-requests.js';
import { listSubjectConsents } from '../store/consents.js';
import { listCurrentPurposes, listPurposes } from '../store/purposes.js';
import { listRecordsOfSubject } from '../store/records.js';
import type { Site } from '../store/sites.js';
import { findSealedContact } from '../store/subjects.js';
import { listWordingTexts } from '../store/wordings.js';
import { openFor, sealedAs } from './subject-keys.js';

/** `pe*****n@example.org`: enough to recognise, not to read out over a shoulder. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  // Short local parts would be shown almost whole: keep only the first character of them.
  const shown =
    local.length <= 3
      ? `${local.slice(0, 1)}**`
      : `${local.slice(0, 2)}${'*'.repeat(local.length - 3)}${local.slice(-1)}`;
  return `${shown}${email.slice(at)}`;
}

/** `+49 ••• ••• 678`: the country and the last three digits. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)} ••• ••• ${phone.slice(-3)}`;
}

/**
 * `GET /v1/me` (R2): the contact data held (masked), every purpose of the site with its state for
 * the person and the wording they agreed to (or were asked, or would be shown), and the history
 * of their records. `site` is the session's, read with it.
 */
export async function describeMe(
  env: Env,
  session: OpenSession,
  site: Site,
  locale: Locale,
  now: Date,
): Promise<Me> {
  const db = env.DB;
  const { site_id: siteId, subject_id: subjectId } = session;
  const at = now.toISOString();
  const [contact, purposes, current, consents, pending, records] = await Promise.all([
    findSealedContact(db, subjectId),
    listPurposes(db, siteId),
    listCurrentPurposes(db, siteId, locale, at),
    listSubjectConsents(db, siteId, subjectId),
    listPendingRequestsOfSubject(db, subjectId, at),
    listRecordsOfSubject(db, siteId, subjectId),
  ]);
  const open = (sealed: string | null | undefined, as: string) =>
    sealed ? openFor(env, subjectId, sealed, as) : Promise.resolve(null);
  const email = await open(contact?.email_sealed, sealedAs.email(subjectId));
  const phone = await open(contact?.phone_sealed, sealedAs.phone(subjectId));

  const pendingSince = new Map<string, { at: string; version: string }>();
  for (const request of pending) {
    for (const purpose of requestedPurposes(request)) {
      pendingSince.set(purpose.id, { at: request.created_at, version: purpose.wordingVersion });
    }
  }
  const consentOf = new Map(consents.map((consent) => [consent.purpose_id, consent]));
  const versions = [
    ...consents.map((consent) => consent.wording_version),
    ...[...pendingSince.values()].map((entry) => entry.version),
  ];
  const texts = await listWordingTexts(db, siteId, versions);
  const currentOf = new Map(current.map((purpose) => [purpose.id, purpose]));
  const wordingOf = (version: string | null) => {
    const text = version ? texts.get(version) : undefined;
    return text ? (JSON.parse(text) as Wording) : null;
  };

  const mine: MyPurpose[] = purposes.map((purpose) => {
    const consent = consentOf.get(purpose.id);
    const asked = pendingSince.get(purpose.id);
    const shown = currentOf.get(purpose.id);
    if (consent && (consent.status !== 'active' || !asked)) {
      const active = consent.status === 'active';
      return {
        id: purpose.id,
        channel: purpose.channel,
        state: consent.status,
        since: active ? consent.confirmed_at : consent.updated_at,
        until: active ? consent.expires_at : null,
        wordingVersion: consent.wording_version,
        wording: wordingOf(consent.wording_version),
      };
    }
    if (asked) {
      return {
        id: purpose.id,
        channel: purpose.channel,
        state: 'pending',
        since: asked.at,
        until: null,
        wordingVersion: asked.version,
        wording: wordingOf(asked.version),
      };
    }
    return {
      id: purpose.id,
      channel: purpose.channel,
      state: 'never',
      since: null,
      until: null,
      wordingVersion: shown?.wordingVersion ?? null,
      wording: shown?.wording ?? null,
    };
  });

  return {
    site: {
      id: site.id,
      name: site.name,
      controller: site.controllerName,
      privacyPolicyUrl: site.privacyPolicyUrl,
    },
    contact: {
      email: email ? maskEmail(email) : '',
      phone: phone ? maskPhone(phone) : null,
    },
    purposes: mine,
    records: records.map((row) => ({
      id: row.id,
      seq: row.seq,
      purpose: row.purpose_id,
      event: row.event,
      at: row.created_at,
      ...(row.honours_system ? { system: row.honours_system } : {}),
    })),
    session: {
      expiresAt: session.expires_at,
      idleExpiresAt: new Date(Date.parse(session.last_used_at) + sessionIdleMs).toISOString(),
    },
  };
}
