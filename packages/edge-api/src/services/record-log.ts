import {
  excerptBody,
  recordHash,
  type SignedCheckpoint,
  type SignedExcerpt,
  type SignedRecord,
  signingInput,
} from '@signet/sdk';
import { loadSigner, type Signer } from '../crypto/signer.js';
import type { Env } from '../env.js';
import { findLatestCheckpointSeq, insertCheckpoint } from '../store/checkpoints.js';
import { advanceLogHead, findLogHead, headIs, type LogHead } from '../store/log-heads.js';
import {
  listSitesWithUnsequenced,
  listUnsequenced,
  recordPayload,
  sealRecord,
} from '../store/records.js';
import { findSigningKey, rememberSigningKey } from '../store/signing-keys.js';
import { listSites } from '../store/sites.js';
import { deliverDueWebhooks } from './webhook-delivery.js';

const perPass = 100;
const maxPasses = 50;

/**
 * Gives the site's unsequenced records their place in the log: number, hash of the previous
 * record, hash and signature (P2, P3). A pass moves the head with a compare-and-set; if another
 * sequencer moved it first, this pass writes nothing and the next one starts from the new head.
 */
export async function sequenceSite(db: D1Database, signer: Signer, siteId: string) {
  await refuseReusedKid(db, signer);
  let sealed = 0;
  for (let pass = 0; pass < maxPasses; pass += 1) {
    // The head first: a rival that seals between these two reads moves the head, so this
    // pass's compare-and-set fails instead of numbering rows the rival already sealed.
    const from = await findLogHead(db, siteId);
    const pending = await listUnsequenced(db, siteId, perPass);
    if (pending.length === 0) break;
    const seals = [];
    let head: LogHead = from;
    for (const row of pending) {
      const record = recordPayload(row, head.seq + 1, head.hash);
      const hash = await recordHash(record);
      const sig = await signer.sign(signingInput('signet-record', signer.kid, record));
      seals.push({ id: row.id, seq: record.seq, prev: head.hash, hash, kid: signer.kid, sig });
      head = { seq: record.seq, hash };
    }
    const guard = headIs(siteId, head);
    const results = await db.batch([
      rememberSigningKey(db, signer.kid, signer.publicJwk, new Date().toISOString()),
      advanceLogHead(
        db,
        siteId,
        from,
        head,
        seals.map((seal) => seal.id),
      ),
      ...seals.map((seal) => sealRecord(db, seal, guard)),
    ]);
    sealed += results.slice(2).reduce((sum, result) => sum + (result.meta.changes ?? 0), 0);
  }
  return sealed;
}

export async function sequenceAllSites(db: D1Database, signer: Signer) {
  let sealed = 0;
  for (const siteId of await listSitesWithUnsequenced(db)) {
    sealed += await sequenceSite(db, signer, siteId);
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
  db: D1Database,
  signer: Signer,
  siteId: string,
  now: Date,
  keep = false,
): Promise<SignedCheckpoint> {
  await sequenceSite(db, signer, siteId);
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
export async function checkpointGrownLogs(db: D1Database, signer: Signer, now: Date) {
  let made = 0;
  for (const site of await listSites(db)) {
    const head = await findLogHead(db, site.id);
    const last = await findLatestCheckpointSeq(db, site.id);
    if (head.seq > 0 && head.seq !== last) {
      await makeCheckpoint(db, signer, site.id, now, true);
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

async function sealCoalesced(db: D1Database, signer: Signer) {
  if (sealing.running && Date.now() - sealing.startedAt < abandonedAfterMs) {
    sealing.again = true;
    return;
  }
  Object.assign(sealing, { running: true, again: true, startedAt: Date.now() });
  try {
    while (sealing.again) {
      sealing.again = false;
      await sequenceAllSites(db, signer);
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
      .then((signer) => sealCoalesced(env.DB, signer))
      // Sealed records are what webhooks carry: the change's events can go out now.
      .then(() => deliverDueWebhooks(env, new Date()))
      .catch((error: unknown) => {
        console.error(
          `signet: sealing records failed: ${error instanceof Error ? error.message : 'unknown'}`,
        );
      }),
  );
}
