export interface NewSubject {
  id: string;
  siteId: string;
  emailIndex: string;
  email: string;
  createdAt: string;
}

/** Creates the subject unless the site already knows this address (then nothing changes). */
export function insertSubjectIfNew(db: D1Database, subject: NewSubject): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO subjects (id, site_id, email_index, email, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (site_id, email_index) DO NOTHING`,
    )
    .bind(subject.id, subject.siteId, subject.emailIndex, subject.email, subject.createdAt);
}

/** SQL for the id of the subject with a given index; binds (site_id, email_index). */
export const subjectIdByIndexSql =
  '(SELECT id FROM subjects WHERE site_id = ? AND email_index = ?)';
