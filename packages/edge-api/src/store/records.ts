import type { ConsentRecord, ImportedEvidence, RecordEvent, SignedRecord } from '@signet/sdk';
import { toHex } from '../crypto/digest.js';
import { type RecordMacInput, recordMac } from '../crypto/record-mac.js';
import type { Guard } from './guard.js';
import {
  packedHex,
  packedSignature,
  packHexSql,
  unpackedSignature,
  unpackHexSql,
} from './packed-cells.js';
import { ofPerson, readAlone, readMany, type SqlValue } from './reads.js';

export type { RecordEvent };

/** What a record proves beyond the event itself (P1): where and how it happened. */
export interface RecordContext {
  pageUrl: string | null;
  form: string | null;
  evidenceIp: string | null;
  userAgent: string | null;
}

export interface RecordFields {
  id: string;
  siteId: string;
  subjectId: string;
  purposeId: string;
  event: RecordEvent;
  wordingVersion: string;
  requestId: string | null;
  context: RecordContext;
  createdAt: string;
  /** Only on `honoured` records (A5): the withdrawal or erasure acknowledged, and by which system. */
  honours?: { record: string; system: string } | null;
  /** Only on an `imported` record (M1): what the owner reported, as canonical JSON. */
  imported?: string | null;
}

/** A record with its MAC (crypto/record-mac.ts), which the sequencer checks before signing. */
export interface MacedRecord extends RecordFields {
  mac: string;
}

export interface RecordContact {
  emailIndex: string;
  phoneIndex: string | null;
}

function macInput(record: RecordFields, contact: RecordContact | null): RecordMacInput {
  return {
    id: record.id,
    site: record.siteId,
    subject: record.subjectId,
    purpose: record.purposeId,
    event: record.event,
    wordingVersion: record.wordingVersion,
    request: record.requestId,
    pageUrl: record.context.pageUrl,
    form: record.context.form,
    evidenceIp: record.context.evidenceIp,
    userAgent: record.context.userAgent,
    at: record.createdAt,
    contact: contact && { email: contact.emailIndex, phone: contact.phoneIndex },
    honours: record.honours ?? null,
    imported: record.imported ?? null,
  };
}

/**
 * The record with its MAC, computed before the batch (no round trip): over every field, and
 * over the contact hashes when the insert is given them (`insertRecordForIndex`).
 */
export async function withMac(
  key: string,
  record: RecordFields,
  contact: RecordContact | null = null,
): Promise<MacedRecord> {
  return { ...record, mac: await recordMac(key, macInput(record, contact)) };
}

/** What the row says, as its MAC covers it: the sequencer recomputes the MAC from this. */
export function macInputOfRow(row: RecordRow): RecordMacInput {
  return {
    id: row.id,
    site: row.site_id,
    subject: row.subject_id,
    purpose: row.purpose_id,
    event: row.event,
    wordingVersion: row.wording_version,
    request: row.request_id,
    pageUrl: row.page_url,
    form: row.form,
    evidenceIp: row.evidence_ip,
    userAgent: row.evidence_user_agent,
    at: row.created_at,
    contact: { email: row.email_hash, phone: row.phone_hash },
    honours: honoursOfRow(row),
    imported: row.import_evidence,
  };
}

function honoursOfRow(row: RecordRow) {
  return row.honours_record && row.honours_system
    ? { record: row.honours_record, system: row.honours_system }
    : null;
}

const columns = `(id, site_id, subject_id, email_hash, phone_hash, purpose_id, event, wording_version,
  request_id, page_url, form, evidence_ip, evidence_user_agent, created_at, mac)`;

const packed = new Set(['email_hash', 'phone_hash', 'wording_version', 'prev_hash', 'hash', 'sig']);

/** The values a record keeps once in `evidence_texts` (migration 0037), by number. */
const sharedTexts = {
  page_url: 'page_id',
  form: 'form_id',
  evidence_user_agent: 'agent_id',
  wording_version: 'wording_id',
};

/** SQL: a record's page, form, browser name or wording version, in the row or in `evidence_texts`. */
export const evidenceTextSql = (
  column: keyof typeof sharedTexts,
  of = (name: string) => `records.${name}`,
) =>
  `CASE WHEN ${of(sharedTexts[column])} IS NULL THEN ${of(column)}
        ELSE (SELECT et.text FROM evidence_texts et WHERE et.id = ${of(sharedTexts[column])}) END`;

/**
 * Columns a row may keep elsewhere (issue 23, migration 0037): its page, form, browser name and
 * wording version once in `evidence_texts`, and a sealed record's `prev_hash` not at all when it is the hash of
 * the record before it in the site's log (`sealRecords`). Rows that keep them read as stored.
 */
const expanded: Record<string, (of: (column: string) => string) => string> = {
  page_url: (of) => evidenceTextSql('page_url', of),
  form: (of) => evidenceTextSql('form', of),
  evidence_user_agent: (of) => evidenceTextSql('evidence_user_agent', of),
  wording_version: (of) => evidenceTextSql('wording_version', of),
  prev_hash: (of) =>
    `COALESCE(${of('prev_hash')}, (SELECT pr.hash FROM records pr WHERE pr.site_id = ${of('site_id')} AND pr.seq = ${of('seq')} - 1))`,
};

/**
 * Every column of a `records` row, of `table` (an alias) when given, the packed ones
 * (packed-cells.ts) read back as the text a {@link RecordRow} holds: in place of `*`.
 */
export function recordColumns(table?: string) {
  const plain = (column: string) => (table ? `${table}.${column}` : column);
  // The expansions' subqueries read `records` too: their columns of this row are qualified.
  const of = (column: string) => `${table ?? 'records'}.${column}`;
  return [
    'id',
    'site_id',
    'seq',
    'subject_id',
    'email_hash',
    'phone_hash',
    'purpose_id',
    'event',
    'wording_version',
    'request_id',
    'page_url',
    'form',
    'evidence_ip',
    'evidence_user_agent',
    'created_at',
    'prev_hash',
    'hash',
    'kid',
    'sig',
    'mac',
    'honours_record',
    'honours_system',
    'import_evidence',
    'test',
  ]
    .map((column) => {
      const stored = expanded[column]?.(of);
      if (packed.has(column)) return `${unpackHexSql(stored ?? plain(column))} AS ${column}`;
      return stored ? `${stored} AS ${column}` : plain(column);
    })
    .join(', ');
}

function tail(record: MacedRecord) {
  return [
    record.purposeId,
    record.event,
    packedHex(record.wordingVersion),
    record.requestId,
    record.context.pageUrl,
    record.context.form,
    record.context.evidenceIp,
    record.context.userAgent,
    record.createdAt,
    record.mac,
  ];
}

/**
 * A record with the contact hashes its writer computed, written in the batch of the request
 * (`record` made by {@link withMac} with the same `contact`). It is complete but for its place
 * in the log, which the sequencer adds (see services/record-log.ts).
 */
export function insertRecordForIndex(
  db: D1Database,
  contact: RecordContact,
  record: MacedRecord,
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO records ${columns}
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      record.id,
      record.siteId,
      record.subjectId,
      packedHex(contact.emailIndex),
      packedHex(contact.phoneIndex),
      ...tail(record),
      ...guard.binds,
    );
}

/**
 * A record about a known subject (confirmation, expiry), written only under `guard`; its
 * contact hashes are the subject's as the row holds them then, and nothing is written for a
 * subject that is gone.
 */
export function insertRecordForSubject(db: D1Database, record: MacedRecord, guard: Guard) {
  return db
    .prepare(
      `INSERT INTO records ${columns}
       SELECT ?, ?, s.id, ${packHexSql('s.email_index')}, ${packHexSql('s.phone_index')},
              ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
         FROM subjects s WHERE s.id = ? AND ${guard.sql}`,
    )
    .bind(record.id, record.siteId, ...tail(record), record.subjectId, ...guard.binds);
}

export interface RecordRow {
  id: string;
  site_id: string;
  seq: number | null;
  subject_id: string;
  email_hash: string | null;
  phone_hash: string | null;
  purpose_id: string;
  event: RecordEvent;
  wording_version: string;
  request_id: string | null;
  page_url: string | null;
  form: string | null;
  evidence_ip: string | null;
  evidence_user_agent: string | null;
  created_at: string;
  prev_hash: string | null;
  hash: string | null;
  kid: string | null;
  sig: string | null;
  mac: string | null;
  honours_record: string | null;
  honours_system: string | null;
  import_evidence: string | null;
}

/**
 * The row {@link insertRecordForIndex} writes for `record` with `contact`, as the sequencer would
 * read it back: what a seal in the writing batch signs (services/record-log.ts `sealInBatch`).
 */
export function unsealedRow(record: MacedRecord, contact: RecordContact): RecordRow {
  return {
    id: record.id,
    site_id: record.siteId,
    seq: null,
    subject_id: record.subjectId,
    email_hash: contact.emailIndex,
    phone_hash: contact.phoneIndex,
    purpose_id: record.purposeId,
    event: record.event,
    wording_version: record.wordingVersion,
    request_id: record.requestId,
    page_url: record.context.pageUrl,
    form: record.context.form,
    evidence_ip: record.context.evidenceIp,
    evidence_user_agent: record.context.userAgent,
    created_at: record.createdAt,
    prev_hash: null,
    hash: null,
    kid: null,
    sig: null,
    mac: record.mac,
    honours_record: record.honours?.record ?? null,
    honours_system: record.honours?.system ?? null,
    import_evidence: record.imported ?? null,
  };
}

/** The signed payload of a row at a given place in the log. */
export function recordPayload(row: RecordRow, seq: number, prev: string): ConsentRecord {
  const honours = honoursOfRow(row);
  return {
    v: 1,
    id: row.id,
    site: row.site_id,
    seq,
    prev,
    subject: row.subject_id,
    contact: { email: row.email_hash, phone: row.phone_hash },
    purpose: row.purpose_id,
    wording: { version: row.wording_version, sha256: row.wording_version },
    event: row.event,
    at: row.created_at,
    source: { pageUrl: row.page_url, form: row.form },
    evidence: { ip: row.evidence_ip, userAgent: row.evidence_user_agent },
    request: row.request_id,
    ...(honours ? { honours } : {}),
    ...(row.import_evidence ? { import: JSON.parse(row.import_evidence) as ImportedEvidence } : {}),
  };
}

/** What one pass of the sequencer reads, in one statement. */
export interface SequencerPass {
  head: { seq: number; hash: string } | null;
  /** The stored public key of the signer's kid, if it signed before. */
  kidKey: { x?: string } | null;
  /** Whether webhook events of the site are due (to send once the pass has sealed). */
  webhooksDue: boolean;
  pending: RecordRow[];
}

/**
 * The site's log head, the stored key of `kid`, whether the site has webhook events due, and its
 * first `limit` unsequenced records (a test key's records, decision 0011, are never given a place
 * in the log), all read at one moment: a rival that seals after this read moves the head, so this
 * pass's compare-and-set fails instead of numbering rows the rival sealed.
 */
export async function readSequencerPass(
  db: D1Database,
  args: { siteId: string; kid: string; limit: number; now: string },
): Promise<SequencerPass> {
  const { results } = await db
    .prepare(
      `SELECT h.seq AS head_seq, h.hash AS head_hash, k.public_jwk AS kid_key,
              EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.status = 'pending'
                        AND d.next_attempt_at <= ?4 AND d.site_id = ?1) AS webhooks_due, r.*
         FROM (SELECT 1) one
         LEFT JOIN log_heads h ON h.site_id = ?1
         LEFT JOIN signing_keys k ON k.kid = ?2
         LEFT JOIN (SELECT ${recordColumns()}, rowid AS row_order FROM records
                     WHERE site_id = ?1 AND seq IS NULL AND test = 0
                     ORDER BY created_at, rowid LIMIT ?3) r ON 1
        ORDER BY r.created_at, r.row_order`,
    )
    .bind(args.siteId, args.kid, args.limit, args.now)
    .all<
      RecordRow & {
        head_seq: number | null;
        head_hash: string | null;
        kid_key: string | null;
        webhooks_due: number;
      }
    >();
  const first = results[0];
  return {
    head:
      first?.head_seq !== null && first?.head_seq !== undefined && first.head_hash
        ? { seq: first.head_seq, hash: first.head_hash }
        : null,
    kidKey: first?.kid_key ? (JSON.parse(first.kid_key) as { x?: string }) : null,
    webhooksDue: first?.webhooks_due === 1,
    pending: results.filter((row) => row.id !== null),
  };
}

/** Test records (never in the log) older than `before`, whatever became of their subject. */
export function deleteTestRecordsBefore(db: D1Database, before: string) {
  return db.prepare('DELETE FROM records WHERE test = 1 AND created_at < ?').bind(before);
}

export async function listSitesWithUnsequenced(db: D1Database) {
  const { results } = await db
    .prepare('SELECT DISTINCT site_id FROM records WHERE seq IS NULL AND test = 0')
    .all<{ site_id: string }>();
  return results.map((row) => row.site_id);
}

/**
 * One pass's places in the log, one statement for all of them (a JSON list bound to one
 * parameter): a statement per record cost the import bench more CPU than the signatures did.
 * Written only under `guard` and only on rows not sealed meanwhile. Digests and signatures are
 * kept packed (store/packed-cells.ts), and the MAC goes: it only vouched for the row until the
 * sequencer checked it, and the signature covers every field from here on (issue 23).
 */
export function sealRecords(
  db: D1Database,
  seals: { id: string; seq: number; prev: string; hash: string; kid: string; sig: string }[],
  guard: Guard,
) {
  // A sealed record keeps no copy of the hash before it when the record before it holds it
  // (migration 0037): decided here for a record whose predecessor this same statement seals, since
  // SQLite does not promise what a subquery sees of rows the statement is updating.
  const rows = seals.map((seal, i) => {
    const before = seals[i - 1];
    const prevInPass = before?.seq === seal.seq - 1 && before.hash === seal.prev ? 1 : 0;
    const sig = packedSignature(seal.sig);
    return typeof sig === 'string'
      ? { ...seal, prevInPass }
      : {
          ...seal,
          prevInPass,
          sig: null,
          sigHex: toHex(sig),
        };
  });
  const field = (name: string) => `json_extract(j.value, '$.${name}')`;
  return db
    .prepare(
      `UPDATE records SET seq = ${field('seq')},
              prev_hash = CASE
                WHEN ${field('prevInPass')} = 1 THEN NULL
                WHEN ${packHexSql(field('prev'))} IS (SELECT pr.hash FROM records pr
                       WHERE pr.site_id = records.site_id AND pr.seq = ${field('seq')} - 1)
                  THEN NULL
                ELSE ${packHexSql(field('prev'))} END,
              hash = ${packHexSql(field('hash'))},
              kid = ${field('kid')},
              sig = CASE WHEN ${field('sigHex')} IS NULL THEN ${field('sig')} ELSE unhex(${field('sigHex')}) END,
              mac = NULL
         FROM json_each(?) j
        WHERE records.id = ${field('id')} AND records.seq IS NULL AND ${guard.sql}`,
    )
    .bind(JSON.stringify(rows), ...guard.binds);
}

export async function findSealedRecord(db: D1Database, siteId: string, id: string) {
  return db
    .prepare(
      `SELECT ${recordColumns()} FROM records WHERE site_id = ? AND id = ? AND seq IS NOT NULL`,
    )
    .bind(siteId, id)
    .first<RecordRow>();
}

export async function listSealedRecords(
  db: D1Database,
  siteId: string,
  filter: { subjectId?: string; purposeId?: string; afterSeq: number; limit: number },
) {
  const { results } = await db
    .prepare(
      `SELECT ${recordColumns('records')} FROM records
        WHERE site_id = ?1 AND seq IS NOT NULL AND seq > ?2
          AND (?3 IS NULL OR subject_id = ?3) AND (?4 IS NULL OR purpose_id = ?4)
        ORDER BY seq LIMIT ?5`,
    )
    .bind(siteId, filter.afterSeq, filter.subjectId ?? null, filter.purposeId ?? null, filter.limit)
    .all<RecordRow>();
  return results;
}

/** Every record of one subject, sealed or still waiting for its place in the log. */
export function recordsOfSubjectRead(
  db: D1Database,
  siteId: string | SqlValue,
  subjectId: string | SqlValue,
) {
  const person = ofPerson(siteId, subjectId);
  const statement = db
    .prepare(
      `SELECT ${recordColumns()} FROM records WHERE ${person.sql}
        ORDER BY seq IS NULL, seq, created_at, rowid`,
    )
    .bind(...person.binds);
  return readMany(statement, (row: RecordRow) => row);
}

export function listRecordsOfSubject(db: D1Database, siteId: string, subjectId: string) {
  return readAlone(db, recordsOfSubjectRead(db, siteId, subjectId));
}

export interface EventCountRow {
  purpose_id: string;
  /** The period's first day, or `total` for the whole range. */
  period: string;
  event: string;
  n: number;
  /** Distinct people (subjects): one person asking three times is one. */
  people: number;
}

/** The first day of the period a record falls in, as SQL (ISO weeks start on Monday). */
const periodOf = {
  day: 'substr(created_at, 1, 10)',
  week: "date(created_at, '-6 days', 'weekday 1')",
  month: "substr(created_at, 1, 7) || '-01'",
} as const;

/**
 * Records and distinct people per purpose, period and event in [from, to), and the same for the
 * whole range (people cannot be summed over periods): what reports are made of (A1).
 */
export async function countEventsByPeriod(
  db: D1Database,
  siteId: string,
  range: { from: string; to: string; interval: keyof typeof periodOf },
) {
  // A test key's records (decision 0011) are no part of the site's figures.
  const where = 'site_id = ? AND created_at >= ? AND created_at < ? AND test = 0';
  const { results } = await db
    .prepare(
      `SELECT purpose_id, ${periodOf[range.interval]} AS period, event, COUNT(*) AS n,
              COUNT(DISTINCT subject_id) AS people
         FROM records WHERE ${where} GROUP BY purpose_id, period, event
       UNION ALL
       SELECT purpose_id, 'total' AS period, event, COUNT(*) AS n, COUNT(DISTINCT subject_id) AS people
         FROM records WHERE ${where} GROUP BY purpose_id, event`,
    )
    .bind(siteId, range.from, range.to, siteId, range.from, range.to)
    .all<EventCountRow>();
  return results;
}

export interface ConfirmationDelayRow {
  purpose_id: string;
  day: string;
  subject_id: string;
  seconds: number;
}

/**
 * For each request made in [from, to) and confirmed since: its purpose, the day it was made and
 * the seconds until the confirmation (the two records share the request id).
 */
export async function listConfirmationDelays(
  db: D1Database,
  siteId: string,
  from: string,
  to: string,
) {
  const { results } = await db
    .prepare(
      `SELECT r.purpose_id, substr(r.created_at, 1, 10) AS day, r.subject_id,
              (julianday(c.created_at) - julianday(r.created_at)) * 86400.0 AS seconds
         FROM records r
         JOIN records c ON c.site_id = r.site_id AND c.request_id = r.request_id
                       AND c.purpose_id = r.purpose_id AND c.event = 'confirmed'
        WHERE r.site_id = ? AND r.event = 'requested' AND r.created_at >= ? AND r.created_at < ?
          AND r.test = 0`,
    )
    .bind(siteId, from, to)
    .all<ConfirmationDelayRow>();
  return results;
}

/** A sealed row as the signed record the API hands out; a row not yet sealed is an error. */
export function toSignedRecord(row: RecordRow): SignedRecord {
  if (row.seq === null || !row.prev_hash || !row.hash || !row.kid || !row.sig) {
    throw new Error(`record ${row.id} is not sealed`);
  }
  return {
    record: recordPayload(row, row.seq, row.prev_hash),
    hash: row.hash,
    kid: row.kid,
    sig: unpackedSignature(row.sig),
  };
}

/**
 * The sealed records whose contact hash is this per-site keyed index (of an email address or a
 * phone number), of one purpose or all, in log order: found without the subject row, so after
 * an erasure too (the records keep the hash, never the address).
 */
export function recordsByContactRead(
  db: D1Database,
  siteId: string,
  contact: { kind: 'email' | 'phone'; index: string },
  purposeId: string | null,
) {
  const column = contact.kind === 'email' ? 'email_hash' : 'phone_hash';
  // Only the record a person's contact first appears on (`requested`, or `imported`) is in the
  // hash's index (migration 0032); every later record names the same subject, so the subjects
  // found there lead to the rest. The `+` keep SQLite from walking the site's whole log instead.
  const statement = db
    .prepare(
      `SELECT ${recordColumns()} FROM records
        WHERE +site_id = ?1 AND subject_id IN (
                SELECT subject_id FROM records
                 WHERE ${column} = ?2 AND event IN ('requested', 'imported'))
          AND ${column} = ?2 AND +seq IS NOT NULL AND (?3 IS NULL OR purpose_id = ?3)
        ORDER BY +seq LIMIT 5000`,
    )
    .bind(siteId, packedHex(contact.index), purposeId);
  return readMany(statement, (row: RecordRow) => row);
}

/** One `imported` record as an import writes it, with its MAC over the subject it names. */
export interface ImportedRecord {
  id: string;
  subject: string;
  index: string;
  purpose: string;
  wording: string;
  form: string | null;
  evidence: string;
  mac: string;
}

/**
 * M1: the `imported` records of a list (JSON of {@link ImportedRecord}), each only while its
 * subject is the one its MAC names, the person has no consent for the purpose (of any status: an
 * import never overrides a confirmation, a withdrawal or an expiry) and is not suppressed.
 * Answers the ids it wrote.
 */
export function insertImportedRecords(
  db: D1Database,
  siteId: string,
  recordsJson: string,
  now: string,
) {
  return db
    .prepare(
      `INSERT INTO records ${columns.replace(')', ', import_evidence)')}
       SELECT json_extract(j.value, '$.id'), ?1, s.id, ${packHexSql('s.email_index')},
              ${packHexSql('s.phone_index')}, json_extract(j.value, '$.purpose'), 'imported',
              ${packHexSql("json_extract(j.value, '$.wording')")},
              NULL, NULL, json_extract(j.value, '$.form'), NULL, NULL, ?2,
              json_extract(j.value, '$.mac'), json_extract(j.value, '$.evidence')
         FROM json_each(?3) j
         CROSS JOIN subjects s ON s.site_id = ?1 AND s.id = json_extract(j.value, '$.subject')
                        AND s.email_index = ${packHexSql("json_extract(j.value, '$.index')")}
        WHERE NOT EXISTS (SELECT 1 FROM consents c WHERE c.site_id = ?1 AND c.subject_id = s.id
                             AND c.purpose_id = json_extract(j.value, '$.purpose'))
          AND NOT EXISTS (SELECT 1 FROM suppressions x
                           WHERE x.site_id = ?1 AND x.email_index = s.email_index)
       RETURNING id`,
    )
    .bind(siteId, now, recordsJson);
}
