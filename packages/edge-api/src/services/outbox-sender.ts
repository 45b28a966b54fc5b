import type { Mailer } from '../mail/mailer.js';
import {
  findPendingOutboxMessage,
  leaseOutboxMessage,
  listDueOutboxMessages,
  markOutboxAttemptFailed,
  markOutboxSent,
  type PendingOutboxMessage,
} from '../store/outbox.js';

const maxAttempts = 8;
const leaseMs = 5 * 60_000;

/** Exponential backoff: 1, 2, 4 ... minutes after each failed attempt, at most 4 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** attempts, 4 * 3_600_000);
}

async function deliver(db: D1Database, mailer: Mailer, message: PendingOutboxMessage, now: Date) {
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  if (!(await leaseOutboxMessage(db, message.id, now.toISOString(), leaseUntil))) return false;
  try {
    await mailer.send(message);
  } catch (error) {
    await markOutboxAttemptFailed(db, message.id, {
      error: error instanceof Error ? error.message : String(error),
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(message.attempts)).toISOString(),
      giveUp: message.attempts + 1 >= maxAttempts,
    });
    return false;
  }
  return markOutboxSent(db, message.id, now.toISOString());
}

/** Sends one message right after it was written (called through `waitUntil`). */
export async function deliverOutboxMessage(db: D1Database, mailer: Mailer, id: string, now: Date) {
  const message = await findPendingOutboxMessage(db, id);
  if (message) await deliver(db, mailer, message, now);
}

/** The cron's retry pass: every message whose next attempt is due. */
export async function deliverDueOutboxMessages(db: D1Database, mailer: Mailer, now: Date) {
  const due = await listDueOutboxMessages(db, now.toISOString(), 50);
  let sent = 0;
  for (const message of due) if (await deliver(db, mailer, message, now)) sent += 1;
  return { due: due.length, sent };
}
