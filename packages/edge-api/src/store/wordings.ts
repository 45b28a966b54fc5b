import type { Locale } from '@signet/sdk';
import { asSql, listOf, type Read, readAlone, type SqlValue } from './reads.js';

export interface WordingRow {
  purpose_id: string;
  locale: Locale;
  version: string;
  published_at: string;
}

export async function listCurrentWordings(db: D1Database, siteId: string) {
  const { results } = await db
    .prepare(
      `SELECT purpose_id, locale, version, published_at FROM wordings
        WHERE site_id = ? AND retired_at IS NULL ORDER BY purpose_id, locale`,
    )
    .bind(siteId)
    .all<WordingRow>();
  return results;
}

export function findWording(
  db: D1Database,
  siteId: string,
  purposeId: string,
  locale: Locale,
  version: string,
) {
  return db
    .prepare(
      `SELECT purpose_id, locale, version, published_at, retired_at FROM wordings
        WHERE site_id = ? AND purpose_id = ? AND locale = ? AND version = ?`,
    )
    .bind(siteId, purposeId, locale, version)
    .first<WordingRow & { retired_at: string | null }>();
}

/**
 * Publishing never edits a published text: it retires the current version of the locale and
 * inserts the new one, in one batch. A wording published before comes back under its old hash.
 */
export async function publishWording(
  db: D1Database,
  entry: {
    siteId: string;
    purposeId: string;
    locale: Locale;
    version: string;
    canonicalText: string;
    now: string;
  },
) {
  const { siteId, purposeId, locale, version, canonicalText, now } = entry;
  await db.batch([
    db
      .prepare(
        `UPDATE wordings SET retired_at = ?
          WHERE site_id = ? AND purpose_id = ? AND locale = ? AND retired_at IS NULL AND version != ?`,
      )
      .bind(now, siteId, purposeId, locale, version),
    db
      .prepare(
        `INSERT INTO wordings (site_id, purpose_id, locale, version, canonical_text, published_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (site_id, purpose_id, locale, version) DO UPDATE SET retired_at = NULL`,
      )
      .bind(siteId, purposeId, locale, version, canonicalText, now),
  ]);
}

/**
 * The exact texts of wording versions (also retired ones), by version: what a person was shown.
 * `versions` is a list in SQL (`listOf`).
 */
export function wordingTextsRead(
  db: D1Database,
  siteId: string | SqlValue,
  versions: SqlValue,
): Read<Map<string, string>> {
  const site = asSql(siteId);
  const statement = db
    .prepare(
      `SELECT version, canonical_text FROM wordings
        WHERE site_id = ${site.sql} AND version IN ${versions.sql}`,
    )
    .bind(...site.binds, ...versions.binds);
  type Row = { version: string; canonical_text: string };
  return {
    statement,
    parse: (result) =>
      new Map((result.results as Row[]).map((row) => [row.version, row.canonical_text])),
  };
}

export async function listWordingTexts(db: D1Database, siteId: string, versions: string[]) {
  if (versions.length === 0) return new Map<string, string>();
  return readAlone(db, wordingTextsRead(db, siteId, listOf(versions)));
}

export interface ExportWordingRow extends WordingRow {
  canonical_text: string;
  retired_at: string | null;
}

/** Every wording version the site ever published, retired ones too (M2). */
export async function listAllWordings(db: D1Database, siteId: string) {
  const { results } = await db
    .prepare(
      `SELECT purpose_id, locale, version, canonical_text, published_at, retired_at FROM wordings
        WHERE site_id = ? ORDER BY purpose_id, locale, published_at, version`,
    )
    .bind(siteId)
    .all<ExportWordingRow>();
  return results;
}
