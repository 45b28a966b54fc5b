import type { Channel, Locale, Wording } from '@signet/sdk';

/** A purpose with the wording currently published for one locale. */
export interface CurrentPurpose {
  id: string;
  channel: Channel;
  wordingVersion: string;
  wording: Wording;
}

interface CurrentPurposeRow {
  id: string;
  channel: Channel;
  version: string;
  canonical_text: string;
}

export async function listCurrentPurposes(
  db: D1Database,
  siteId: string,
  locale: Locale,
): Promise<CurrentPurpose[]> {
  const { results } = await db
    .prepare(
      `SELECT p.id, p.channel, w.version, w.canonical_text
         FROM purposes p
         JOIN wordings w
           ON w.site_id = p.site_id AND w.purpose_id = p.id
          AND w.locale = ? AND w.retired_at IS NULL
        WHERE p.site_id = ?
        ORDER BY p.position, p.id`,
    )
    .bind(locale, siteId)
    .all<CurrentPurposeRow>();
  return results.map((row) => ({
    id: row.id,
    channel: row.channel,
    wordingVersion: row.version,
    wording: JSON.parse(row.canonical_text) as Wording,
  }));
}
