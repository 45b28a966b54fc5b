import { masterKeys, newDataKey, rewrapDataKey, seal } from '../crypto/data-keys.js';
import type { Env } from '../env.js';
import { listUnsealedPhones, sealRequestPhone } from '../store/consent-requests.js';
import { listUnsealedRecipients, sealRecipient } from '../store/outbox.js';
import {
  countSubjectsWrappedBy,
  listSubjectsWrappedBy,
  listUnsealedSubjects,
  replaceWrappedKey,
  sealLegacySubject,
} from '../store/subjects.js';
import { countEndpointsSealedBy, listEndpointsSealedBy } from '../store/webhook-endpoints.js';
import { dataKeyOf, sealedAs } from './subject-keys.js';
import { resealWebhookSecret } from './webhooks.js';

const perPass = 200;

/**
 * Master key rotation (S2): data keys wrapped and webhook secrets sealed by an older master key
 * are re-wrapped (re-sealed) by the active one, a batch of each per cron pass. Then both tables
 * are counted: only when neither names an older key may `MASTER_KEY_PREVIOUS_*` go, and the pass
 * says so in the log. A row that cannot be opened (its key already gone) is skipped and counted.
 * With only the active key configured a pass does nothing (`left` is null).
 */
export async function rewrapDataKeys(env: Env, limit = perPass) {
  const master = await masterKeys(env);
  // Without an older key configured there is nothing this pass could open to re-wrap, and
  // looking would read every subject of the shard each pass (store/cron-lookups.test.ts).
  if (master.byKid.size === 1) return { rewrapped: 0, resealed: 0, left: null };
  const statements = [];
  let unreadable = 0;
  for (const row of await listSubjectsWrappedBy(env.DB, master.activeKid, limit)) {
    if (!row.data_key || !row.data_key_id || !row.master_kid) continue;
    const stored = {
      subjectId: row.id,
      id: row.data_key_id,
      wrapped: row.data_key,
      masterKid: row.master_kid,
    };
    const rewrapped = await rewrapDataKey(master, stored).catch(() => null);
    if (!rewrapped) {
      unreadable += 1;
      continue;
    }
    statements.push(
      replaceWrappedKey(env.DB, {
        id: row.id,
        keyId: rewrapped.id,
        wrapped: rewrapped.wrapped,
        masterKid: rewrapped.masterKid,
      }),
    );
  }
  const rewrapped = statements.length;
  for (const row of await listEndpointsSealedBy(env.DB, master.activeKid, limit)) {
    const resealed = await resealWebhookSecret(env, row).catch(() => null);
    if (resealed) statements.push(resealed);
    else unreadable += 1;
  }
  if (statements.length > 0) await env.DB.batch(statements);
  if (unreadable > 0) {
    console.error(`signet: ${unreadable} keys or secrets open with no configured master key`);
  }
  const left = await olderMasterKeyUse(env);
  if (master.byKid.size > 1 && left.subjects === 0 && left.webhookEndpoints === 0) {
    console.info(
      'signet: nothing is sealed by an older master key any more: MASTER_KEY_PREVIOUS_* may be removed',
    );
  }
  return { rewrapped, resealed: statements.length - rewrapped, left };
}

/** How many data keys and webhook secrets are still sealed by an older master key. */
export async function olderMasterKeyUse(env: Env) {
  const { activeKid } = await masterKeys(env);
  const [subjects, endpoints] = await env.DB.batch<{ n: number }>([
    countSubjectsWrappedBy(env.DB, activeKid),
    countEndpointsSealedBy(env.DB, activeKid),
  ]);
  return {
    subjects: subjects?.results[0]?.n ?? 0,
    webhookEndpoints: endpoints?.results[0]?.n ?? 0,
  };
}

/**
 * Rows written before encryption at rest (migration 0006) get sealed and lose their plaintext:
 * subjects first (they get their data key), then the numbers of their requests and the
 * recipients of their messages.
 */
export async function sealLegacyRows(env: Env) {
  const master = await masterKeys(env);
  let sealed = 0;
  for (const row of await listUnsealedSubjects(env.DB, perPass)) {
    const dataKey = await newDataKey(master, row.id);
    const key = { id: dataKey.id, wrapped: dataKey.wrapped, masterKid: dataKey.masterKid };
    const emailSealed = await seal(dataKey.key, row.email, sealedAs.email(row.id));
    const phoneSealed = row.phone
      ? await seal(dataKey.key, row.phone, sealedAs.phone(row.id))
      : null;
    await sealLegacySubject(env.DB, { id: row.id, emailSealed, phoneSealed, key }).run();
    sealed += 1;
  }
  for (const row of await listUnsealedPhones(env.DB, perPass)) {
    const key = await dataKeyOf(env, row.subject_id);
    if (!key) continue;
    await sealRequestPhone(
      env.DB,
      row.id,
      await seal(key.key, row.phone, sealedAs.phone(row.subject_id)),
    ).run();
    sealed += 1;
  }
  for (const row of await listUnsealedRecipients(env.DB, perPass)) {
    const key = row.subject_id ? await dataKeyOf(env, row.subject_id) : null;
    if (!key || !row.subject_id) continue;
    const toSealed = await seal(key.key, row.to_address, sealedAs.recipient(row.subject_id));
    await sealRecipient(env.DB, row.id, row.subject_id, toSealed).run();
    sealed += 1;
  }
  return sealed;
}
