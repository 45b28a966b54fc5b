import {
  excerptBody,
  genesisHash,
  recordHashAndSigningInput,
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
import { always, type Guard } from '../store/guard.js';
import { advanceLogHead, findLogHead, headIs, type LogHead } from '../store/log-heads.js';
import { type QuarantineReason, quarantineRecord } from '../store/quarantined-records.js';
import {
  listSitesWithUnsequenced,
  type MacedRecord,
  macInputOfRow,
  type RecordContact,
  type RecordRow,
  readSequencerPass,
  recordPayload,
  sealRecords,
  unsealedRow,
} from '../store/records.js';
import { shardTagOf } from '../store/shards.js';
import { rememberSigningKey } from '../store/signing-keys.js';
import { listSites } from '../store/sites.js';
import {
  dropPendingDeliveriesOfRecord,
  queueIntegrityDeliveries,
} from '../store/webhook-deliveries.js';
import { deliverDueWebhooks } from './webhook-delivery.js';

/** What the sequencer needs besides the signer: the database and the records' MAC secret. */
export type LogEnv = Pick<Env, 'DB' | 'RECORD_KEY'>;

// A pass is one read and one batch: 500 records a pass seal an import call's 1,000 in two, where
// 100 took ten (each batch a commit rewriting the same pages of the log's indexes). A run stops
// after 5,000 records as before; the next request or the cron goes on.
const perPass = 500;
const maxPasses = 10;

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
 *
 * Each pass is one read (head, the kid's stored key and the records, readSequencerPass) and one
 * batch; a pass that read fewer records than it could take and moved the head is the last (no
 * empty pass to find out: issue 23). Also answers whether the site had webhook events due.
 */
async function sealSite(env: LogEnv, signer: Signer, siteId: string) {
  const db = env.DB;
  const macKey = await recordMacKey(env);
  let sealed = 0;
  let webhooksDue = false;
  for (let pass = 0; pass < maxPasses; pass += 1) {
    const at = new Date().toISOString();
    const read = await readSequencerPass(db, { siteId, kid: signer.kid, limit: perPass, now: at });
    refuseReusedKid(signer, read.kidKey);
    webhooksDue ||= read.webhooksDue;
    const { pending } = read;
    if (pending.length === 0) {
      // Nothing waits: the head read is the site's, and the kid's key is known to be its own.
      if (read.kidKey) knowHead(db, siteId, signer.kid, read.head ?? genesisHead);
      break;
    }
    const from: LogHead = read.head ?? genesisHead;
    const seals = [];
    const refused: D1PreparedStatement[] = [];
    let head: LogHead = from;
    for (const row of pending) {
      const verdict = await checkRecordMac(macKey, macInputOfRow(row), row.mac);
      if (verdict !== 'valid') {
        console.error(`signet: record ${row.id} of site ${siteId} quarantined: MAC ${verdict}`);
        refused.push(...quarantine(db, row, verdict, at));
        continue;
      }
      const record = recordPayload(row, head.seq + 1, head.hash);
      const { hash, input } = await recordHashAndSigningInput(signer.kid, record);
      const sig = await signer.sign(input);
      seals.push({ id: row.id, seq: record.seq, prev: head.hash, hash, kid: signer.kid, sig });
      head = { seq: record.seq, hash };
    }
    const guard = headIs(siteId, head);
    // The kid's key is registered the first time it signs here, not on every pass.
    const remember = read.kidKey ? [] : [rememberSigningKey(db, signer.kid, signer.publicJwk, at)];
    const sealing =
      seals.length === 0
        ? []
        : [
            ...remember,
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
    const moved = seals.length === 0 || results[remember.length]?.meta.changes === 1;
    sealed += results
      .slice(remember.length + 1, sealing.length)
      .reduce((sum, result) => sum + (result.meta.changes ?? 0), 0);
    if (moved && seals.length > 0) knowHead(db, siteId, signer.kid, head);
    else if (!moved) forgetHead(db, siteId);
    if (moved && pending.length < perPass) break;
  }
  return { sealed, webhooksDue };
}

const genesisHead: LogHead = { seq: 0, hash: genesisHash };

// Each site's head as this isolate last saw it move, per shard, with the kid that signed there
// (its stored key checked): what a seal in the batch that writes the records starts from. A
// stale entry costs nothing but a seal that does not take (the head's compare-and-set fails in
// the batch) and the background sealing that follows; it never puts a record in a wrong place.
// A seal being prepared enters its head here before it is computed (a promise), so that a
// request arriving meanwhile chains on it instead of starting from the same head; null when the
// chain broke (the kid changed).
interface KnownHead {
  kid: string;
  head: Promise<LogHead | null>;
}
const knownHeads = new Map<string, KnownHead>();
const headKey = (db: D1Database, siteId: string) => `${shardTagOf(db)}/${siteId}`;

function knowHead(db: D1Database, siteId: string, kid: string, head: LogHead) {
  knownHeads.set(headKey(db, siteId), { kid, head: Promise.resolve(head) });
}

function forgetHead(db: D1Database, siteId: string) {
  knownHeads.delete(headKey(db, siteId));
}

/** Statements to end a batch with, and whether they sealed its records (from its results). */
export interface SealInBatch {
  statements: D1PreparedStatement[];
  sealed(results: readonly D1Result[]): boolean;
}

const noSealInBatch: SealInBatch = { statements: [], sealed: () => false };

/**
 * Seals records in the batch that writes them (issue 23): when this isolate knows the site's
 * head, their places, hashes and signatures are computed before the batch, and its last two
 * statements move the head and seal them, both only if the head is still where it was and every
 * record is there unsealed. Consecutive batches of one isolate chain on each other's heads. When
 * the seal does not take (another writer moved the head, a guard kept the records out, the head
 * is unknown), the records wait unsealed as before and the caller seals in the background. The
 * row as written is what is signed (`unsealedRow`), so the records need no MAC check: this
 * isolate made them a moment ago.
 */
export async function sealInBatch(
  env: Pick<Env, 'DB' | 'SIGNING_KEY'>,
  siteId: string,
  records: readonly { record: MacedRecord; contact: RecordContact }[],
  /** Holds when the rows will hold what was signed (they take something from another row). */
  also: Guard = always,
): Promise<SealInBatch> {
  const db = env.DB;
  const key = headKey(db, siteId);
  const known = knownHeads.get(key);
  const secret = env.SIGNING_KEY;
  if (records.length === 0 || !known || !secret) return noSealInBatch;
  // Taken and replaced before anything is awaited: the next seal starts where this one ends.
  const work = (async () => {
    const [signer, from] = await Promise.all([loadSigner(secret), known.head]);
    if (!from || signer.kid !== known.kid) return null;
    let head = from;
    const seals = [];
    for (const { record, contact } of records) {
      const payload = recordPayload(unsealedRow(record, contact), head.seq + 1, head.hash);
      const { hash, input } = await recordHashAndSigningInput(signer.kid, payload);
      const sig = await signer.sign(input);
      seals.push({ id: record.id, seq: payload.seq, prev: head.hash, hash, kid: signer.kid, sig });
      head = { seq: payload.seq, hash };
    }
    return { from, head, seals };
  })();
  const mine: KnownHead = {
    kid: known.kid,
    head: work.then(
      (done) => done?.head ?? null,
      () => null,
    ),
  };
  knownHeads.set(key, mine);
  const done = await work.catch(() => null);
  if (!done) {
    if (knownHeads.get(key) === mine) knownHeads.delete(key);
    return noSealInBatch;
  }
  const { from, head, seals } = done;
  const ids = seals.map((seal) => seal.id);
  return {
    statements: [
      advanceLogHead(db, siteId, from, head, ids, also),
      sealRecords(db, seals, headIs(siteId, head)),
    ],
    sealed(results) {
      const moved = results[results.length - 2]?.meta.changes === 1;
      if (!moved && knownHeads.get(key) === mine) knownHeads.delete(key);
      return moved;
    },
  };
}

export async function sequenceSite(env: LogEnv, signer: Signer, siteId: string) {
  return (await sealSite(env, signer, siteId)).sealed;
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
function refuseReusedKid(signer: Signer, stored: { x?: string } | null) {
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

// Background sealing in one isolate runs one pass loop at a time per database (shard): a request
// that finds a loop running adds its site and asks it to go round once more instead of starting a
// rival that would lose the compare-and-set. An entry older than the waitUntil limit is taken as
// abandoned.
interface SealQueue {
  running: boolean;
  startedAt: number;
  /** Every site with unsealed records, or only these. */
  all: boolean;
  sites: Set<string>;
}
const queues = new Map<string, SealQueue>();
const abandonedAfterMs = 30_000;

function queueOf(db: D1Database) {
  const shard = shardTagOf(db);
  let queue = queues.get(shard);
  if (!queue) {
    queue = { running: false, startedAt: 0, all: false, sites: new Set() };
    queues.set(shard, queue);
  }
  return queue;
}

/** Seals what is queued; answers whether webhook events may be due (always, after every site). */
async function sealCoalesced(env: LogEnv, signer: Signer, siteId: string | null) {
  const queue = queueOf(env.DB);
  if (siteId === null) queue.all = true;
  else queue.sites.add(siteId);
  if (queue.running && Date.now() - queue.startedAt < abandonedAfterMs) return false;
  Object.assign(queue, { running: true, startedAt: Date.now() });
  let webhooks = false;
  try {
    while (queue.all || queue.sites.size > 0) {
      const { all } = queue;
      const sites = [...queue.sites];
      queue.all = false;
      queue.sites.clear();
      if (all) {
        await sequenceAllSites(env, signer);
        webhooks = true;
      } else {
        for (const site of sites)
          webhooks = (await sealSite(env, signer, site)).webhooksDue || webhooks;
      }
    }
  } finally {
    queue.running = false;
  }
  return webhooks;
}

/**
 * After a batch that wrote records and tried to seal them itself (`sealInBatch`): if the seal did
 * not take, they are sealed in the background as before; if it did, only the webhook events the
 * site has due go out (sealed records are what they carry).
 */
export function settleInBackground(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  records: { siteId: string; sealed: boolean; webhooksDue: boolean },
) {
  if (!records.sealed) sealInBackground(env, ctx, records.siteId);
  else if (records.webhooksDue) {
    ctx.waitUntil(
      deliverDueWebhooks(env, new Date()).catch((error: unknown) => {
        console.error(
          `signet: webhooks failed: ${error instanceof Error ? error.message : 'unknown'}`,
        );
      }),
    );
  }
}

/**
 * Seals what a request just wrote, after the response (`waitUntil`); reads and the cron seal
 * anything left behind. Without a signing key nothing is sealed, and records wait. Given the
 * request's site, only that site is sealed, and webhooks are sent only when the site has events
 * due (issue 23); without it, every site, then every due event.
 */
export function sealInBackground(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  siteId: string | null = null,
) {
  ctx.waitUntil(
    loadSigner(env.SIGNING_KEY)
      .then((signer) => sealCoalesced(env, signer, siteId))
      // Sealed records are what webhooks carry: the change's events can go out now.
      .then((webhooks) => (webhooks ? deliverDueWebhooks(env, new Date()) : undefined))
      .catch((error: unknown) => {
        console.error(
          `signet: sealing records failed: ${error instanceof Error ? error.message : 'unknown'}`,
        );
      }),
  );
}
