import { unpackHexSql } from './packed-cells.js';
import { evidenceTextSql, type RecordRow } from './records.js';

/** What a quarantined row held: a record row without a place in the log. */
export type QuarantinedRow = Omit<RecordRow, 'seq' | 'prev_hash' | 'hash' | 'kid' | 'sig'>;

export type QuarantineReason = 'missing' | 'mismatch';

export interface QuarantinedRecordRow {
  id: string;
  site_id: string;
  reason: QuarantineReason;
  /** The row as it stood in `records` (JSON). */
  row: string;
  quarantined_at: string;
}

/**
 * Moves an unsealed row out of `records`: the copy, then `reports` (which read the copy), then
 * the delete, all in one batch. It is never listed for sealing again and stops being read as a
 * record. A row sealed meanwhile stays where it is.
 */
export function quarantineRecord(
  db: D1Database,
  quarantine: { id: string; reason: QuarantineReason; at: string },
  reports: D1PreparedStatement[],
) {
  return [
    db
      .prepare(
        `INSERT INTO quarantined_records (id, site_id, reason, row, quarantined_at)
         SELECT id, site_id, ?, json_object(
                  'id', id, 'site_id', site_id, 'subject_id', subject_id,
                  'email_hash', ${unpackHexSql('email_hash')},
                  'phone_hash', ${unpackHexSql('phone_hash')}, 'purpose_id', purpose_id, 'event', event,
                  'wording_version', ${unpackHexSql(`(${evidenceTextSql('wording_version')})`)}, 'request_id', request_id,
                  'page_url', ${evidenceTextSql('page_url')}, 'form', ${evidenceTextSql('form')}, 'evidence_ip', evidence_ip,
                  'evidence_user_agent', ${evidenceTextSql('evidence_user_agent')}, 'created_at', created_at, 'mac', mac),
                ?
           FROM records WHERE id = ? AND seq IS NULL
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(quarantine.reason, quarantine.at, quarantine.id),
    ...reports,
    db.prepare('DELETE FROM records WHERE id = ? AND seq IS NULL').bind(quarantine.id),
  ];
}

export async function findQuarantinedRecord(db: D1Database, siteId: string, id: string) {
  const row = await db
    .prepare('SELECT * FROM quarantined_records WHERE site_id = ? AND id = ?')
    .bind(siteId, id)
    .first<QuarantinedRecordRow>();
  return row ? { ...row, record: JSON.parse(row.row) as QuarantinedRow } : null;
}
