import type { Channel, Locale, Wording } from '@signet/sdk';
import { asSql, listOf, type Read, readAlone, readMany, type SqlValue } from './reads.js';

/** A purpose with the wording currently published for one locale. */
export interface CurrentPurpose {
  id: string;
  channel: Channel;
  lifetimeDays: number | null;
  endsAt: string | null;
  wordingVersion: string;
  wording: Wording;
}

interface CurrentPurposeRow {
  id: string;
  channel: Channel;
  lifetime_days: number | null;
  ends_at: string | null;
  version: string;
  canonical_text: string;
}

/**
 * The purposes a form shows now: those with a wording in `locale` that have not ended. `only`
 * narrows them to the ids a request chose: the others' wordings are not read or parsed (issue 23).
 */
export function currentPurposesRead(
  db: D1Database,
  siteId: string,
  locale: Locale | SqlValue,
  now: string,
  only?: string[],
): Read<CurrentPurpose[]> {
  const inLocale = asSql(locale);
  const chosen = only ? listOf(only) : null;
  const statement = db
    .prepare(
      `SELECT p.id, p.channel, p.lifetime_days, p.ends_at, w.version, w.canonical_text
         FROM purposes p
         JOIN wordings w
           ON w.site_id = p.site_id AND w.purpose_id = p.id
          AND w.locale = ${inLocale.sql} AND w.retired_at IS NULL
        WHERE p.site_id = ? AND (p.ends_at IS NULL OR p.ends_at > ?)
          ${chosen ? `AND p.id IN ${chosen.sql}` : ''}
        ORDER BY p.position, p.id`,
    )
    .bind(...inLocale.binds, siteId, now, ...(chosen?.binds ?? []));
  return readMany(statement, (row: CurrentPurposeRow) => ({
    id: row.id,
    channel: row.channel,
    lifetimeDays: row.lifetime_days,
    endsAt: row.ends_at,
    wordingVersion: row.version,
    wording: JSON.parse(row.canonical_text) as Wording,
  }));
}

export function listCurrentPurposes(db: D1Database, siteId: string, locale: Locale, now: string) {
  return readAlone(db, currentPurposesRead(db, siteId, locale, now));
}

export interface PurposeRow {
  id: string;
  channel: Channel;
  lifetime_days: number | null;
  ends_at: string | null;
  position: number;
  /** M1: imported consents without DOI evidence count, do not, or count until `imported_until`. */
  imported_without_evidence: 'count' | 'ignore' | 'until';
  imported_until: string | null;
}

const purposeColumns =
  'id, channel, lifetime_days, ends_at, position, imported_without_evidence, imported_until';

export function purposesRead(db: D1Database, siteId: string | SqlValue): Read<PurposeRow[]> {
  const value = asSql(siteId);
  const statement = db
    .prepare(
      `SELECT ${purposeColumns} FROM purposes
        WHERE site_id = ${value.sql} ORDER BY position, id`,
    )
    .bind(...value.binds);
  return readMany(statement, (row: PurposeRow) => row);
}

export function listPurposes(db: D1Database, siteId: string) {
  return readAlone(db, purposesRead(db, siteId));
}

/** Whether the site has this purpose at all (ended or not), to read with other reads. */
export function purposeExistsRead(db: D1Database, siteId: string, id: string): Read<boolean> {
  const statement = db
    .prepare('SELECT 1 AS found FROM purposes WHERE site_id = ? AND id = ?')
    .bind(siteId, id);
  return { statement, parse: (result) => result.results.length > 0 };
}

/** The site's purposes with when each was created, for a whole-site export (M2). */
export async function listPurposesWithCreation(db: D1Database, siteId: string) {
  const { results } = await db
    .prepare(
      `SELECT id, channel, lifetime_days, ends_at, position, created_at FROM purposes
        WHERE site_id = ? ORDER BY position, id`,
    )
    .bind(siteId)
    .all<PurposeRow & { created_at: string }>();
  return results;
}

export function findPurpose(db: D1Database, siteId: string, id: string) {
  return db
    .prepare(`SELECT ${purposeColumns} FROM purposes WHERE site_id = ? AND id = ?`)
    .bind(siteId, id)
    .first<PurposeRow>();
}

export function upsertPurpose(db: D1Database, siteId: string, purpose: PurposeRow, now: string) {
  return db
    .prepare(
      `INSERT INTO purposes (site_id, id, channel, lifetime_days, ends_at, position, created_at,
                             imported_without_evidence, imported_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id, id) DO UPDATE SET
         lifetime_days = excluded.lifetime_days, ends_at = excluded.ends_at,
         position = excluded.position,
         imported_without_evidence = excluded.imported_without_evidence,
         imported_until = excluded.imported_until`,
    )
    .bind(
      siteId,
      purpose.id,
      purpose.channel,
      purpose.lifetime_days,
      purpose.ends_at,
      purpose.position,
      now,
      purpose.imported_without_evidence,
      purpose.imported_until,
    )
    .run();
}
