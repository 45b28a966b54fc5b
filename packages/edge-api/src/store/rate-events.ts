import { always, type Guard } from './guard.js';

/**
 * Grants a ticket for `requestId` only while fewer than `limit` events of the bucket fall after
 * `since` (and `guard` holds). Granting happens inside the batch, so concurrent requests cannot
 * overshoot the limit.
 */
export function takeTicket(
  db: D1Database,
  ticket: { bucket: string; requestId: string; at: string; since: string; limit: number },
  guard: Guard = always,
) {
  return db
    .prepare(
      `INSERT INTO rate_events (bucket, at, request_id)
       SELECT ?, ?, ? WHERE (SELECT COUNT(*) FROM rate_events WHERE bucket = ? AND at > ?) < ?
         AND ${guard.sql}`,
    )
    .bind(
      ticket.bucket,
      ticket.at,
      ticket.requestId,
      ticket.bucket,
      ticket.since,
      ticket.limit,
      ...guard.binds,
    );
}

export function ticketGranted(requestId: string): Guard {
  return { sql: 'EXISTS (SELECT 1 FROM rate_events WHERE request_id = ?)', binds: [requestId] };
}

export function deleteEventsBefore(db: D1Database, before: string) {
  return db.prepare('DELETE FROM rate_events WHERE at < ?').bind(before);
}

/** How many events of the bucket fall after `since` (read in the batch after a `takeTicket`). */
export function countEventsSince(db: D1Database, bucket: string, since: string) {
  return db
    .prepare('SELECT COUNT(*) AS count FROM rate_events WHERE bucket = ? AND at > ?')
    .bind(bucket, since);
}
