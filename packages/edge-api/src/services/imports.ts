import {
  canonicalJson,
  type ImportedEvidence,
  type ImportFormat,
  type ImportReport,
  type ImportRow,
  type ImportSkip,
  maxImportRowsPerCall,
  type Result,
  type RowOutcome,
  readImportBody,
  type SignetError,
  sha256Hex,
  signetError,
} from '@signet/sdk';
import { emailIndexer } from '../crypto/blind-index.js';
import { masterKeys, newDataKey, seal } from '../crypto/data-keys.js';
import { evidenceIp, truncateIp } from '../crypto/evidence.js';
import { recordMacKey } from '../crypto/record-mac.js';
import { newSortableId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { consentsByEmailIndexesRead, insertImportedConsents } from '../store/consents.js';
import { isIdempotencyKeyClash } from '../store/idempotency-keys.js';
import { jsonChunks } from '../store/json-rows.js';
import { type PurposeRow, purposesRead } from '../store/purposes.js';
import { readTogether } from '../store/reads.js';
import { type ImportedRecord, insertImportedRecords, withMac } from '../store/records.js';
import { siteRead } from '../store/sites.js';
import {
  type ImportedSubject,
  insertImportedSubjects,
  subjectsByEmailIndexesRead,
} from '../store/subjects.js';
import { suppressedEmailIndexesRead } from '../store/suppressions.js';
import { consentExpiry } from './confirmation.js';
import {
  answerOf,
  answerOfStored,
  type ImportKey,
  importKeyOf,
  storeImportKey,
} from './import-keys.js';
import { sealedAs } from './subject-keys.js';

/** The wording of an import whose source named no text: Signet knows none, and says so. */
export const noWording = '0'.repeat(64);

export interface ImportCall {
  format: ImportFormat;
  kind: 'csv' | 'ndjson';
  body: string;
  purpose: string | null;
  dryRun: boolean;
  firstRow: number;
  /** The caller's Idempotency-Key: a retry with it answers the first call's report. */
  idempotencyKey: string | null;
}

/**
 * Tests make a call's batch fail after its last write here (a statement that breaks a
 * constraint), as a call that dies midway would, or write in the middle of a call.
 */
export const importFaults = {
  failingLast: null as null | ((db: D1Database) => D1PreparedStatement),
  /** What another writer does between a call's reads and its batch. */
  beforeBatch: null as null | (() => Promise<void>),
};

type Accepted = ImportRow & { purpose: string; index: string; subjectId: string | null };

function skipOf(row: ImportRow, reason: ImportSkip['reason']): ImportSkip {
  return { row: row.row, reason, column: null };
}

/**
 * The rows of one call that can be imported: the address well formed, a purpose the site has,
 * not suppressed or erased, no consent for that purpose yet, the first of the call for its
 * address and purpose. Everything else is listed as skipped, with its reason.
 */
async function sortRows(env: Env, siteId: string, rows: ImportRow[], purposes: Set<string>) {
  const skipped: ImportSkip[] = [];
  const named: (ImportRow & { purpose: string; index: string })[] = [];
  const emailIndex = await emailIndexer(env.INDEX_KEY, siteId);
  for (const row of rows) {
    const purpose = row.purpose ?? null;
    if (purpose === null) skipped.push(skipOf(row, 'no-purpose'));
    else if (!purposes.has(purpose)) skipped.push(skipOf(row, 'unknown-purpose'));
    else named.push({ ...row, purpose, index: await emailIndex(row.email) });
  }
  const indexes = JSON.stringify([...new Set(named.map((row) => row.index))]);
  const db = env.DB;
  const [subjects, suppressed, consents] = await readTogether(db, [
    subjectsByEmailIndexesRead(db, siteId, indexes),
    suppressedEmailIndexesRead(db, siteId, indexes),
    consentsByEmailIndexesRead(db, siteId, indexes),
  ] as const);
  const subjectOf = new Map(subjects.map((row) => [row.email_index, row.id]));
  const suppression = new Map(suppressed.map((row) => [row.email_index, row.reason]));
  const taken = new Set(consents.map((row) => `${row.email_index} ${row.purpose_id}`));
  const accepted: Accepted[] = [];
  const earlier = new Set<string>();
  for (const row of named) {
    const key = `${row.index} ${row.purpose}`;
    const reason = suppression.get(row.index);
    if (reason) skipped.push(skipOf(row, reason === 'erased' ? 'erased' : 'suppressed'));
    else if (earlier.has(key)) skipped.push(skipOf(row, 'duplicate'));
    else if (taken.has(key)) skipped.push(skipOf(row, 'consent-exists'));
    else {
      earlier.add(key);
      accepted.push({ ...row, subjectId: subjectOf.get(row.index) ?? null });
    }
  }
  return { accepted, skipped };
}

interface Writes {
  subjects: ImportedSubject[];
  records: ImportedRecord[];
  consents: { id: string; expiresAt: string | null; confirmedAt: string | null }[];
}

/** The sealed subjects, MACed records and consents of the accepted rows (M1, S2, decision 0005). */
async function writesOf(
  env: Env,
  siteId: string,
  system: string,
  accepted: Accepted[],
  purposes: Map<string, PurposeRow>,
  now: Date,
): Promise<Result<Writes>> {
  const at = now.toISOString();
  const [master, macKey, site] = await Promise.all([
    masterKeys(env),
    recordMacKey(env),
    readTogether(env.DB, [siteRead(env.DB, siteId)] as const),
  ]);
  const ipMode = site[0]?.evidenceIp ?? 'truncate';
  const writes: Writes = { subjects: [], records: [], consents: [] };
  const created = new Map<string, string>();
  // A file's rows mostly name one wording: its hash is taken once.
  const wordings = new Map<string, Promise<string>>();
  const wordingOf = (text: string | null) => {
    if (!text) return noWording;
    let hash = wordings.get(text);
    if (!hash) {
      hash = sha256Hex(text);
      wordings.set(text, hash);
    }
    return hash;
  };
  for (const row of accepted) {
    let subjectId = row.subjectId ?? created.get(row.index) ?? null;
    if (subjectId === null) {
      subjectId = newSortableId(now.getTime());
      created.set(row.index, subjectId);
      const key = await newDataKey(master, subjectId);
      writes.subjects.push({
        id: subjectId,
        index: row.index,
        sealed: await seal(key.key, row.email, sealedAs.email(subjectId)),
        key: key.wrapped,
        keyId: key.id,
        kid: key.masterKid,
      });
    }
    const evidence: ImportedEvidence = {
      reportedBy: 'owner',
      system,
      optIn: { at: row.optIn.at, ip: await evidenceIp(ipMode, row.optIn.ip, env.INDEX_KEY) },
      confirmation: {
        at: row.confirmation.at,
        ip: await evidenceIp(ipMode, row.confirmation.ip, env.INDEX_KEY),
      },
      form: row.form,
      wording: row.wording,
      ...(row.original ? { original: row.original } : {}),
    };
    const evidenceText = canonicalJson(evidence);
    const wording = await wordingOf(row.wording.text);
    const id = newSortableId(now.getTime());
    const maced = await withMac(macKey, {
      id,
      siteId,
      subjectId,
      purposeId: row.purpose,
      event: 'imported',
      wordingVersion: wording,
      requestId: null,
      context: { pageUrl: null, form: row.form, evidenceIp: null, userAgent: null },
      createdAt: at,
      imported: evidenceText,
    });
    writes.records.push({
      id,
      subject: subjectId,
      index: row.index,
      purpose: row.purpose,
      wording,
      form: row.form,
      evidence: evidenceText,
      mac: maced.mac,
    });
    writes.consents.push({
      id,
      expiresAt: consentExpiry(purposes.get(row.purpose), now),
      confirmedAt: row.confirmation.at,
    });
  }
  return { ok: true, value: writes };
}

/** An IP the source gave that is no address: the row is skipped rather than recorded wrong. */
function badIp(row: ImportRow) {
  return [row.optIn.ip, row.confirmation.ip].some(
    (ip) => ip !== null && evidenceIpShape(ip) === null,
  );
}

const evidenceIpShape = (ip: string) => truncateIp(ip);

/**
 * M2: a site export moves with its purposes; Signet does not make them up (their wordings,
 * lifetimes and order are the owner's to publish), so a call naming a purpose the site lacks
 * is refused whole, naming every one, before anything is written.
 */
function missingPurposes(
  call: ImportCall,
  rows: RowOutcome[],
  purposes: Map<string, PurposeRow>,
): SignetError | null {
  if (call.format !== 'signet-export') return null;
  const named = rows.flatMap((row) => (row.ok && row.value.purpose ? [row.value.purpose] : []));
  const missing = [...new Set(named)].filter((id) => !purposes.has(id)).sort();
  if (missing.length === 0) return null;
  const list = missing.map((id) => `"${id}"`).join(', ');
  const message = `This site has no purpose ${list} of the export: create each (PUT /v1/admin/purposes/{id}) and publish its wordings, then import again`;
  return signetError('unknown_purpose', message, 'purpose');
}

/** What a call answers: its rows, those written, and every skipped row in file order. */
function reportOf(call: ImportCall, rows: number, imported: Accepted[], skipped: ImportSkip[]) {
  return {
    dryRun: call.dryRun,
    format: call.format,
    rows,
    imported: imported.length,
    withEvidence: imported.filter((row) => row.confirmation.at !== null).length,
    skipped: [...skipped].sort((a, b) => a.row - b.row),
  } satisfies ImportReport;
}

/** How often a call sorts again the rows another writer got to first (then: `consent-exists`). */
const maxPasses = 3;

interface SortedCall {
  rows: number;
  system: string;
  accepted: Accepted[];
  skipped: ImportSkip[];
}

/**
 * Writes a call's accepted rows, one D1 batch (one transaction) a pass. A row another writer got
 * to between the reads and the batch (another call in flight with the same address, a
 * confirmation, an erasure) is not written; such rows are read and sorted again, so each ends
 * imported or skipped with its true reason. A key is kept, with the report, by the batch that
 * completes the call.
 */
async function writeRows(
  env: Env,
  siteId: string,
  call: ImportCall,
  sorted: SortedCall,
  purposes: Map<string, PurposeRow>,
  key: ImportKey | null,
  now: Date,
): Promise<Result<ImportReport>> {
  const at = now.toISOString();
  const db = env.DB;
  const imported: Accepted[] = [];
  const skipped = [...sorted.skipped];
  let pending = sorted.accepted;
  for (let pass = 1; pending.length > 0 || key; pass += 1) {
    const writes = await writesOf(env, siteId, sorted.system, pending, purposes, now);
    if (!writes.ok) return writes;
    const { records } = writes.value;
    const subjectStatements = jsonChunks(writes.value.subjects).map((json) =>
      insertImportedSubjects(db, siteId, json, at),
    );
    const recordStatements = jsonChunks(records).map((json) =>
      insertImportedRecords(db, siteId, json, at),
    );
    const consentStatements = jsonChunks(writes.value.consents).map((json) =>
      insertImportedConsents(db, siteId, json, at),
    );
    const whole = reportOf(call, sorted.rows, [...imported, ...pending], skipped);
    const ids = JSON.stringify(records.map((record) => record.id));
    const statements = [
      ...subjectStatements,
      ...recordStatements,
      ...consentStatements,
      ...(key ? [storeImportKey(db, key, whole, at, ids)] : []),
    ];
    await importFaults.beforeBatch?.();
    const fault = importFaults.failingLast?.(db);
    let results: D1Result[];
    try {
      results = await db.batch(fault ? [...statements, fault] : statements);
    } catch (error) {
      // A twin of this call (same key) was written first; this batch wrote nothing.
      if (key && isIdempotencyKeyClash(error)) return answerOfStored(db, key);
      throw error;
    }
    const written = new Set(
      results
        .slice(subjectStatements.length, subjectStatements.length + recordStatements.length)
        .flatMap((result) => (result.results as { id: string }[]).map((row) => row.id)),
    );
    const lost = pending.filter((_, i) => !written.has(records[i]?.id ?? ''));
    imported.push(...pending.filter((_, i) => written.has(records[i]?.id ?? '')));
    if (lost.length === 0) return { ok: true, value: whole };
    const again = await sortRows(env, siteId, lost, new Set(purposes.keys()));
    skipped.push(...again.skipped);
    pending = pass < maxPasses ? again.accepted : [];
    if (pass >= maxPasses)
      skipped.push(...again.accepted.map((row) => skipOf(row, 'consent-exists')));
  }
  return { ok: true, value: reportOf(call, sorted.rows, imported, skipped) };
}

/**
 * M1: one call of an import. Every row becomes a consent with a signed `imported` record, or is
 * listed as skipped; all of the call's writes go in one D1 batch (one transaction), so a call
 * that dies leaves nothing of itself, and a re-run skips what is there (`consent-exists`). A
 * retry with the same Idempotency-Key and body answers the first call's report.
 */
export async function importConsents(
  env: Env,
  siteId: string,
  call: ImportCall,
  now = new Date(),
): Promise<Result<ImportReport>> {
  const key = await importKeyOf(env, siteId, call);
  if (key?.seen) return answerOf(key, key.seen);
  const body = readImportBody(call.format, call.body, call.kind, call.firstRow);
  if (!body.ok) return { ok: false, error: signetError('invalid_input', body.message, 'body') };
  if (body.rows.length > maxImportRowsPerCall) {
    const message = `One call takes at most ${maxImportRowsPerCall} rows; the CLI and SDK cut a file into calls`;
    return { ok: false, error: signetError('payload_too_large', message) };
  }
  const [purposeRows] = await readTogether(env.DB, [purposesRead(env.DB, siteId)] as const);
  const purposes = new Map(purposeRows.map((row) => [row.id, row]));
  if (call.purpose !== null && !purposes.has(call.purpose)) {
    const message = `This site has no purpose "${call.purpose}": its purposes are in GET /v1/admin/purposes`;
    return { ok: false, error: signetError('unknown_purpose', message, 'purpose') };
  }
  const missing = missingPurposes(call, body.rows, purposes);
  if (missing) return { ok: false, error: missing };
  const skipped: ImportSkip[] = [];
  const rows: ImportRow[] = [];
  for (const outcome of body.rows) {
    if (!outcome.ok) skipped.push(outcome.skip);
    else if (badIp(outcome.value)) skipped.push(skipOf(outcome.value, 'invalid-ip'));
    else rows.push({ ...outcome.value, purpose: outcome.value.purpose ?? call.purpose });
  }
  const sorted = await sortRows(env, siteId, rows, new Set(purposes.keys()));
  skipped.push(...sorted.skipped);
  if (call.dryRun) {
    return { ok: true, value: reportOf(call, body.rows.length, sorted.accepted, skipped) };
  }
  const read = { rows: body.rows.length, system: body.system, accepted: sorted.accepted, skipped };
  return writeRows(env, siteId, call, read, purposes, key, now);
}
