/**
 * Every row that names one subject, table by table: what an export must hold (R2, R3) and an
 * erasure must remove (R4). Kept in one place so that a table added later is added to both.
 */
export async function listPersonRows(db: D1Database, subjectId: string) {
  const rows = <T>(sql: string) =>
    db
      .prepare(sql)
      .bind(subjectId)
      .all<T>()
      .then((r) => r.results);
  const [subject, consents, requests, messages, links, sessions] = await Promise.all([
    db.prepare('SELECT * FROM subjects WHERE id = ?').bind(subjectId).first<SubjectRow>(),
    rows<ConsentRow>('SELECT * FROM consents WHERE subject_id = ? ORDER BY purpose_id'),
    rows<RequestRow>('SELECT * FROM consent_requests WHERE subject_id = ? ORDER BY created_at'),
    rows<MessageRow>(
      `SELECT * FROM outbox WHERE subject_id = ?1
          OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)
        ORDER BY created_at`,
    ),
    rows<LinkRow>('SELECT * FROM preference_links WHERE subject_id = ? ORDER BY created_at'),
    rows<SessionRow>('SELECT * FROM preference_sessions WHERE subject_id = ? ORDER BY created_at'),
  ]);
  return { subject, consents, requests, messages, links, sessions };
}

export interface SubjectRow {
  id: string;
  site_id: string;
  email_index: string;
  phone_index: string | null;
  email_sealed: string | null;
  phone_sealed: string | null;
  created_at: string;
}
export interface ConsentRow {
  purpose_id: string;
  status: 'active' | 'withdrawn' | 'expired';
  wording_version: string;
  request_id: string;
  confirmed_at: string;
  expires_at: string | null;
  updated_at: string;
}
export interface RequestRow {
  id: string;
  purposes: string;
  locale: 'de' | 'en' | 'fr';
  page_url: string;
  status: 'pending' | 'confirmed';
  phone_sealed: string | null;
  created_at: string;
  expires_at: string;
  confirmed_at: string | null;
}
export interface MessageRow {
  id: string;
  channel: 'email' | 'sms';
  subject_id: string | null;
  to_sealed: string | null;
  subject: string;
  text_body: string;
  status: 'pending' | 'sent' | 'failed';
  created_at: string;
  sent_at: string | null;
}
export interface LinkRow {
  id: string;
  created_at: string;
  expires_at: string;
  code_tries: number;
}
export interface SessionRow {
  created_at: string;
  last_used_at: string;
  expires_at: string;
}

/**
 * Deletes every row that names the subject, the subject (and with it its data key: what a
 * backup still holds can no longer be read) last. For one batch with the erasure's records.
 */
export function deletePersonRows(db: D1Database, subjectId: string) {
  return [
    db
      .prepare(
        `DELETE FROM outbox WHERE subject_id = ?1
            OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)`,
      )
      .bind(subjectId),
    db.prepare('DELETE FROM preference_sessions WHERE subject_id = ?').bind(subjectId),
    db.prepare('DELETE FROM preference_links WHERE subject_id = ?').bind(subjectId),
    db.prepare('DELETE FROM consents WHERE subject_id = ?').bind(subjectId),
    db.prepare('DELETE FROM consent_requests WHERE subject_id = ?').bind(subjectId),
    db.prepare('DELETE FROM subjects WHERE id = ?').bind(subjectId),
  ];
}

export async function listRateEventTimes(db: D1Database, bucket: string) {
  const { results } = await db
    .prepare('SELECT at FROM rate_events WHERE bucket = ? ORDER BY at')
    .bind(bucket)
    .all<{ at: string }>();
  return results;
}
