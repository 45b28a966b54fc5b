import { loadSigner } from './crypto/signer.js';
import type { Env } from './env.js';
import { deliverDueOutboxMessages, transportsFor } from './services/outbox-sender.js';
import { checkpointGrownLogs, sequenceAllSites } from './services/record-log.js';
import { expireConsents, forgetOldAbuseState, purgeUnconfirmed } from './services/retention.js';

/**
 * The scheduled pass (every five minutes): retry the outbox, expire ended consents, delete
 * unconfirmed requests past retention, forget old rate-limit state, then seal new records and
 * sign a checkpoint of every log that grew. `now` is the scheduled
 * time, so tests can move the clock.
 */
export async function runScheduled(env: Env, now: Date) {
  const mail = await deliverDueOutboxMessages(env.DB, transportsFor(env), now);
  const expired = await expireConsents(env.DB, now);
  const purged = await purgeUnconfirmed(env.DB, now);
  await forgetOldAbuseState(env.DB, now);
  const signer = await loadSigner(env.SIGNING_KEY);
  const sealed = await sequenceAllSites(env.DB, signer);
  const checkpoints = await checkpointGrownLogs(env.DB, signer, now);
  return { mail, expired, purged, sealed, checkpoints };
}
