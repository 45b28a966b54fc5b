import { always, type Guard } from './guard.js';

/**
 * How many events of a bucket fall after `since`, as SQL over the placeholders given. A bucket's
 * events are numbered in order and their times never go back (migration 0033), so the count is the
 * last number less the first number after `since`, plus one: two lookups in the index however
 * many events there are (issue 23; counting them read every one).
 */
const eventsSinceSql = (bucket: string, since: string) => `COALESCE(
    (SELECT n FROM rate_events WHERE bucket = ${bucket} AND n IS NOT NULL ORDER BY at DESC, n DESC LIMIT 1)
  - (SELECT n FROM rate_events WHERE bucket = ${bucket} AND at > ${since} AND n IS NOT NULL ORDER BY at, n LIMIT 1)
  + 1, 0)`;

/**
 * A new event's time and number in its bucket, as SQL (binds: at, bucket, bucket): its number
 * follows the bucket's last, and its time is never before the last one's (a request whose batch
 * commits after a later one's counts from its commit), so that numbers and times agree.
 * `offset`: the place of the event among those one statement adds to the same bucket.
 */
const nextEventSql = (bucket: string, offset: string) => `
    max(?, COALESCE((SELECT at FROM rate_events WHERE bucket = ${bucket} ORDER BY at DESC LIMIT 1), '')),
    COALESCE((SELECT n FROM rate_events WHERE bucket = ${bucket} AND n IS NOT NULL
               ORDER BY at DESC, n DESC LIMIT 1), 0) + 1 + ${offset}`;

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
      `INSERT INTO rate_events (bucket, request_id, at, n)
       SELECT ?1, ?2, ${nextEventSql('?1', '0')}
        WHERE ${eventsSinceSql('?1', '?4')} < ?5
          AND ${guard.sql}`,
    )
    .bind(ticket.bucket, ticket.requestId, ticket.at, ticket.since, ticket.limit, ...guard.binds);
}

/** Room for `need` more events in a bucket since `since`, under `limit`. */
export interface Room {
  bucket: string;
  since: string;
  need: number;
  limit: number;
}

const roomSql = (room: Room) => ({
  sql: `(${eventsSinceSql('?', '?')} + ? <= ?)`,
  binds: [room.bucket, room.bucket, room.since, room.need, room.limit],
});

/** Which rooms a ticket needs: the client's; the client's and the caps'; and the address's or the phone's. */
export type TicketNeeds = 'client' | 'admitted' | 'address' | 'phone';

/**
 * Every ticket of one submission in one statement: each row is written when the rooms it needs
 * hold. The counts are read before any row is written (SQLite reads the whole SELECT of an INSERT
 * into its own table first), so a bucket that takes two rows must have room for both (`need`).
 */
export function takeTickets(
  db: D1Database,
  args: {
    at: string;
    client: Room;
    caps: Room[];
    address: Room;
    phone: Room | null;
    tickets: { bucket: string; requestId: string; needs: TicketNeeds }[];
  },
) {
  const client = roomSql(args.client);
  const rooms = [client, ...args.caps.map(roomSql)];
  const address = roomSql(args.address);
  const phone = args.phone ? roomSql(args.phone) : { sql: '0', binds: [] };
  // Rows of one bucket (a cap taken for email and for SMS) get consecutive numbers.
  const seen = new Map<string, number>();
  const rows = args.tickets.map((ticket) => {
    const offset = seen.get(ticket.bucket) ?? 0;
    seen.set(ticket.bucket, offset + 1);
    return [ticket.bucket, ticket.requestId, ticket.needs, offset];
  });
  const values = rows.map(() => '(?, ?, ?, ?)').join(', ');
  return db
    .prepare(
      `WITH room AS MATERIALIZED (
         SELECT ${client.sql} AS client, ${rooms.map((room) => room.sql).join(' AND ')} AS admitted,
                ${address.sql} AS address, ${phone.sql} AS phone)
       INSERT INTO rate_events (bucket, request_id, at, n)
       SELECT t.column1, t.column2, ${nextEventSql('t.column1', 't.column4')}
         FROM (VALUES ${values}) t, room
        WHERE CASE t.column3 WHEN 'client' THEN room.client
                WHEN 'admitted' THEN room.admitted
                WHEN 'address' THEN room.admitted AND room.address
                ELSE room.admitted AND room.phone END`,
    )
    .bind(
      ...client.binds,
      ...rooms.flatMap((room) => room.binds),
      ...address.binds,
      ...phone.binds,
      args.at,
      ...rows.flat(),
    );
}

export function ticketGranted(requestId: string): Guard {
  return { sql: 'EXISTS (SELECT 1 FROM rate_events WHERE request_id = ?)', binds: [requestId] };
}

export function deleteEventsBefore(db: D1Database, before: string) {
  return db.prepare('DELETE FROM rate_events WHERE at < ?').bind(before);
}

/**
 * How many events of the bucket fall after `since` (read in the batch after a `takeTicket`), counted
 * as `takeTicket` counts them.
 */
export function countEventsSince(db: D1Database, bucket: string, since: string) {
  return db.prepare(`SELECT ${eventsSinceSql('?1', '?2')} AS count`).bind(bucket, since);
}
