import { packedHex } from './packed-cells.js';
import { type MacedRecord, type RecordRow, recordColumns } from './records.js';

/**
 * The withdrawal or erasure a record id stands for (A5), or null when the site has no such
 * record. An erasure writes one `erased` record per purpose but is one event (its webhook names
 * the first): any of them stands for the first, so a system acknowledges an erasure once.
 */
export async function findStop(db: D1Database, siteId: string, recordId: string) {
  return db
    .prepare(
      `SELECT ${recordColumns('s')} FROM records t
         JOIN records s ON s.site_id = t.site_id AND s.id = CASE WHEN t.event = 'erased' THEN (
           SELECT f.id FROM records f
            WHERE f.site_id = t.site_id AND f.subject_id = t.subject_id AND f.event = 'erased'
            ORDER BY f.rowid LIMIT 1) ELSE t.id END
        WHERE t.site_id = ? AND t.id = ?`,
    )
    .bind(siteId, recordId)
    .first<RecordRow>();
}

/** The `honoured` record of one stop and system, if the system acknowledged it before. */
export async function findHonoured(db: D1Database, siteId: string, stopId: string, system: string) {
  return db
    .prepare(
      `SELECT ${recordColumns()} FROM records
        WHERE site_id = ? AND event = 'honoured' AND honours_record = ? AND honours_system = ?`,
    )
    .bind(siteId, stopId, system)
    .first<RecordRow>();
}

/**
 * The `honoured` record, with the contact hashes of the record it honours (the person's row may
 * be gone after an erasure; the hashes in the log are not). Ignored when the system has
 * acknowledged the stop already (`records_honoured_once`).
 */
export function insertHonouredRecord(db: D1Database, record: MacedRecord, stop: RecordRow) {
  if (!record.honours) throw new Error('an honoured record names what it honours');
  return db
    .prepare(
      `INSERT OR IGNORE INTO records
         (id, site_id, subject_id, email_hash, phone_hash, purpose_id, event, wording_version,
          request_id, page_url, form, evidence_ip, evidence_user_agent, created_at, mac,
          honours_record, honours_system)
       VALUES (?, ?, ?, ?, ?, ?, 'honoured', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      record.id,
      record.siteId,
      record.subjectId,
      packedHex(stop.email_hash),
      packedHex(stop.phone_hash),
      record.purposeId,
      packedHex(record.wordingVersion),
      record.requestId,
      record.context.pageUrl,
      record.context.form,
      record.context.evidenceIp,
      record.context.userAgent,
      record.createdAt,
      record.mac,
      record.honours.record,
      record.honours.system,
    );
}

/**
 * The stops (withdrawals, and the first record of each erasure) that `system` must acknowledge:
 * those made since the site listed it. `systems` is the site's column, `[{name, since}]`.
 */
const stopsAwaiting = `
  FROM records s, json_each(?1) sys
 WHERE s.site_id = ?2 AND s.event IN ('withdrawn', 'erased')
   AND s.created_at >= json_extract(sys.value, '$.since')
   AND (s.event = 'withdrawn' OR s.rowid = (
     SELECT MIN(f.rowid) FROM records f
      WHERE f.site_id = s.site_id AND f.subject_id = s.subject_id AND f.event = 'erased'))
   AND NOT EXISTS (
     SELECT 1 FROM records h
      WHERE h.site_id = s.site_id AND h.event = 'honoured' AND h.honours_record = s.id
        AND h.honours_system = json_extract(sys.value, '$.name'))`;

export interface WaitingRow {
  id: string;
  event: 'withdrawn' | 'erased';
  subject_id: string;
  purpose_id: string;
  created_at: string;
  system: string;
}

/** The oldest stops still waiting for a listed system. */
export async function listWaitingStops(
  db: D1Database,
  site: { id: string; systemsJson: string },
  limit: number,
) {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.event, s.subject_id, s.purpose_id, s.created_at,
              json_extract(sys.value, '$.name') AS system
       ${stopsAwaiting}
       ORDER BY s.created_at, s.id LIMIT ?3`,
    )
    .bind(site.systemsJson, site.id, limit)
    .all<WaitingRow>();
  return results;
}

/** How many wait per system, those made before `overdueBefore` counted apart. */
export async function countWaitingStops(
  db: D1Database,
  site: { id: string; systemsJson: string },
  overdueBefore: string,
) {
  const { results } = await db
    .prepare(
      `SELECT json_extract(sys.value, '$.name') AS system, COUNT(*) AS waiting,
              SUM(s.created_at <= ?3) AS overdue
       ${stopsAwaiting}
       GROUP BY system`,
    )
    .bind(site.systemsJson, site.id, overdueBefore)
    .all<{ system: string; waiting: number; overdue: number }>();
  return results;
}

export interface HonourDelayRow {
  system: string;
  seconds: number;
}

/** Seconds from each stop to its acknowledgement, for acknowledgements made in [from, to). */
export async function listHonourDelays(db: D1Database, siteId: string, from: string, to: string) {
  const { results } = await db
    .prepare(
      `SELECT h.honours_system AS system,
              (julianday(h.created_at) - julianday(s.created_at)) * 86400.0 AS seconds
         FROM records h JOIN records s ON s.site_id = h.site_id AND s.id = h.honours_record
        WHERE h.site_id = ? AND h.event = 'honoured' AND h.created_at >= ? AND h.created_at < ?`,
    )
    .bind(siteId, from, to)
    .all<HonourDelayRow>();
  return results;
}

/**
 * `consent.unhonoured` for every stop a site's listed system has not acknowledged within the
 * site's hours, to each endpoint that asked for it: once per stop, system and endpoint (the id
 * says which), whichever cron pass finds it first.
 */
export function queueUnhonouredDeliveries(db: D1Database, now: string) {
  return db
    .prepare(
      `INSERT OR IGNORE INTO webhook_deliveries
         (id, endpoint_id, site_id, type, subject_id, purpose_id, record_id, request_id, status,
          attempts, next_attempt_at, created_at, system)
       SELECT 'evt_unhonoured_' || s.id || '_' || json_extract(sys.value, '$.name') || '.' || e.id,
              e.id, s.site_id, 'consent.unhonoured', s.subject_id, s.purpose_id, s.id, s.request_id,
              'pending', 0, ?1, ?1, json_extract(sys.value, '$.name')
         FROM sites si
         JOIN json_each(si.honour_systems) sys
         JOIN records s ON s.site_id = si.id
         JOIN webhook_endpoints e ON e.site_id = si.id
        WHERE si.honour_systems <> '[]'
          AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = 'consent.unhonoured')
          AND s.event IN ('withdrawn', 'erased') AND s.seq IS NOT NULL
          AND s.created_at >= json_extract(sys.value, '$.since')
          AND s.created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', ?1, '-' || si.honour_within_hours || ' hours')
          AND (s.event = 'withdrawn' OR s.rowid = (
            SELECT MIN(f.rowid) FROM records f
             WHERE f.site_id = s.site_id AND f.subject_id = s.subject_id AND f.event = 'erased'))
          AND NOT EXISTS (
            SELECT 1 FROM records h
             WHERE h.site_id = s.site_id AND h.event = 'honoured' AND h.honours_record = s.id
               AND h.honours_system = json_extract(sys.value, '$.name'))`,
    )
    .bind(now);
}
