import {
  excerptBody,
  recordHash,
  type SignedCheckpoint,
  type SignedExcerpt,
  type SignedRecord,
  signingInput,
} from '@signet/sdk';
import { checkRecordMac, recordMacKey } from '../crypto/record-mac.js';
import { loadSigner, type Signer } from '../crypto/signer.js';
import type { Env } from '../env.js';
import { insertIntegrityEvent } from '../store/admin-events.js';
import { findLatestCheckpointSeq, insertCheckpoint } from '../store/checkpoints.js';
import { advanceLogHead, findLogHead, headIs, type LogHead } from '../store/log-heads.js';
import { type QuarantineReason, quarantineRecord } from '../store/quarantined-records.js';
import {
  listSitesWithUnsequenced,
  listUnsequenced,
  macInputOfRow,
  type RecordRow,
  recordPayload,
  sealRecords,
} from '../store/records.js';
import { findSigningKey, rememberSigningKey } from '../store/signing-keys.js';
import { listSites } from '../store/sites.js';
import {
  dropPendingDeliveriesOfRecord,
  queueIntegrityDeliveries,
} from '../store/webhook-deliveries.js';
import { deliverDueWebhooks } from './webhook-delivery.js';

/** What the sequencer needs besides the signer: the database and the records' MAC secret. */
export type LogEnv = Pick<Env, 'DB' | 'RECORD_KEY'>;

const perPass = 100;
const maxPasses = 50;

/**
 * A row whose MAC does not verify (none, or not the service's) was not written by the service:
 * it is moved to quarantine, reported in the owner's admin log and to the site's endpoints as
 * `log.integrity`, and its own queued events are dropped; never signed, never retried.
 */
function quarantine(db: D1Database, row: RecordRow, reason: QuarantineReason, at: string) {
  return quarantineRecord(db, { id: row.id, reason, at }, [
    insertIntegrityEvent(db, row.id, at),
    queueIntegrityDeliveries(db, row.id, at),
    dropPendingDeliveriesOfRecord(db, row.id),
  ]);
}

/**
 * Gives the site's unsequenced records their place in the log: number, hash of the previous
 * record, hash and signature (P2, P3). Only rows whose MAC verifies are signed (decision 0005);
 * the others are quarantined in the same batch and the log goes on without them. A pass moves
 * the head with a compare-and-set; if another sequencer moved it first, this pass seals nothing
 * and the next one starts from the new head.
 */
export async function sequenceSite(env: LogEnv, signer: Signer, siteId: string) {
  const db = env.DB;
  await refuseReusedKid(db, signer);
  const macKey = await recordMacKey(env);
  let sealed = 0;
  for (let pass = 0; pass < maxPasses; pass += 1) {
    // The head first: a rival that seals between these two reads moves the head, so this
    // pass's compare-and-set fails instead of numbering rows the rival already sealed.
    const from = await findLogHead(db, siteId);
    const pending = await listUnsequenced(db, siteId, perPass);
    if (pending.length === 0) break;
    const seals = [];
    const refused: D1PreparedStatement[] = [];
    const at = new Date().toISOString();
    let head: LogHead = from;
    for (const row of pending) {
      const verdict = await checkRecordMac(macKey, macInputOfRow(row), row.mac);
      if (verdict !== 'valid') {
        console.error(`signet: record ${row.id} of site ${siteId} quarantined: MAC ${verdict}`);
        refused.push(...quarantine(db, row, verdict, at));
        continue;
      }
      const record = recordPayload(row, head.seq + 1, head.hash);
      const hash = await recordHash(record);
      const sig = await signer.sign(signingInput('signet-record', signer.kid, record));
      seals.push({ id: row.id, seq: record.seq, prev: head.hash, hash, kid: signer.kid, sig });
      head = { seq: record.seq, hash };
    }
    const guard = headIs(siteId, head);
    const sealing =
      seals.length === 0
        ? []
        : [
            rememberSigningKey(db, signer.kid, signer.publicJwk, at),
            advanceLogHead(
              db,
              siteId,
              from,
              head,
              seals.map((seal) => seal.id),
            ),
            sealRecords(db, seals, guard),
          ];
    const results = await db.batch([...sealing, ...refused]);
    sealed += results
      .slice(2, sealing.length)
      .reduce((sum, result) => sum + (result.meta.changes ?? 0), 0);
  }
  return sealed;
}

export async function sequenceAllSites(env: LogEnv, signer: Signer) {
  let sealed = 0;
  for (const siteId of await listSitesWithUnsequenced(env.DB)) {
    sealed += await sequenceSite(env, signer, siteId);
  }
  return sealed;
}

/**
 * A kid names one key forever: if the kid of the active key first signed with another key, the
 * records would verify against neither reliably, so nothing is signed (P2).
 */
async function refuseReusedKid(db: D1Database, signer: Signer) {
  const stored = await findSigningKey(db, signer.kid);
  if (stored && stored.x !== signer.publicJwk.x) {
    throw new Error(`kid ${signer.kid} first signed with another key; give the new key a new kid`);
  }
}

/**
 * A signed statement of the site's current head, after sequencing what is pending. The cron
 * keeps the ones it makes (`keep`); one made on demand is only answered.
 */
export async function makeCheckpoint(
  env: LogEnv,
  signer: Signer,
  siteId: string,
  now: Date,
  keep = false,
): Promise<SignedCheckpoint> {
  const db = env.DB;
  await sequenceSite(env, signer, siteId);
  const head = await findLogHead(db, siteId);
  const checkpoint = {
    v: 1 as const,
    site: siteId,
    seq: head.seq,
    head: head.hash,
    at: now.toISOString(),
  };
  const sig = await signer.sign(signingInput('signet-checkpoint', signer.kid, checkpoint));
  const signed = { checkpoint, kid: signer.kid, sig };
  if (keep) {
    await db.batch([
      rememberSigningKey(db, signer.kid, signer.publicJwk, now.toISOString()),
      insertCheckpoint(db, signed),
    ]);
  }
  return signed;
}

/**
 * A signed excerpt for a person's records (a receipt, an exhibit): it lists their hashes under the
 * site's head as it stands now, so the copy verifies alone (P6). Nothing is stored: the records
 * are in the log already and the excerpt can be made again at any time.
 */
export async function makeExcerpt(
  db: D1Database,
  signer: Signer,
  siteId: string,
  records: readonly SignedRecord[],
  now: Date,
): Promise<SignedExcerpt> {
  const head = await findLogHead(db, siteId);
  const excerpt = excerptBody(records, { site: siteId, ...head }, now.toISOString());
  const sig = await signer.sign(signingInput('signet-excerpt', signer.kid, excerpt));
  return { excerpt, kid: signer.kid, sig };
}

/** The cron's pass: a checkpoint for every site whose log grew since its last one. */
export async function checkpointGrownLogs(env: LogEnv, signer: Signer, now: Date) {
  const db = env.DB;
  let made = 0;
  for (const site of await listSites(db)) {
    const head = await findLogHead(db, site.id);
    const last = await findLatestCheckpointSeq(db, site.id);
    if (head.seq > 0 && head.seq !== last) {
      await makeCheckpoint(env, signer, site.id, now, true);
      made += 1;
    }
  }
  return made;
}

// Background sealing in one isolate runs one pass loop at a time: a request that finds a loop
// running asks it to go round once more instead of starting a rival that would lose the
// compare-and-set. An entry older than the waitUntil limit is taken as abandoned.
const sealing = { running: false, again: false, startedAt: 0 };
const abandonedAfterMs = 30_000;

async function sealCoalesced(env: LogEnv, signer: Signer) {
  if (sealing.running && Date.now() - sealing.startedAt < abandonedAfterMs) {
    sealing.again = true;
    return;
  }
  Object.assign(sealing, { running: true, again: true, startedAt: Date.now() });
  try {
    while (sealing.again) {
      sealing.again = false;
      await sequenceAllSites(env, signer);
    }
  } finally {
    sealing.running = false;
  }
}

/**
 * Seals what a request just wrote, after the response (`waitUntil`); reads and the cron seal
 * anything left behind. Without a signing key nothing is sealed, and records wait.
 */
export function sealInBackground(env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }) {
  ctx.waitUntil(
    loadSigner(env.SIGNING_KEY)
      .then((signer) => sealCoalesced(env, signer))
      // Sealed records are what webhooks carry: the change's events can go out now.
      .then(() => deliverDueWebhooks(env, new Date()))
      .catch((error: unknown) => {
        console.error(
          `signet: sealing records failed: ${error instanceof Error ? error.message : 'unknown'}`,
        );
      }),
  );
}
