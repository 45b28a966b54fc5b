import type { LinkKind } from '../crypto/link-tokens.js';
import type { Guard } from './guard.js';
import { storedBody } from './message-bodies.js';
import { packedHex, unpackHexSql } from './packed-cells.js';

export type OutboxChannel = 'email' | 'sms';

/**
 * A message as stored: its link holds `[redacted]` where the token goes (crypto/link-tokens.ts),
 * and `linkHash` is the SHA-256 of the token the sender will put there.
 */
export interface OutboxMessage {
  id: string;
  channel: OutboxChannel;
  siteId: string;
  requestId: string | null;
  subjectId: string;
  /**
   * The recipient, sealed under the subject's data key (S2); never stored in clear. Null for an
   * email to the subject's own address as its row seals it: the sender opens that instead.
   */
  toSealed: string | null;
  subject: string;
  text: string;
  html: string;
  /** The link the sender renders in, and the id its token is derived from. */
  link: { kind: LinkKind; ref: string } | null;
  linkHash: string | null;
  /**
   * The subject line, text and HTML compressed (message-bodies.ts); when given, they are stored
   * only so.
   */
  deflated?: Uint8Array;
}

interface OutboxRow {
  id: string;
  channel: OutboxChannel;
  site_id: string;
  /** 1 when its subject is a test key's (decision 0011), read with the row. */
  test: number;
  request_id: string | null;
  subject_id: string | null;
  to_address: string;
  to_sealed: string | null;
  /** The subject the message is for: its own, or its request's (`subjectOf`). */
  subject_of: string | null;
  /** The subject's sealed address, for a message that names no recipient of its own. */
  subject_email_sealed: string | null;
  link_kind: LinkKind | null;
  link_ref: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  body_deflated: number[] | null;
  attempts: number;
}

/**
 * A request's confirmation message: its link names the request, the link's hash is the
 * request's token hash and its subject is the request's, so the row keeps none of them a second
 * time (issue 23; `subjectOf` reads the subject back).
 */
const ownConfirmation = (message: OutboxMessage) =>
  message.link?.kind === 'confirm' && message.link.ref === message.requestId;

/** How long a sender holds a message it is sending: another sender may take it after that. */
export const outboxLeaseMs = 5 * 60_000;

/**
 * `leasedUntil`: the message is written already leased to the request that wrote it, which sends
 * it at once; the cron's retry pass takes it only once the lease has run out.
 */
export function insertOutboxMessage(
  db: D1Database,
  message: OutboxMessage,
  now: string,
  guard: Guard,
  leasedUntil?: string,
) {
  return db
    .prepare(
      `INSERT INTO outbox
         (id, channel, site_id, request_id, subject_id, to_address, to_sealed, subject, text_body,
          html_body, body_deflated, link_kind, link_ref, link_hash, status, attempts,
          next_attempt_at, created_at)
       SELECT ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      message.id,
      message.channel,
      message.siteId,
      message.requestId,
      ownConfirmation(message) ? null : message.subjectId,
      message.toSealed,
      message.deflated ? '' : message.subject,
      message.deflated ? '' : message.text,
      message.deflated ? '' : message.html,
      message.deflated ?? null,
      message.link?.kind ?? null,
      ownConfirmation(message) ? null : (message.link?.ref ?? null),
      ownConfirmation(message) ? null : packedHex(message.linkHash),
      leasedUntil ?? now,
      now,
      ...guard.binds,
    );
}

export interface PendingOutboxMessage {
  id: string;
  channel: OutboxChannel;
  siteId: string;
  /** A test key's message: it goes to the site's test mailbox, never to a transport. */
  test: boolean;
  requestId: string | null;
  subjectId: string | null;
  /** Sealed for the subject; a row from before migration 0006 has `to` in clear instead. */
  toSealed: string | null;
  /** What `toSealed` was sealed as: the message's recipient, or the subject's own address. */
  toSealedAs: 'recipient' | 'email';
  to: string;
  link: { kind: LinkKind; ref: string } | null;
  subject: string;
  text: string;
  html: string;
  attempts: number;
}

/**
 * A confirmation link's id is its request's, kept once, in `request_id` (`ownConfirmation`); rows
 * written before, and links to anything else, name it in `link_ref`.
 */
function linkOfRow(row: OutboxRow) {
  const ref = row.link_ref ?? (row.link_kind === 'confirm' ? row.request_id : null);
  return row.link_kind && ref ? { kind: row.link_kind, ref } : null;
}

async function toPending(row: OutboxRow): Promise<PendingOutboxMessage> {
  const { subject, text, html } = await storedBody(row);
  return {
    id: row.id,
    channel: row.channel,
    siteId: row.site_id,
    test: row.test === 1,
    requestId: row.request_id,
    subjectId: row.subject_of,
    toSealed: row.to_sealed ?? (row.to_address === '' ? row.subject_email_sealed : null),
    toSealedAs: row.to_sealed === null && row.to_address === '' ? 'email' : 'recipient',
    to: row.to_address,
    link: linkOfRow(row),
    subject,
    text,
    html,
    attempts: row.attempts,
  };
}

/**
 * SQL: the subject a message is for. A request's own confirmation keeps none (issue 23, migration
 * 0038): it is its request's; rows from before migration 0006 keep none either.
 */
const subjectOf = 'COALESCE(outbox.subject_id, r.subject_id)';

/** A message with its subject and whether that is a test key's, which decides where it goes. */
const withTest = `SELECT outbox.*, ${subjectOf} AS subject_of, COALESCE(s.test, 0) AS test,
    s.email_sealed AS subject_email_sealed
  FROM outbox LEFT JOIN consent_requests r ON r.id = outbox.request_id
  LEFT JOIN subjects s ON s.id = ${subjectOf}`;

export async function findPendingOutboxMessage(db: D1Database, id: string) {
  const row = await db
    .prepare(`${withTest} WHERE outbox.id = ? AND outbox.status = 'pending'`)
    .bind(id)
    .first<OutboxRow>();
  return row ? toPending(row) : null;
}

export async function listDueOutboxMessages(db: D1Database, now: string, limit: number) {
  const { results } = await db
    .prepare(
      `${withTest} WHERE outbox.status = 'pending' AND outbox.next_attempt_at <= ?
        ORDER BY outbox.next_attempt_at LIMIT ?`,
    )
    .bind(now, limit)
    .all<OutboxRow>();
  return Promise.all(results.map(toPending));
}

/**
 * Leases a due message to one sender by pushing its next attempt past the lease: a cron pass and
 * an immediate send can never both deliver it. Returns whether this caller holds the lease.
 */
export async function leaseOutboxMessage(db: D1Database, id: string, now: string, until: string) {
  const result = await db
    .prepare(
      "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?",
    )
    .bind(until, id, now)
    .run();
  return result.meta.changes === 1;
}

/** SQL: when a message was sent, '' standing for its creation time (`markOutboxSent`). */
export const sentAtSql = (table: string) =>
  `CASE WHEN ${table}.sent_at = '' THEN ${table}.created_at ELSE ${table}.sent_at END AS sent_at`;

/**
 * Marks a message sent unless another sender already did: returns whether this call won. A
 * preference-link message is no evidence of anything: its body goes once it is sent.
 */
export async function markOutboxSent(db: D1Database, id: string, now: string) {
  const result = await outboxSent(db, id, now).run();
  return result.meta.changes === 1;
}

/** The statement of {@link markOutboxSent}, for a batch that also delivers the message. */
export function outboxSent(db: D1Database, id: string, now: string) {
  return db
    .prepare(
      // A sent message is never due again: its due time is cleared, kept as '' (NOT NULL).
      // Sent in the request that wrote it (the usual case), its send time is its creation time,
      // kept once: '' (issue 23; `sentAtSql` reads it back).
      `UPDATE outbox SET status = 'sent', sent_at = CASE WHEN ?1 = created_at THEN '' ELSE ?1 END,
              next_attempt_at = '',
              text_body = CASE WHEN link_kind = 'preferences' THEN '' ELSE text_body END,
              html_body = CASE WHEN link_kind = 'preferences' THEN '' ELSE html_body END,
              body_deflated = CASE WHEN link_kind = 'preferences' THEN NULL ELSE body_deflated END
        WHERE id = ?2 AND status = 'pending'`,
    )
    .bind(now, id);
}

export function markOutboxAttemptFailed(
  db: D1Database,
  id: string,
  failure: { error: string; nextAttemptAt: string; giveUp: boolean },
) {
  return db
    .prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
              status = CASE WHEN ? THEN 'failed' ELSE status END
        WHERE id = ? AND status = 'pending'`,
    )
    .bind(failure.error.slice(0, 500), failure.nextAttemptAt, failure.giveUp ? 1 : 0, id)
    .run();
}

/** Messages of a deleted request go with it: they hold the address (C8). */
/**
 * Messages of a subject that is gone and of no request (preference links): nothing would send
 * them, and nothing can open their recipient any more, but they still name the subject.
 */
export function deleteMessagesOfGoneSubjects(db: D1Database) {
  return db.prepare(
    `DELETE FROM outbox WHERE request_id IS NULL AND subject_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM subjects WHERE id = outbox.subject_id)`,
  );
}

export function deleteOutboxForRequest(db: D1Database, requestId: string) {
  return db
    .prepare(
      `DELETE FROM outbox WHERE request_id = ?1
         AND EXISTS (SELECT 1 FROM consent_requests WHERE id = ?1 AND status = 'pending')`,
    )
    .bind(requestId);
}

/**
 * The confirmation messages of given requests as they were sent, link redacted (evidence, P1).
 * Only of confirmed requests: a pending request's message is never handed out (C5).
 */
export async function listSentMessagesForRequests(db: D1Database, requestIds: string[]) {
  if (requestIds.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT o.request_id, o.channel, o.subject, o.text_body, o.html_body, o.body_deflated,
              CASE WHEN o.link_hash IS NULL AND o.link_kind = 'confirm'
                   THEN ${unpackHexSql('r.token_hash')} ELSE ${unpackHexSql('o.link_hash')}
              END AS link_hash, ${sentAtSql('o')}
         FROM outbox o JOIN consent_requests r ON r.id = o.request_id AND r.status = 'confirmed'
        WHERE o.request_id IN (SELECT value FROM json_each(?)) ORDER BY o.created_at`,
    )
    .bind(JSON.stringify(requestIds))
    .all<{
      request_id: string | null;
      channel: string;
      subject: string;
      text_body: string;
      html_body: string;
      body_deflated: number[] | null;
      link_hash: string | null;
      sent_at: string | null;
    }>();
  return Promise.all(
    results.map(async (row) => {
      const { subject, text, html } = await storedBody(row);
      return {
        requestId: row.request_id,
        channel: row.channel,
        subject,
        text,
        html,
        linkSha256: row.link_hash,
        sentAt: row.sent_at,
      };
    }),
  );
}

/** Messages from before migration 0006, whose recipient is still in clear. */
export async function listUnsealedRecipients(db: D1Database, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT o.id, COALESCE(o.subject_id, r.subject_id) AS subject_id, o.to_address
         FROM outbox o LEFT JOIN consent_requests r ON r.id = o.request_id
        WHERE o.to_address <> '' LIMIT ?`,
    )
    .bind(limit)
    .all<{ id: string; subject_id: string | null; to_address: string }>();
  return results;
}

export function sealRecipient(db: D1Database, id: string, subjectId: string, toSealed: string) {
  return db
    .prepare(`UPDATE outbox SET subject_id = ?, to_sealed = ?, to_address = '' WHERE id = ?`)
    .bind(subjectId, toSealed, id);
}
