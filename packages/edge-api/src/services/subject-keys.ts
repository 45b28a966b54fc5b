import {
  type DataKey,
  masterKeys,
  newDataKey,
  open,
  seal,
  unwrapDataKey,
} from '../crypto/data-keys.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import type { Guard } from '../store/guard.js';
import {
  findSubjectKey,
  insertSubjectIfNew,
  type SubjectKeyRow,
  sealLegacySubject,
  subjectKeyIs,
} from '../store/subjects.js';

/**
 * What each sealed value is bound to (AES-GCM additional data): a value copied into another
 * subject's row, or into another column, does not open there.
 */
export const sealedAs = {
  email: (subjectId: string) => `email:${subjectId}`,
  phone: (subjectId: string) => `phone:${subjectId}`,
  recipient: (subjectId: string) => `recipient:${subjectId}`,
  reference: (subjectId: string) => `reference:${subjectId}`,
};

function storedKey(row: SubjectKeyRow) {
  if (!row.data_key || !row.data_key_id || !row.master_kid) return null;
  return {
    subjectId: row.id,
    id: row.data_key_id,
    wrapped: row.data_key,
    masterKid: row.master_kid,
  };
}

/** The data key a subject row holds, unwrapped; null for no row or an unsealed subject. */
async function keyOfRow(env: Env, row: SubjectKeyRow | null): Promise<DataKey | null> {
  const stored = row && storedKey(row);
  return stored ? unwrapDataKey(await masterKeys(env), stored) : null;
}

/** The data key of a subject that has one, unwrapped; null for an unknown or unsealed subject. */
export async function dataKeyOf(env: Env, subjectId: string): Promise<DataKey | null> {
  return keyOfRow(env, await findSubjectKey(env.DB, subjectId));
}

/** Opens a value sealed for a subject whose key row was read already; null without a key. */
export async function openWithKey(env: Env, row: SubjectKeyRow | null, sealed: string, as: string) {
  const key = await keyOfRow(env, row);
  return key ? open(key.key, sealed, as) : null;
}

/** Opens a value sealed for a subject; null when the subject (and so its key) is gone. */
export async function openFor(env: Env, subjectId: string, sealed: string, as: string) {
  return openWithKey(env, await findSubjectKey(env.DB, subjectId), sealed, as);
}

export interface SubjectForRequest {
  subjectId: string;
  dataKey: DataKey;
  /** Creates the subject (or seals one from before encryption at rest) under `guard`. */
  writes(guard: Guard): D1PreparedStatement[];
  /** Holds while the subject's key is `dataKey`: a batch that lost a race to create the subject writes nothing sealed under a key nobody keeps. */
  keyKept: Guard;
  /** The subject's sealed address is the address of this request as given (it seals it now). */
  holdsAddressAsGiven: boolean;
}

/**
 * The subject a request is about and the key its values are sealed with: the known subject's
 * own key, or a new one. Either way the request then runs the same batch (decision 0001).
 * `row` is what `subjectKeyByIndexRead` found, read together with the request's other reads.
 */
export async function subjectForRequest(
  env: Env,
  row: SubjectKeyRow | null,
  args: { siteId: string; emailIndex: string; email: string; now: string; test?: boolean },
): Promise<SubjectForRequest> {
  const master = await masterKeys(env);
  const stored = row && storedKey(row);
  if (row && stored) {
    const dataKey = await unwrapDataKey(master, stored);
    return {
      subjectId: row.id,
      dataKey,
      writes: () => [],
      keyKept: subjectKeyIs(row.id, dataKey.id),
      holdsAddressAsGiven: false,
    };
  }
  const subjectId = row?.id ?? newId();
  const dataKey = await newDataKey(master, subjectId);
  const emailSealed = await seal(dataKey.key, args.email, sealedAs.email(subjectId));
  const phoneSealed = row?.phone
    ? await seal(dataKey.key, row.phone, sealedAs.phone(subjectId))
    : null;
  const key = { id: dataKey.id, wrapped: dataKey.wrapped, masterKid: dataKey.masterKid };
  return {
    subjectId,
    dataKey,
    writes: (guard) =>
      row
        ? [sealLegacySubject(env.DB, { id: subjectId, emailSealed, phoneSealed, key })]
        : [
            insertSubjectIfNew(
              env.DB,
              {
                id: subjectId,
                siteId: args.siteId,
                emailIndex: args.emailIndex,
                emailSealed,
                key,
                createdAt: args.now,
                test: args.test ?? false,
              },
              guard,
            ),
          ],
    keyKept: subjectKeyIs(subjectId, dataKey.id),
    holdsAddressAsGiven: true,
  };
}
