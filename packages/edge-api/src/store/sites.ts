import type { Locale } from '@signet/sdk';
import type { EvidenceIpMode } from '../crypto/evidence.js';
import { packedHex } from './packed-cells.js';
import { asSql, type Read, readAlone, readOne, type SqlValue } from './reads.js';
import type { SubjectKeyRow } from './subjects.js';

export interface Site {
  id: string;
  name: string;
  controllerName: string;
  controllerContact: string;
  /** The controller's postal address, as the exhibit names it (may be empty). */
  controllerAddress: string;
  /** IANA time zone in which documents for people state times. */
  timeZone: string;
  privacyPolicyUrl: string;
  defaultLocale: Locale;
  locales: Locale[];
  allowedOrigins: string[];
  confirmTokenTtlSeconds: number;
  unconfirmedRetentionDays: number;
  addressLimitPerDay: number;
  clientLimitPerHour: number;
  messagesPerDay: number;
  smsPerDay: number;
  /** M1: the most re-confirmation emails of imported consents sent a day. */
  reconfirmationsPerDay: number;
  turnstileSecret: string | null;
  evidenceIp: EvidenceIpMode;
  /** Addresses that may sign in to the console by a mailed link, lower-case. */
  ownerEmails: string[];
  /** A5: the systems that must acknowledge each withdrawal and erasure made since they were listed. */
  honourSystems: HonourSystem[];
  honourWithinHours: number;
}

export interface HonourSystem {
  name: string;
  since: string;
}

interface SiteRow {
  id: string;
  name: string;
  controller_name: string;
  controller_contact: string;
  controller_address: string;
  time_zone: string;
  privacy_policy_url: string;
  default_locale: Locale;
  locales: string;
  allowed_origins: string;
  confirm_token_ttl_seconds: number;
  unconfirmed_retention_days: number;
  address_limit_per_day: number;
  client_limit_per_hour: number;
  messages_per_day: number;
  sms_per_day: number;
  reconfirmations_per_day: number;
  turnstile_secret: string | null;
  evidence_ip: EvidenceIpMode;
  owner_emails: string;
  honour_systems: string;
  honour_within_hours: number;
}

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    controllerName: row.controller_name,
    controllerContact: row.controller_contact,
    controllerAddress: row.controller_address,
    timeZone: row.time_zone,
    privacyPolicyUrl: row.privacy_policy_url,
    defaultLocale: row.default_locale,
    locales: JSON.parse(row.locales),
    allowedOrigins: JSON.parse(row.allowed_origins),
    confirmTokenTtlSeconds: row.confirm_token_ttl_seconds,
    unconfirmedRetentionDays: row.unconfirmed_retention_days,
    addressLimitPerDay: row.address_limit_per_day,
    clientLimitPerHour: row.client_limit_per_hour,
    messagesPerDay: row.messages_per_day,
    smsPerDay: row.sms_per_day,
    reconfirmationsPerDay: row.reconfirmations_per_day,
    turnstileSecret: row.turnstile_secret,
    evidenceIp: row.evidence_ip,
    ownerEmails: JSON.parse(row.owner_emails),
    honourSystems: JSON.parse(row.honour_systems),
    honourWithinHours: row.honour_within_hours,
  };
}

export function siteRead(db: D1Database, id: string | SqlValue): Read<Site | null> {
  const value = asSql(id);
  const statement = db.prepare(`SELECT * FROM sites WHERE id = ${value.sql}`).bind(...value.binds);
  return readOne(statement, toSite);
}

/**
 * The site, and the key row of its subject with this blind index (null for an unknown address),
 * in one statement (issue 23: a consent request read them in two).
 */
export function siteWithSubjectKeyRead(db: D1Database, siteId: string, emailIndex: string) {
  const statement = db
    .prepare(
      `SELECT s.*, k.id AS subject_id, k.data_key AS subject_data_key,
              k.data_key_id AS subject_data_key_id, k.master_kid AS subject_master_kid,
              k.email AS subject_email, k.phone AS subject_phone
         FROM sites s LEFT JOIN subjects k ON k.site_id = s.id AND k.email_index = ?2
        WHERE s.id = ?1`,
    )
    .bind(siteId, packedHex(emailIndex));
  type Row = SiteRow & {
    subject_id: string | null;
    subject_data_key: string | null;
    subject_data_key_id: string | null;
    subject_master_kid: string | null;
    subject_email: string;
    subject_phone: string | null;
  };
  return readOne(statement, (row: Row) => ({
    site: toSite(row),
    subject: row.subject_id
      ? ({
          id: row.subject_id,
          data_key: row.subject_data_key,
          data_key_id: row.subject_data_key_id,
          master_kid: row.subject_master_kid,
          email: row.subject_email,
          phone: row.subject_phone,
        } satisfies SubjectKeyRow)
      : null,
  }));
}

export function findSite(db: D1Database, id: string): Promise<Site | null> {
  return readAlone(db, siteRead(db, id));
}

/**
 * The locale a site answers in: the asked one if the site has it, else its default; as a value
 * in SQL, so that what is read in that locale goes in the same round trip as the site.
 */
export function localeOfSite(siteId: string, asked: Locale | undefined): SqlValue {
  return {
    sql: `(SELECT CASE WHEN ? IN (SELECT value FROM json_each(locales)) THEN ? ELSE default_locale END
             FROM sites WHERE id = ?)`,
    binds: [asked ?? null, asked ?? null, siteId],
  };
}

/** For CORS preflights, which carry no body and so no site id: is the origin any site's? */
export async function isOriginOfAnySite(db: D1Database, origin: string): Promise<boolean> {
  const row = await db
    .prepare(
      'SELECT 1 AS hit FROM sites, json_each(sites.allowed_origins) AS o WHERE o.value = ? LIMIT 1',
    )
    .bind(origin)
    .first<{ hit: number }>();
  return row !== null;
}

export async function listSites(db: D1Database): Promise<Site[]> {
  const { results } = await db.prepare('SELECT * FROM sites ORDER BY id').all<SiteRow>();
  return results.map(toSite);
}

const columns = {
  name: 'name',
  controllerName: 'controller_name',
  controllerContact: 'controller_contact',
  controllerAddress: 'controller_address',
  timeZone: 'time_zone',
  privacyPolicyUrl: 'privacy_policy_url',
  defaultLocale: 'default_locale',
  locales: 'locales',
  allowedOrigins: 'allowed_origins',
  confirmTokenTtlSeconds: 'confirm_token_ttl_seconds',
  unconfirmedRetentionDays: 'unconfirmed_retention_days',
  addressLimitPerDay: 'address_limit_per_day',
  clientLimitPerHour: 'client_limit_per_hour',
  messagesPerDay: 'messages_per_day',
  smsPerDay: 'sms_per_day',
  reconfirmationsPerDay: 'reconfirmations_per_day',
  turnstileSecret: 'turnstile_secret',
  evidenceIp: 'evidence_ip',
  ownerEmails: 'owner_emails',
  honourSystems: 'honour_systems',
  honourWithinHours: 'honour_within_hours',
} as const satisfies Record<Exclude<keyof Site, 'id'>, string>;

export type SitePatch = Partial<Omit<Site, 'id'>>;

/** Writes only the given fields; column names come from the fixed map above, never from input. */
export async function updateSite(db: D1Database, id: string, patch: SitePatch) {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [
    keyof typeof columns,
    unknown,
  ][];
  if (entries.length === 0) return;
  const sets = entries.map(([key]) => `${columns[key]} = ?`).join(', ');
  const values = entries.map(([, value]) => (Array.isArray(value) ? JSON.stringify(value) : value));
  await db
    .prepare(`UPDATE sites SET ${sets} WHERE id = ?`)
    .bind(...values, id)
    .run();
}
