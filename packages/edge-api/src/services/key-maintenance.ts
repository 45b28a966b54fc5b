import { masterKeys, newDataKey, rewrapDataKey, seal } from '../crypto/data-keys.js';
import type { Env } from '../env.js';
import { listUnsealedPhones, sealRequestPhone } from '../store/consent-requests.js';
import { listUnsealedRecipients, sealRecipient } from '../store/outbox.js';
import {
  listSubjectsWrappedBy,
  listUnsealedSubjects,
  replaceWrappedKey,
  sealLegacySubject,
} from '../store/subjects.js';
import { dataKeyOf, sealedAs } from './subject-keys.js';

const perPass = 200;

/**
 * Master key rotation (S2): data keys wrapped by an older master key are re-wrapped by the active
 * one, a batch per cron pass. Once none is left, the old `MASTER_KEY_PREVIOUS_*` can go.
 */
export async function rewrapDataKeys(env: Env) {
  const master = await masterKeys(env);
  const due = await listSubjectsWrappedBy(env.DB, master.activeKid, perPass);
  const statements = [];
  for (const row of due) {
    if (!row.data_key || !row.data_key_id || !row.master_kid) continue;
    const stored = {
      subjectId: row.id,
      id: row.data_key_id,
      wrapped: row.data_key,
      masterKid: row.master_kid,
    };
    const rewrapped = await rewrapDataKey(master, stored);
    statements.push(
      replaceWrappedKey(env.DB, {
        id: row.id,
        keyId: rewrapped.id,
        wrapped: rewrapped.wrapped,
        masterKid: rewrapped.masterKid,
      }),
    );
  }
  if (statements.length > 0) await env.DB.batch(statements);
  return statements.length;
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
