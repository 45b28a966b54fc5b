/** Adds to the anonymous per-day count of deleted unconfirmed requests (all that C8 keeps). */
export function countUnconfirmedDeleted(
  db: D1Database,
  siteId: string,
  day: string,
  count: number,
) {
  return db
    .prepare(
      `INSERT INTO purge_counts (site_id, day, unconfirmed_deleted) VALUES (?, ?, ?)
       ON CONFLICT (site_id, day) DO UPDATE SET unconfirmed_deleted = unconfirmed_deleted + excluded.unconfirmed_deleted`,
    )
    .bind(siteId, day, count);
}
