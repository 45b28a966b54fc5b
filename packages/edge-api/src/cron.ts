import type { Env } from './env.js';
import { deliverDueOutboxMessages, transportsFor } from './services/outbox-sender.js';
import { expireConsents, forgetOldAbuseState, purgeUnconfirmed } from './services/retention.js';

/**
 * The scheduled pass (every five minutes): retry the outbox, expire ended consents, delete
 * unconfirmed requests past retention, and forget old rate-limit state. `now` is the scheduled
 * time, so tests can move the clock.
 */
export async function runScheduled(env: Env, now: Date) {
  const mail = await deliverDueOutboxMessages(env.DB, transportsFor(env), now);
  const expired = await expireConsents(env.DB, now);
  const purged = await purgeUnconfirmed(env.DB, now);
  await forgetOldAbuseState(env.DB, now);
  return { mail, expired, purged };
}
