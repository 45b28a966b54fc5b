import type { Guard } from './guard.js';

/**
 * Grants a ticket for `requestId` only while fewer than `limit` events of the bucket fall after
 * `since`. Granting happens inside the batch, so concurrent requests cannot overshoot the limit.
 */
export function takeTicket(
  db: D1Database,
  ticket: { bucket: string; requestId: string; at: string; since: string; limit: number },
) {
  return db
    .prepare(
      `INSERT INTO rate_events (bucket, at, request_id)
       SELECT ?, ?, ? WHERE (SELECT COUNT(*) FROM rate_events WHERE bucket = ? AND at > ?) < ?`,
    )
    .bind(ticket.bucket, ticket.at, ticket.requestId, ticket.bucket, ticket.since, ticket.limit);
}

export function ticketGranted(requestId: string): Guard {
  return { sql: 'EXISTS (SELECT 1 FROM rate_events WHERE request_id = ?)', binds: [requestId] };
}

export function recordEvent(db: D1Database, bucket: string, at: string) {
  return db.prepare('INSERT INTO rate_events (bucket, at) VALUES (?, ?)').bind(bucket, at);
}

export async function countEvents(db: D1Database, bucket: string, since: string) {
  const row = await db
    .prepare('SELECT COUNT(*) AS n FROM rate_events WHERE bucket = ? AND at > ?')
    .bind(bucket, since)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export function deleteEventsBefore(db: D1Database, before: string) {
  return db.prepare('DELETE FROM rate_events WHERE at < ?').bind(before);
}
