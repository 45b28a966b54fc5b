import { toBase64url } from '@signet/sdk';
import { hmacBytes } from './digest.js';
import { derivedKey } from './key-derivation.js';

/**
 * The key of the MAC every record row carries from its insert (decision 0005): derived from
 * `RECORD_KEY`, a secret the database never holds, so a party that can write to D1 cannot make
 * a row the sequencer will sign.
 */
export function recordMacKey(secrets: { RECORD_KEY?: string | undefined }): Promise<string> {
  if (!secrets.RECORD_KEY) return Promise.reject(new Error('RECORD_KEY is not set'));
  return derivedKey(secrets.RECORD_KEY, 'signet record mac v1');
}

/** Everything a signed record will say except its place in the log (seq, prev). */
export interface RecordMacInput {
  id: string;
  site: string;
  subject: string;
  purpose: string;
  event: string;
  wordingVersion: string;
  request: string | null;
  pageUrl: string | null;
  form: string | null;
  evidenceIp: string | null;
  userAgent: string | null;
  at: string;
  /**
   * The contact hashes, when the writer supplies them; null when the insert copies them from the
   * named subject's row (the writer does not know them without another read).
   */
  contact: { email: string | null; phone: string | null } | null;
  /** Only on `honoured` records (A5): the record honoured and the system; absent on the others. */
  honours?: { record: string; system: string } | null;
  /**
   * An `imported` record's evidence as its row stores it (JSON text); absent on every other
   * record, so their MACs are the same as before imports existed.
   */
  imported?: string | null;
}

const version = 'v1';

function macText(input: RecordMacInput, binding: 'c' | 's') {
  return JSON.stringify([
    'signet-record-mac',
    version,
    binding,
    input.id,
    input.site,
    input.subject,
    input.purpose,
    input.event,
    input.wordingVersion,
    input.request,
    input.pageUrl,
    input.form,
    input.evidenceIp,
    input.userAgent,
    input.at,
    binding === 'c' ? (input.contact?.email ?? null) : null,
    binding === 'c' ? (input.contact?.phone ?? null) : null,
    // Appended only when present, so the MACs of rows written before `honours` still verify.
    ...(input.honours ? [input.honours.record, input.honours.system] : []),
    ...(input.imported ? [input.imported] : []),
  ]);
}

/** `v1.<c|s>.<HMAC-SHA256>`: the middle part says whether the contact hashes are covered. */
export async function recordMac(key: string, input: RecordMacInput): Promise<string> {
  const binding = input.contact ? 'c' : 's';
  const tag = toBase64url(await hmacBytes(key, macText(input, binding)));
  return `${version}.${binding}.${tag}`;
}

export type MacVerdict = 'valid' | 'missing' | 'mismatch';

/** Checks a stored MAC against the row it came with (`contact` as the row holds it). */
export async function checkRecordMac(
  key: string,
  input: RecordMacInput,
  stored: string | null,
): Promise<MacVerdict> {
  if (!stored) return 'missing';
  const [given, binding, tag = '', ...rest] = stored.split('.');
  if (given !== version || (binding !== 'c' && binding !== 's') || rest.length > 0) {
    return 'mismatch';
  }
  const expected = toBase64url(await hmacBytes(key, macText(input, binding)));
  return sameText(tag, expected) ? 'valid' : 'mismatch';
}

/** Compares in time that does not depend on where the texts differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
