import type { Export, Locale, RecordEvent, SignedRecord, Wording } from '@signet/sdk';
import type { Env } from '../env.js';
import { requestedPurposes } from '../store/consent-requests.js';
import { storedBody } from '../store/message-bodies.js';
import { listPersonRows, listRateEventTimes } from '../store/person-rows.js';
import { listPurposes } from '../store/purposes.js';
import { listRecordsOfSubject, toSignedRecord } from '../store/records.js';
import { findSite, type Site } from '../store/sites.js';
import { listWordingTexts } from '../store/wordings.js';
import { addressBuckets } from './request-admission.js';
import { openFor, sealedAs } from './subject-keys.js';

/**
 * Everything held about the person on the session's site (R2, R3), contact data opened: the
 * rows of every table that names them, their signed records and the wording texts those name.
 */
export async function exportPerson(
  env: Env,
  session: { site_id: string; subject_id: string },
  now: Date,
  /** The site when the caller has read it already (a person's session reads it with the session). */
  knownSite?: Site,
): Promise<Export> {
  const db = env.DB;
  const { site_id: siteId, subject_id: subjectId } = session;
  const [site, rows, records, purposes] = await Promise.all([
    knownSite ?? findSite(db, siteId),
    listPersonRows(db, subjectId),
    listRecordsOfSubject(db, siteId, subjectId),
    listPurposes(db, siteId),
  ]);
  if (!site || !rows.subject) throw new Error('the subject of a session is missing');
  const open = (sealed: string | null, as: string) =>
    sealed ? openFor(env, subjectId, sealed, as) : Promise.resolve(null);
  const email = (await open(rows.subject.email_sealed, sealedAs.email(subjectId))) ?? '';
  const buckets = await addressBuckets(env.INDEX_KEY, siteId, email);
  const rateEvents = (
    await Promise.all(buckets.map((bucket) => listRateEventTimes(db, bucket)))
  ).flat();
  const versions = [
    ...new Set([
      ...records.map((row) => row.wording_version),
      ...rows.consents.map((row) => row.wording_version),
    ]),
  ];
  const texts = await listWordingTexts(db, siteId, versions);
  const channelOf = new Map(purposes.map((purpose) => [purpose.id, purpose.channel]));
  const purposeOf = new Map(records.map((row) => [row.wording_version, row.purpose_id]));
  return {
    format: 'signet-export/1',
    generatedAt: now.toISOString(),
    site: {
      id: site.id,
      name: site.name,
      controller: site.controllerName,
      controllerContact: site.controllerContact,
      privacyPolicyUrl: site.privacyPolicyUrl,
    },
    subject: {
      id: subjectId,
      email,
      phone: await open(rows.subject.phone_sealed, sealedAs.phone(subjectId)),
      createdAt: rows.subject.created_at,
    },
    consents: rows.consents.map((row) => ({
      purpose: row.purpose_id,
      status: row.status,
      wordingVersion: row.wording_version,
      requestId: row.request_id,
      confirmedAt: row.confirmed_at,
      expiresAt: row.expires_at,
      updatedAt: row.updated_at,
    })),
    requests: await Promise.all(
      rows.requests.map(async (row) => ({
        id: row.id,
        purposes: requestedPurposes(row),
        locale: row.locale as Locale,
        pageUrl: row.page_url,
        status: row.status,
        phone: await open(row.phone_sealed, sealedAs.phone(subjectId)),
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        confirmedAt: row.confirmed_at,
      })),
    ),
    messages: await Promise.all(
      rows.messages.map(async (row) => {
        const { subject, text } = await storedBody(row);
        return {
          id: row.id,
          channel: row.channel,
          // An email that names no recipient of its own went to the subject's address.
          to: row.to_sealed
            ? await open(row.to_sealed, sealedAs.recipient(subjectId))
            : row.channel === 'email'
              ? email
              : null,
          subject,
          text,
          status: row.status,
          createdAt: row.created_at,
          sentAt: row.sent_at,
        };
      }),
    ),
    preferenceLinks: rows.links.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      codeTries: row.code_tries,
    })),
    sessions: rows.sessions.map((row) => ({
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      expiresAt: row.expires_at,
    })),
    rateEvents,
    records: records.filter((row) => row.seq !== null).map(toSignedRecord) as SignedRecord[],
    unsealedRecords: records
      .filter((row) => row.seq === null)
      .map((row) => ({
        id: row.id,
        purpose: row.purpose_id,
        event: row.event,
        at: row.created_at,
      })),
    wordings: versions.flatMap((version) => {
      const text = texts.get(version);
      if (!text) return [];
      const purpose = purposeOf.get(version);
      return [
        {
          version,
          channel: (purpose ? channelOf.get(purpose) : undefined) ?? null,
          text,
          wording: JSON.parse(text) as Wording,
        },
      ];
    }),
  };
}

/** One entry of the person's history, as the readable page and the CSV show it (R3). */
export interface HistoryEntry {
  at: string;
  purpose: string;
  /** The purpose's label in the wording the entry names (what the person saw), else its id. */
  label: string;
  event: RecordEvent;
  wordingVersion: string | null;
  /** The record's place in the site's log; null while it waits to be signed. */
  seq: number | null;
}

/** The purpose's label as the person saw it: in the named wording, else their consent's. */
export function purposeLabels(data: Export) {
  const byVersion = new Map(data.wordings.map((entry) => [entry.version, entry.wording.label]));
  const consentVersion = new Map(data.consents.map((row) => [row.purpose, row.wordingVersion]));
  return (purpose: string, version?: string | null) =>
    (version ? byVersion.get(version) : undefined) ??
    byVersion.get(consentVersion.get(purpose) ?? '') ??
    purpose;
}

/** Every record of the person, signed or not yet, oldest first. */
export function exportHistory(data: Export): HistoryEntry[] {
  const label = purposeLabels(data);
  const entries: HistoryEntry[] = [
    ...data.records.map(({ record }) => ({
      at: record.at,
      purpose: record.purpose,
      label: label(record.purpose, record.wording.version),
      event: record.event,
      wordingVersion: record.wording.version,
      seq: record.seq,
    })),
    ...data.unsealedRecords.map((record) => ({
      at: record.at,
      purpose: record.purpose,
      label: label(record.purpose),
      event: record.event,
      wordingVersion: null,
      seq: null,
    })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
