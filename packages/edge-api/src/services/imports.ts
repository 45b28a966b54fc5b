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
import { emailIndex } from '../crypto/blind-index.js';
import { masterKeys, newDataKey, seal } from '../crypto/data-keys.js';
import { evidenceIp, truncateIp } from '../crypto/evidence.js';
import { recordMacKey } from '../crypto/record-mac.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { consentsByEmailIndexesRead, insertImportedConsents } from '../store/consents.js';
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
}

/**
 * Tests make a call's batch fail after its last write here (a statement that breaks a
 * constraint), as a call that dies midway would.
 */
export const importFaults = {
  failingLast: null as null | ((db: D1Database) => D1PreparedStatement),
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
  for (const row of rows) {
    const purpose = row.purpose ?? null;
    if (purpose === null) skipped.push(skipOf(row, 'no-purpose'));
    else if (!purposes.has(purpose)) skipped.push(skipOf(row, 'unknown-purpose'));
    else named.push({ ...row, purpose, index: await emailIndex(env.INDEX_KEY, siteId, row.email) });
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
  for (const row of named) {
    const key = `${row.index} ${row.purpose}`;
    const reason = suppression.get(row.index);
    if (reason) skipped.push(skipOf(row, reason === 'erased' ? 'erased' : 'suppressed'));
    else if (taken.has(key)) {
      const earlier = accepted.some((other) => `${other.index} ${other.purpose}` === key);
      skipped.push(skipOf(row, earlier ? 'duplicate' : 'consent-exists'));
    } else {
      taken.add(key);
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
  for (const row of accepted) {
    let subjectId = row.subjectId ?? created.get(row.index) ?? null;
    if (subjectId === null) {
      subjectId = newId();
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
    const wording = row.wording.text ? await sha256Hex(row.wording.text) : noWording;
    const id = newId();
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

/**
 * M1: one call of an import. Every row becomes a consent with a signed `imported` record, or is
 * listed as skipped; all of the call's writes go in one D1 batch (one transaction), so a call
 * that dies leaves nothing of itself, and a re-run skips what is there (`consent-exists`).
 */
export async function importConsents(
  env: Env,
  siteId: string,
  call: ImportCall,
  now = new Date(),
): Promise<Result<ImportReport>> {
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
  skipped.sort((a, b) => a.row - b.row);
  const report = (imported: number, withEvidence: number): ImportReport => ({
    dryRun: call.dryRun,
    format: call.format,
    rows: body.rows.length,
    imported,
    withEvidence,
    skipped,
  });
  const withEvidence = sorted.accepted.filter((row) => row.confirmation.at !== null).length;
  if (call.dryRun || sorted.accepted.length === 0) {
    return { ok: true, value: report(sorted.accepted.length, withEvidence) };
  }
  const writes = await writesOf(env, siteId, body.system, sorted.accepted, purposes, now);
  if (!writes.ok) return writes;
  const at = now.toISOString();
  const db = env.DB;
  const subjects = jsonChunks(writes.value.subjects).map((json) =>
    insertImportedSubjects(db, siteId, json, at),
  );
  const records = jsonChunks(writes.value.records).map((json) =>
    insertImportedRecords(db, siteId, json, at),
  );
  const consents = jsonChunks(writes.value.consents).map((json) =>
    insertImportedConsents(db, siteId, json, at),
  );
  const statements = [...subjects, ...records, ...consents];
  const fault = importFaults.failingLast?.(db);
  const results = await db.batch(fault ? [...statements, fault] : statements);
  const written = results
    .slice(subjects.length, subjects.length + records.length)
    .reduce((sum, result) => sum + (result.meta.changes ?? 0), 0);
  // A row another writer got to first (a confirmation, an erasure) between the reads and the
  // batch is not written; the report counts only what was.
  const evidenced =
    written === sorted.accepted.length ? withEvidence : Math.min(withEvidence, written);
  return { ok: true, value: report(written, evidenced) };
}
