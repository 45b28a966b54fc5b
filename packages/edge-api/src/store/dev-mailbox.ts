export interface DevMailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

interface DevMailboxRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: string;
}

export function insertDevMailboxMessage(db: D1Database, message: DevMailboxMessage) {
  return db
    .prepare(
      'INSERT INTO dev_mailbox (id, to_address, subject, text_body, html_body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .bind(message.id, message.to, message.subject, message.text, message.html, message.createdAt);
}

export async function listDevMailbox(db: D1Database, limit = 50): Promise<DevMailboxMessage[]> {
  const { results } = await db
    .prepare('SELECT * FROM dev_mailbox ORDER BY created_at DESC, rowid DESC LIMIT ?')
    .bind(limit)
    .all<DevMailboxRow>();
  return results.map((row) => ({
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    createdAt: row.created_at,
  }));
}
