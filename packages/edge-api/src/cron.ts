import { loadSigner } from './crypto/signer.js';
import type { Env } from './env.js';
import { configurationProblems } from './middleware/configuration.js';
import { raiseUnhonoured } from './services/acknowledgements.js';
import { reapplyShredLog } from './services/erasure.js';
import { rewrapDataKeys, sealLegacyRows } from './services/key-maintenance.js';
import { deliverDueOutboxMessages, transportsFor } from './services/outbox-sender.js';
import { forgetEndedOwnerSessions } from './services/owner-sessions.js';
import { sendAllDueReconfirmations } from './services/reconfirmations.js';
import { checkpointGrownLogs, sequenceAllSites } from './services/record-log.js';
import {
  expireConsents,
  forgetEndedPersonAccess,
  forgetOldAbuseState,
  purgeUnconfirmed,
} from './services/retention.js';
import { runAskedMoves } from './services/site-move.js';
import { purgeTestData } from './services/test-mode.js';
import { deliverDueWebhooks } from './services/webhook-delivery.js';
import { shardDatabases, shardEnv } from './store/shards.js';
import { isIdleShard } from './store/site-rows.js';

/** Runs one step; a failing step is logged (its kind only, S3) and the next steps still run. */
async function stepAlone<T>(name: string, work: () => Promise<T>): Promise<T | 'failed'> {
  try {
    return await work();
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';
    console.error(`signet: cron step ${name} failed: ${detail}`);
    return 'failed';
  }
}

/**
 * The scheduled pass (every five minutes): retry the outbox, expire ended consents, delete
 * unconfirmed requests past retention, purge test-key data older than 7 days, forget old rate-limit state, ended preference sessions,
 * expired preference links and messages of deleted subjects, erase again whoever a restored
 * database brought back (the shred log), seal contact data from before
 * encryption at rest and re-wrap data keys and webhook secrets of an older master key, then seal new records and
 * sign a checkpoint of every log that grew, raise `consent.unhonoured` for withdrawals a listed
 * system has not acknowledged in time (A5), then send due webhooks: first the site moves an
 * operator asked for, then all of it for each shard. Each step stands alone: a mail provider that is down
 * must not keep consents from expiring. `now` is the scheduled time, so tests can move the clock.
 */
export async function runScheduled(env: Env, now: Date) {
  const problems = configurationProblems(env);
  if (problems.length > 0) throw new Error(`Signet is misconfigured: ${problems.join('; ')}`);
  // Shard after shard, each with its own steps (decision 0009): a shard that fails, even before
  // its first step, leaves the others' expiry, erasure and sealing on time.
  // First the moves an operator asked for, so that the passes below find each site where it is.
  const moves = await stepAlone('site-moves', () => runAskedMoves(env, now));
  const passes = [];
  for (const shard of shardDatabases(env).keys()) {
    passes.push(
      await stepAlone(`shard ${shard}`, () =>
        runShardPass(shardEnv(env, shard) as Env, now, shard),
      ),
    );
  }
  return { moves, passes };
}

/** The scheduled pass over one shard: `env.DB` is that shard; its logs name it after shard 0. */
async function runShardPass(env: Env, now: Date, shard: number) {
  const step = <T>(name: string, work: () => Promise<T>) =>
    stepAlone(shard === 0 ? name : `${name} of shard ${shard}`, work);
  // A shard without sites (a new one, or one whose sites moved away) costs one query, not a pass.
  if (shard > 0 && (await isIdleShard(env.DB))) return 'idle';
  // Before the outbox: the day's share of re-confirmations (M1) goes out in this same pass.
  const reconfirmations = await step('reconfirmations', () => sendAllDueReconfirmations(env, now));
  const mail = await step('outbox', () =>
    deliverDueOutboxMessages(env.DB, transportsFor(env), now),
  );
  const expired = await step('expiry', () => expireConsents(env, now));
  const purged = await step('purge', () => purgeUnconfirmed(env.DB, now));
  const testPurged = await step('test-purge', () => purgeTestData(env.DB, now));
  await step('abuse-state', () => forgetOldAbuseState(env.DB, now));
  await step('owner-sessions', () => forgetEndedOwnerSessions(env.DB, now));
  await step('person-access', () => forgetEndedPersonAccess(env.DB, now));
  const shredded = await step('shred-log', () => reapplyShredLog(env));
  const keys = await step('keys', async () => ({
    legacySealed: await sealLegacyRows(env),
    rotation: await rewrapDataKeys(env),
  }));
  const sealed = await step('seal', async () =>
    sequenceAllSites(env, await loadSigner(env.SIGNING_KEY)),
  );
  const checkpoints = await step('checkpoint', async () =>
    checkpointGrownLogs(env, await loadSigner(env.SIGNING_KEY), now),
  );
  // After sealing: `consent.unhonoured` carries the withdrawal's signed record (A5).
  const unhonoured = await step('unhonoured', () => raiseUnhonoured(env.DB, now));
  // After sealing: a webhook carries the signed record of its change (A4).
  const webhooks = await step('webhooks', () => deliverDueWebhooks(env, now));
  return {
    reconfirmations,
    mail,
    expired,
    purged,
    testPurged,
    shredded,
    keys,
    sealed,
    checkpoints,
    unhonoured,
    webhooks,
  };
}
