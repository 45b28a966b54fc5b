import type { TestMailboxMessage } from '@signet/sdk';

interface TestMailboxRow {
  id: string;
  channel: 'email' | 'sms';
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: string;
}

export function insertTestMailboxMessage(
  db: D1Database,
  message: TestMailboxMessage & { siteId: string; subjectId: string },
) {
  return db
    .prepare(
      `INSERT INTO test_mailbox
         (id, site_id, subject_id, channel, to_address, subject, text_body, html_body, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      message.id,
      message.siteId,
      message.subjectId,
      message.channel,
      message.to,
      message.subject,
      message.text,
      message.html,
      message.createdAt,
    );
}

/** The site's test messages, newest first; to one recipient (as given, case aside) if named. */
export async function listTestMailbox(
  db: D1Database,
  siteId: string,
  query: { to: string | null; limit: number },
): Promise<TestMailboxMessage[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM test_mailbox WHERE site_id = ?1 AND (?2 IS NULL OR lower(to_address) = lower(?2))
        ORDER BY created_at DESC, rowid DESC LIMIT ?3`,
    )
    .bind(siteId, query.to, query.limit)
    .all<TestMailboxRow>();
  return results.map((row) => ({
    id: row.id,
    channel: row.channel,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    createdAt: row.created_at,
  }));
}

export function deleteTestMailboxBefore(db: D1Database, before: string) {
  return db.prepare('DELETE FROM test_mailbox WHERE created_at < ?').bind(before);
}
