import type { Guard } from './guard.js';

export interface NewSubject {
  id: string;
  siteId: string;
  emailIndex: string;
  email: string;
  createdAt: string;
}

/** Creates the subject unless the site already knows this address (then nothing changes). */
export function insertSubjectIfNew(db: D1Database, subject: NewSubject, guard: Guard) {
  return db
    .prepare(
      `INSERT INTO subjects (id, site_id, email_index, email, created_at)
       SELECT ?, ?, ?, ?, ? WHERE ${guard.sql}
       ON CONFLICT (site_id, email_index) DO NOTHING`,
    )
    .bind(
      subject.id,
      subject.siteId,
      subject.emailIndex,
      subject.email,
      subject.createdAt,
      ...guard.binds,
    );
}

/** SQL for the id of the subject with a given index; binds (site_id, email_index). */
export const subjectIdByIndexSql =
  '(SELECT id FROM subjects WHERE site_id = ? AND email_index = ?)';

export type ContactKind = 'email' | 'phone';

const indexColumn: Record<ContactKind, string> = { email: 'email_index', phone: 'phone_index' };

export function findSubjectId(db: D1Database, siteId: string, kind: ContactKind, index: string) {
  return db
    .prepare(`SELECT id FROM subjects WHERE site_id = ? AND ${indexColumn[kind]} = ? LIMIT 1`)
    .bind(siteId, index)
    .first<{ id: string }>();
}
