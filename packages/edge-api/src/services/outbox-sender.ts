import { linkCode, linkKey, linkMarks, linkToken, withLiveLink } from '../crypto/link-tokens.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { type Mailer, mailerFor } from '../mail/mailer.js';
import { type SmsSender, smsSenderFor } from '../sms/sms-sender.js';
import {
  findPendingOutboxMessage,
  leaseOutboxMessage,
  listDueOutboxMessages,
  markOutboxAttemptFailed,
  markOutboxSent,
  outboxLeaseMs,
  outboxSent,
  type PendingOutboxMessage,
} from '../store/outbox.js';
import { shardTagOf } from '../store/shards.js';
import { insertTestMailboxMessage } from '../store/test-mailbox.js';
import { sealInBackground } from './record-log.js';
import { openFor, sealedAs } from './subject-keys.js';

const maxAttempts = 8;

/** Exponential backoff: 1, 2, 4 ... minutes after each failed attempt, at most 4 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** attempts, 4 * 3_600_000);
}

/**
 * How the outbox reaches people: always email, SMS when a provider is configured, and the key
 * the messages' links are derived from, which only the sender uses.
 */
export interface Transports {
  mail: Mailer;
  sms: SmsSender | null;
  /** Where a test key's messages go instead (decision 0011): the site's test mailbox. */
  testMailbox(message: RenderedMessage): D1PreparedStatement;
  linkKey: Promise<string>;
  /** What the links' tokens start with: the shard that holds what they open. */
  shardTag: string;
  /** The recipient in clear, opened with the subject's data key; null once the subject is gone. */
  recipient(message: PendingOutboxMessage): Promise<string | null>;
}

type RenderedMessage = PendingOutboxMessage & { to: string };

function keepInTestMailbox(db: D1Database) {
  return (message: RenderedMessage) => {
    if (!message.subjectId) throw new Error('a test message names no subject');
    return insertTestMailboxMessage(db, {
      id: newId(),
      siteId: message.siteId,
      subjectId: message.subjectId,
      channel: message.channel,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      createdAt: new Date().toISOString(),
    });
  };
}

export function transportsFor(env: Env): Transports {
  return {
    mail: mailerFor(env),
    sms: smsSenderFor(env),
    testMailbox: keepInTestMailbox(env.DB),
    linkKey: linkKey(env),
    shardTag: shardTagOf(env.DB),
    recipient: (message) =>
      message.toSealed && message.subjectId
        ? openFor(
            env,
            message.subjectId,
            message.toSealed,
            sealedAs[message.toSealedAs](message.subjectId),
          )
        : Promise.resolve(message.to || null),
  };
}

/**
 * The message with its recipient and live link: both exist only here, on their way to the
 * transport.
 */
async function render(transports: Transports, message: PendingOutboxMessage) {
  const to = await transports.recipient(message);
  if (to === null) throw new Error('the recipient is no longer held');
  if (!message.link) return { ...message, to };
  const { kind, ref } = message.link;
  const key = await transports.linkKey;
  const token = `${transports.shardTag}${await linkToken(key, kind, ref)}`;
  const code = kind === 'preferences' ? await linkCode(key, ref) : undefined;
  const marks = await linkMarks(key, kind, ref);
  return {
    ...message,
    to,
    text: withLiveLink(message.text, marks, token, code),
    html: withLiveLink(message.html, marks, token, code),
  };
}

/**
 * Sends the message, or answers the database write that delivers it (a mailbox of the database's
 * own), for the caller to commit with the message's "sent".
 */
async function send(
  transports: Transports,
  stored: PendingOutboxMessage,
): Promise<D1PreparedStatement | null> {
  const message = await render(transports, stored);
  // Before any transport: in every environment, a test key's message reaches nobody.
  if (stored.test) return transports.testMailbox(message);
  if (message.channel === 'email') {
    if (transports.mail.write) return transports.mail.write(message);
    await transports.mail.send(message);
    return null;
  }
  if (!transports.sms) throw new Error('no SMS transport is configured');
  const sms = { to: message.to, text: message.text };
  if (transports.sms.write) return transports.sms.write(sms);
  await transports.sms.send(sms);
  return null;
}

async function deliver(
  db: D1Database,
  transports: Transports,
  message: PendingOutboxMessage,
  now: Date,
) {
  const leaseUntil = new Date(now.getTime() + outboxLeaseMs).toISOString();
  if (!(await leaseOutboxMessage(db, message.id, now.toISOString(), leaseUntil))) return false;
  return sendLeased(db, transports, message, now);
}

/** One attempt of a message this sender holds the lease of. */
async function sendLeased(
  db: D1Database,
  transports: Transports,
  message: PendingOutboxMessage,
  now: Date,
) {
  let delivered: D1Result | undefined;
  try {
    const write = await send(transports, message);
    if (write) {
      // Delivered by a write of this database: it lands with "sent", in one round trip.
      [, delivered] = await db.batch([write, outboxSent(db, message.id, now.toISOString())]);
    }
  } catch (error) {
    await markOutboxAttemptFailed(db, message.id, {
      error: error instanceof Error ? error.message : String(error),
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(message.attempts)).toISOString(),
      giveUp: message.attempts + 1 >= maxAttempts,
    });
    return false;
  }
  if (delivered) return delivered.meta.changes === 1;
  return markOutboxSent(db, message.id, now.toISOString());
}

/** Sends a request's messages right after they were written (called through `waitUntil`). */
export async function deliverOutboxMessages(
  db: D1Database,
  transports: Transports,
  ids: string[],
  now: Date,
) {
  for (const id of ids) {
    const message = await findPendingOutboxMessage(db, id);
    if (message) await deliver(db, transports, message, now);
  }
}

/**
 * Sends the messages a request's batch just wrote leased to it (`sendsAtOnce`), from memory: no
 * lease to take and nothing to read back (called through `waitUntil`).
 */
export async function deliverWrittenMessages(
  db: D1Database,
  transports: Transports,
  messages: PendingOutboxMessage[],
  now: Date,
) {
  for (const message of messages) await sendLeased(db, transports, message, now);
}

/** The cron's retry pass: every message whose next attempt is due. */
export async function deliverDueOutboxMessages(db: D1Database, transports: Transports, now: Date) {
  const due = await listDueOutboxMessages(db, now.toISOString(), 50);
  let sent = 0;
  for (const message of due) if (await deliver(db, transports, message, now)) sent += 1;
  return { due: due.length, sent };
}

/**
 * After a request's batch: its messages go out now rather than at the next cron pass (they are
 * safe in the outbox either way), and its records get their place in the log. Given the records'
 * site and whether the batch sealed them (`sealInBatch`), only that site is sealed, and only if
 * the batch did not.
 */
export function sendAndSealInBackground(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  outboxIds: string[],
  now: Date,
  records?: { siteId: string; sealed: boolean },
) {
  sendInBackground(env, ctx, outboxIds, now);
  if (!records) sealInBackground(env, ctx);
  else if (!records.sealed) sealInBackground(env, ctx, records.siteId);
}

/** After a batch that wrote messages but no records (a preference link): they go out now. */
export function sendInBackground(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  outboxIds: string[],
  now: Date,
) {
  ctx.waitUntil(deliverOutboxMessages(env.DB, transportsFor(env), outboxIds, now));
}

/**
 * The same for a consent request that wrote its messages leased to itself (`sendsAtOnce`): they
 * go out from memory, and only its site's records are sealed (no webhook events come from a
 * request's records; the sequencer sends any that are due for the site), unless its batch sealed
 * them already (`sealed`, record-log.ts `sealInBatch`).
 */
export function sendWrittenAndSealInBackground(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  messages: PendingOutboxMessage[],
  now: Date,
  records: { siteId: string; sealed: boolean },
) {
  if (messages.length > 0) {
    ctx.waitUntil(deliverWrittenMessages(env.DB, transportsFor(env), messages, now));
  }
  if (!records.sealed) sealInBackground(env, ctx, records.siteId);
}
