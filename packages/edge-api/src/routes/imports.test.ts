import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { type ImportReport, type SignedRecord, sha256Hex, verifyLog } from '@signet/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { countingD1 } from '../../test/counting-d1.js';
import {
  admin,
  apiOrigin,
  call,
  cellsContaining,
  crlf,
  demoApiKey,
  indexOf,
  rowCounts,
  sql,
  subjectIdOf,
  subscribed,
} from '../../test/worker.js';
import { loadSigner } from '../crypto/signer.js';
import type { Env } from '../env.js';
import worker from '../index.js';
import { importFaults } from '../services/imports.js';
import { makeCheckpoint } from '../services/record-log.js';
import { listSealedRecords, toSignedRecord } from '../store/records.js';

afterEach(() => {
  importFaults.failingLast = null;
  importFaults.beforeBatch = null;
});

function importFile(
  body: string,
  query: Record<string, string>,
  type = 'text/csv; charset=utf-8',
  key = demoApiKey,
  headers: Record<string, string> = {},
) {
  return call(`/v1/admin/imports?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': type, ...headers },
    body,
  });
}

/** One call with an Idempotency-Key, as the CLI and SDK send every call. */
const importKeyed = (body: string, query: Record<string, string>, idempotencyKey: string) =>
  importFile(body, query, undefined, undefined, { 'idempotency-key': idempotencyKey });

async function imported(body: string, query: Record<string, string>, type?: string) {
  const response = await importFile(body, query, type);
  expect(response.status).toBe(200);
  return response.json<ImportReport>();
}

/** The signed records of the demo site's log, sealed and checked against a fresh checkpoint. */
async function verifiedLog() {
  const signer = await loadSigner(env.SIGNING_KEY);
  const checkpoint = await makeCheckpoint(env, signer, 'demo', new Date());
  const rows = await listSealedRecords(env.DB, 'demo', { afterSeq: 0, limit: 10_000 });
  const records = rows.map(toSignedRecord);
  expect(await verifyLog(records, checkpoint, { keys: [signer.publicJwk] })).toEqual({ ok: true });
  return records;
}

/** Every table's row count but the admin log's, which notes each admin call (A1). */
async function dataCounts() {
  const { admin_events: _log, ...counts } = await rowCounts();
  return counts;
}

async function recordsOf(email: string): Promise<SignedRecord[]> {
  const subject = await subjectIdOf(email);
  return (await verifiedLog()).filter((signed) => signed.record.subject === subject);
}

const check = async (email: string, purpose = 'newsletter') =>
  (
    await call(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=${purpose}`, {
      headers: { authorization: `Bearer ${demoApiKey}` },
    })
  ).json<{ allowed: boolean; basis?: string; record: { event: string } | null }>();

/** Mailchimp's audience export as its `subscribed_*.csv` has it: quoted names, CRLF lines. */
const mailchimpHeader =
  '"Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS';
const mailchimpRow = (
  email: string,
  optIn: string,
  optInIp: string,
  confirm: string,
  confirmIp: string,
) =>
  `${email},"Anna","Müller, geb. ""Schmidt""",2,"${optIn}",${optInIp},"${confirm}",${confirmIp},,,,,,,,"2024-05-02 08:00:00",123456,abc123,,"""Kunde"""`;

describe('POST /v1/admin/imports', () => {
  it('M1: a Mailchimp export: each subscribed row a consent with a signed `imported` record of exactly its evidence, contact sealed', async () => {
    const file = crlf([
      mailchimpHeader,
      mailchimpRow(
        'mc-doi@example.org',
        '2024-03-01 09:15:00',
        '203.0.113.7',
        '2024-03-01 09:17:42',
        '198.51.100.23',
      ),
      mailchimpRow('mc-single@example.org', '2023-11-20 18:00:05', '', '', ''),
      mailchimpRow('not-an-address', '2024-03-01 09:15:00', '', '', ''),
      mailchimpRow('MC-DOI@example.org', '2024-03-02 10:00:00', '', '', ''),
    ]);
    const report = await imported(file, { format: 'mailchimp', purpose: 'newsletter' });
    expect(report).toEqual({
      dryRun: false,
      format: 'mailchimp',
      rows: 4,
      imported: 2,
      withEvidence: 1,
      skipped: [
        { row: 3, reason: 'invalid-email', column: 'Email Address' },
        { row: 4, reason: 'duplicate', column: null },
      ],
    });
    const [record, ...others] = await recordsOf('mc-doi@example.org');
    expect(others).toEqual([]);
    expect(record?.record).toMatchObject({
      event: 'imported',
      purpose: 'newsletter',
      request: null,
      wording: { version: '0'.repeat(64) },
      import: {
        reportedBy: 'owner',
        system: 'mailchimp',
        optIn: { at: '2024-03-01T09:15:00', ip: '203.0.113.0/24' },
        confirmation: { at: '2024-03-01T09:17:42', ip: '198.51.100.0/24' },
        form: null,
        wording: { text: null, version: null },
      },
    });
    const [single] = await recordsOf('mc-single@example.org');
    expect(single?.record.import).toMatchObject({
      optIn: { at: '2023-11-20T18:00:05', ip: null },
      confirmation: { at: null, ip: null },
    });
    expect(await cellsContaining('mc-doi@example.org')).toEqual([]);
    const [consent] = await sql(
      'SELECT basis, status, imported_confirmed_at FROM consents WHERE subject_id = ?',
      await subjectIdOf('mc-doi@example.org'),
    );
    expect(consent).toEqual({
      basis: 'imported',
      status: 'active',
      imported_confirmed_at: '2024-03-01T09:17:42',
    });
  });

  it('M1: a Brevo export with a byte order mark and semicolons; a blocklisted contact is not subscribed', async () => {
    const file = crlf([
      '\uFEFFEMAIL;NACHNAME;VORNAME;ADDED_TIME;MODIFIED_TIME;EMAIL_BLACKLISTED;DOUBLE_OPT-IN',
      'brevo-1@example.org;"Weiß; Jr.";Jan;15-01-2024 10:20:30;01-02-2024 11:00:00;No;Yes',
      'brevo-2@example.org;Roth;Eva;2024-02-10T08:00:00+01:00;;No;',
      'brevo-blocked@example.org;Blau;Tim;15-01-2024 10:20:30;;Yes;Yes',
      'brevo-bad-date@example.org;Grün;Ida;31-02-2024 10:20:30;;No;',
    ]);
    const report = await imported(file, { format: 'brevo', purpose: 'newsletter' });
    expect(report).toMatchObject({ rows: 4, imported: 2, withEvidence: 0 });
    expect(report.skipped).toEqual([
      { row: 3, reason: 'not-subscribed', column: null },
      { row: 4, reason: 'invalid-date', column: 'ADDED_TIME' },
    ]);
    const [first] = await recordsOf('brevo-1@example.org');
    expect(first?.record.import).toMatchObject({
      system: 'brevo',
      optIn: { at: '2024-01-15T10:20:30', ip: null },
      confirmation: { at: null, ip: null },
    });
    const [second] = await recordsOf('brevo-2@example.org');
    expect(second?.record.import?.optIn.at).toBe('2024-02-10T07:00:00Z');
  });

  it('M1: a Brevo export with the columns and day-first dates of the Brevo exports read in public code (CONTACT ID first, no time of day, no blocklist column)', async () => {
    // The header line of a Brevo contact export as a public importer reads it, semicolons and
    // DD-MM-YYYY dates as public scripts read Brevo's ADDED_TIME (sources in docs/import.md).
    const file = crlf([
      'CONTACT ID;EMAIL;LASTNAME;FIRSTNAME;WHATSAPP;SMS;DOUBLE_OPT-IN;OPT_IN;LANDLINE_NUMBER;EXT_ID;CONTACT_TIMEZONE;JOB_TITLE;LINKEDIN;ADDED_TIME;MODIFIED_TIME',
      '17;brevo-real-1@example.org;Ἀλεξάνδρα;محمد;;;Yes;Yes;;;Europe/Berlin;;;16-12-2025;28-01-2026',
      '18;brevo-real-2@example.org;Roth;Eva;;;;;;;;;;01-01-2026;01-01-2026',
    ]);
    const report = await imported(file, { format: 'brevo', purpose: 'newsletter' });
    expect(report).toMatchObject({ rows: 2, imported: 2, withEvidence: 0, skipped: [] });
    const [first] = await recordsOf('brevo-real-1@example.org');
    expect(first?.record.import).toMatchObject({
      system: 'brevo',
      optIn: { at: '2025-12-16', ip: null },
      confirmation: { at: null, ip: null },
    });
    const [second] = await recordsOf('brevo-real-2@example.org');
    expect(second?.record.import?.optIn.at).toBe('2026-01-01');
  });

  it('M1: a CleverReach export with German dates and Unix times; never activated or deactivated recipients are skipped', async () => {
    const file = crlf([
      'email;activated;registered;deactivated;source;firstname',
      'cr-1@example.org;12.03.2024 14:05;12.03.2024 14:01;0;"Newsletter-Formular Shop";Lena',
      'cr-2@example.org;1710252300;1710252000;0;API;Max',
      'cr-inactive@example.org;0;12.03.2024 14:01;0;Formular;Paul',
      'cr-gone@example.org;12.03.2024 14:05;12.03.2024 14:01;15.04.2024 09:00;Formular;Rita',
    ]);
    const report = await imported(file, { format: 'cleverreach', purpose: 'newsletter' });
    expect(report).toMatchObject({ rows: 4, imported: 2, withEvidence: 2 });
    expect(report.skipped).toEqual([
      { row: 3, reason: 'not-subscribed', column: null },
      { row: 4, reason: 'not-subscribed', column: null },
    ]);
    const [first] = await recordsOf('cr-1@example.org');
    expect(first?.record.import).toMatchObject({
      system: 'cleverreach',
      optIn: { at: '2024-03-12T14:01:00', ip: null },
      confirmation: { at: '2024-03-12T14:05:00', ip: null },
      form: 'Newsletter-Formular Shop',
    });
    expect(first?.record.source.form).toBe('Newsletter-Formular Shop');
    const [second] = await recordsOf('cr-2@example.org');
    expect(second?.record.import?.confirmation.at).toBe('2024-03-12T14:05:00Z');
  });

  it('M1: Signet NDJSON names a purpose per row and the wording the person saw; rows without one or with an unknown one are skipped', async () => {
    const rows = [
      {
        email: 'nd-1@example.org',
        purpose: 'prize-draw',
        opt_in_at: '2024-06-01T10:00:00Z',
        confirmed_at: '2024-06-01T10:03:00Z',
        confirmed_ip: '2001:db8:1234:5678::1',
        source_form: 'https://shop.example/gewinnspiel',
        wording_text: 'Ja, ich möchte am Gewinnspiel teilnehmen.',
        wording_version: 'gs-2024-1',
      },
      { email: 'nd-2@example.org' },
      { email: 'nd-3@example.org', purpose: 'no-such-purpose' },
      'not an object',
    ];
    const body = rows.map((row) => JSON.stringify(row)).join('\n');
    const report = await imported(body, { format: 'signet' }, 'application/x-ndjson');
    expect(report).toMatchObject({ rows: 4, imported: 1, withEvidence: 1 });
    expect(report.skipped).toEqual([
      { row: 2, reason: 'no-purpose', column: null },
      { row: 3, reason: 'unknown-purpose', column: null },
      { row: 4, reason: 'invalid-row', column: null },
    ]);
    const [record] = await recordsOf('nd-1@example.org');
    const text = 'Ja, ich möchte am Gewinnspiel teilnehmen.';
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    const version = [...new Uint8Array(digest)]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    expect(record?.record).toMatchObject({
      purpose: 'prize-draw',
      wording: { version, sha256: version },
      import: {
        confirmation: { at: '2024-06-01T10:03:00Z', ip: '2001:db8:1234::/48' },
        form: 'https://shop.example/gewinnspiel',
        wording: { text, version: 'gs-2024-1' },
      },
    });
  });

  it('M1: a re-run of the same file writes nothing and lists each row as already there', async () => {
    const file = crlf([
      'email,opt_in_at,confirmed_at',
      'rerun-1@example.org,2024-01-01T00:00:00Z,2024-01-01T00:05:00Z',
      'rerun-2@example.org,,',
    ]);
    expect(await imported(file, { format: 'signet', purpose: 'newsletter' })).toMatchObject({
      imported: 2,
    });
    await verifiedLog();
    const before = await dataCounts();
    const again = await imported(file, { format: 'signet', purpose: 'newsletter' });
    expect(again).toMatchObject({ imported: 0, withEvidence: 0 });
    expect(again.skipped).toEqual([
      { row: 1, reason: 'consent-exists', column: null },
      { row: 2, reason: 'consent-exists', column: null },
    ]);
    expect(await dataCounts()).toEqual(before);
  });

  it('M1: a call whose rows take several statements counts each imported row once', async () => {
    const wording = 'Ich möchte den Newsletter lesen. '.repeat(20);
    const file = crlf([
      'email,wording_text',
      ...Array.from({ length: 1200 }, (_, i) => `many-statements-${i}@example.org,${wording}`),
    ]);
    expect(await imported(file, { format: 'signet', purpose: 'newsletter' })).toMatchObject({
      rows: 1200,
      imported: 1200,
      skipped: [],
    });
    const [count] = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM consents WHERE basis = 'imported' AND subject_id IN (SELECT subject_id FROM records WHERE event = 'imported' AND wording_version = unhex(?))",
      await sha256Hex(wording.trim()),
    );
    expect(count?.n).toBe(1200);
  });

  it("M1: a call's subjects and records have ids that sort after the call before's, so an import adds at one end of their indexes", async () => {
    const file = (call: number) =>
      crlf(['email', ...Array.from({ length: 40 }, (_, i) => `sorted-${call}-${i}@example.org`)]);
    for (const call of [1, 2]) {
      expect(await imported(file(call), { format: 'signet', purpose: 'newsletter' })).toMatchObject(
        { imported: 40 },
      );
    }
    const calls = await sql<{
      first: string;
      last: string;
      firstSubject: string;
      lastSubject: string;
    }>(
      `SELECT MIN(id) AS first, MAX(id) AS last, MIN(subject_id) AS firstSubject,
              MAX(subject_id) AS lastSubject
         FROM records WHERE event = 'imported' GROUP BY created_at ORDER BY created_at DESC
        LIMIT 2`,
    );
    // The two calls above are the last imports.
    const [two, one] = calls as [(typeof calls)[0], (typeof calls)[0]];
    expect(one.last < two.first).toBe(true);
    expect(one.lastSubject < two.firstSubject).toBe(true);
    // Still ids as any other: 22 letters and digits.
    for (const id of [one.first, one.last, two.firstSubject, two.lastSubject])
      expect(id).toMatch(/^[A-Za-z0-9]{22}$/);
  });

  it("M1: after the answer a call's records are sealed by its own site's pass: no list of every site's unsealed records, no webhook pass", async () => {
    const db = countingD1(env.DB);
    const ctx = createExecutionContext();
    const request = new Request(
      new URL('/v1/admin/imports?format=signet&purpose=newsletter', apiOrigin),
      {
        method: 'POST',
        headers: { authorization: `Bearer ${demoApiKey}`, 'content-type': 'text/csv' },
        body: crlf(['email', 'own-pass-1@example.org', 'own-pass-2@example.org']),
      },
    );
    const response = await worker.fetch(request, { ...env, DB: db } as Env, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
    const background = db.roundTrips.filter((trip) => trip.background).map((trip) => trip.call);
    // One read (the head, the key and the records) and one batch (the head and the seals).
    expect(background, background.join('\n')).toEqual([
      expect.stringMatching(/^all SELECT h\.seq/),
      expect.stringMatching(/^batch of/),
    ]);
  });

  it('M1: a dry run reports what the import would do and writes nothing', async () => {
    const before = await dataCounts();
    const file = crlf(['email', 'dry-1@example.org', 'dry-2@example.org', 'dry-1@example.org']);
    const report = await imported(file, {
      format: 'signet',
      purpose: 'newsletter',
      dryRun: 'true',
    });
    expect(report).toMatchObject({ dryRun: true, rows: 3, imported: 2 });
    expect(report.skipped).toEqual([{ row: 3, reason: 'duplicate', column: null }]);
    expect(await dataCounts()).toEqual(before);
  });

  it('M1: a call that dies after its last write leaves nothing half written, and its re-run imports every row', async () => {
    const file = crlf(['email', ...Array.from({ length: 40 }, (_, i) => `fault-${i}@example.org`)]);
    const before = await dataCounts();
    importFaults.failingLast = (db) =>
      db.prepare(
        "INSERT INTO consents (site_id, subject_id, purpose_id) VALUES ('demo', NULL, NULL)",
      );
    const died = await importFile(file, { format: 'signet', purpose: 'newsletter' });
    expect(died.status).toBe(500);
    expect(await dataCounts()).toEqual(before);
    importFaults.failingLast = null;
    expect(await imported(file, { format: 'signet', purpose: 'newsletter' })).toMatchObject({
      imported: 40,
      skipped: [],
    });
  });

  it('M1: erased and suppressed addresses are skipped, and a double opt-in is never replaced by an import', async () => {
    const confirmed = 'import-doi@example.org';
    await subscribed(confirmed);
    const erased = 'import-erased@example.org';
    await subscribed(erased);
    expect((await admin('/v1/admin/subjects/erasure', 'POST', { email: erased })).status).toBe(200);
    const withdrawn = 'import-withdrawn@example.org';
    await sql(
      "INSERT INTO suppressions (site_id, email_index, reason, created_at) VALUES ('demo', unhex(?), 'withdrawn', '2024-01-01T00:00:00Z')",
      await indexOf(withdrawn),
    );
    const file = crlf(['email', confirmed, erased, withdrawn]);
    const report = await imported(file, { format: 'signet', purpose: 'newsletter' });
    expect(report).toMatchObject({ imported: 0 });
    expect(report.skipped).toEqual([
      { row: 1, reason: 'consent-exists', column: null },
      { row: 2, reason: 'erased', column: null },
      { row: 3, reason: 'suppressed', column: null },
    ]);
    expect(await check(confirmed)).toMatchObject({
      allowed: true,
      basis: 'double-opt-in',
      record: { event: 'confirmed' },
    });
  });

  it("M1: a retried call with the same Idempotency-Key answers the first call's report and writes nothing more", async () => {
    const file = crlf([
      'email,confirmed_at',
      'keyed-1@example.org,2024-01-01T00:05:00Z',
      'not-an-address,',
      'keyed-2@example.org,',
    ]);
    const query = { format: 'signet', purpose: 'newsletter' };
    const first = await importKeyed(file, query, 'signet-import-1-retry');
    expect(first.status).toBe(200);
    const report = await first.json<ImportReport>();
    expect(report).toMatchObject({ rows: 3, imported: 2, withEvidence: 1 });
    const before = await dataCounts();
    const retried = await importKeyed(file, query, 'signet-import-1-retry');
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual(report);
    expect(await dataCounts()).toEqual(before);
    // Without the key, the same rows are there already, as before keys were kept.
    expect((await imported(file, query)).skipped).toEqual([
      { row: 1, reason: 'consent-exists', column: null },
      { row: 2, reason: 'invalid-email', column: 'email' },
      { row: 3, reason: 'consent-exists', column: null },
    ]);
  });

  it('M1: the same Idempotency-Key with another body or first row is idempotency_conflict, and writes nothing', async () => {
    const query = { format: 'signet', purpose: 'newsletter' };
    const key = 'signet-import-1-conflict';
    expect((await importKeyed(crlf(['email', 'conflict-1@example.org']), query, key)).status).toBe(
      200,
    );
    const before = await dataCounts();
    const other = await importKeyed(crlf(['email', 'conflict-2@example.org']), query, key);
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({
      error: { code: 'idempotency_conflict', field: 'Idempotency-Key' },
    });
    const moved = await importKeyed(
      crlf(['email', 'conflict-1@example.org']),
      { ...query, firstRow: '2' },
      key,
    );
    expect(moved.status).toBe(409);
    expect(await dataCounts()).toEqual(before);
    expect(await subjectIdOf('conflict-2@example.org')).toBeNull();
    const malformed = await importKeyed(
      crlf(['email', 'conflict-3@example.org']),
      query,
      'has space',
    );
    expect(malformed.status).toBe(422);
  });

  it('M1: a call that dies keeps no key, and a dry run keeps none: the same key then imports every row', async () => {
    const file = crlf([
      'email',
      ...Array.from({ length: 5 }, (_, i) => `keyed-fault-${i}@example.org`),
    ]);
    const query = { format: 'signet', purpose: 'newsletter' };
    const key = 'signet-import-1-fault';
    importFaults.failingLast = (db) =>
      db.prepare(
        "INSERT INTO consents (site_id, subject_id, purpose_id) VALUES ('demo', NULL, NULL)",
      );
    expect((await importKeyed(file, query, key)).status).toBe(500);
    importFaults.failingLast = null;
    const dry = await importKeyed(file, { ...query, dryRun: 'true' }, key);
    expect(await dry.json()).toMatchObject({ dryRun: true, imported: 5 });
    const real = await importKeyed(file, query, key);
    expect(await real.json()).toMatchObject({ dryRun: false, rows: 5, imported: 5, skipped: [] });
  });

  it("M1: a row whose address another call wrote first (between the reads and the batch) is imported on that call's subject", async () => {
    const shared = 'race-shared@example.org';
    importFaults.beforeBatch = async () => {
      importFaults.beforeBatch = null;
      // Another call in flight imports the same address for another purpose, first.
      const other = await imported(crlf(['email', shared]), {
        format: 'signet',
        purpose: 'prize-draw',
      });
      expect(other).toMatchObject({ imported: 1 });
    };
    const file = crlf(['email', shared, 'race-alone@example.org']);
    const report = await imported(file, { format: 'signet', purpose: 'newsletter' });
    expect(report).toMatchObject({ rows: 2, imported: 2, skipped: [] });
    const consents = await sql<{ purpose_id: string }>(
      "SELECT purpose_id FROM consents WHERE subject_id = ? AND basis = 'imported' ORDER BY 1",
      await subjectIdOf(shared),
    );
    expect(consents.map((row) => row.purpose_id)).toEqual(['newsletter', 'prize-draw']);
    expect((await recordsOf(shared)).map((signed) => signed.record.event)).toEqual([
      'imported',
      'imported',
    ]);
  });

  it('M1: a row suppressed between the reads and the batch is listed as suppressed; every row is imported or listed', async () => {
    const withdrawn = 'race-withdrawn@example.org';
    importFaults.beforeBatch = async () => {
      importFaults.beforeBatch = null;
      await sql(
        "INSERT INTO suppressions (site_id, email_index, reason, created_at) VALUES ('demo', unhex(?), 'withdrawn', '2024-01-01T00:00:00Z')",
        await indexOf(withdrawn),
      );
    };
    const file = crlf(['email', 'race-kept@example.org', withdrawn]);
    const response = await importKeyed(
      file,
      { format: 'signet', purpose: 'newsletter' },
      'signet-import-1-race',
    );
    const report = await response.json<ImportReport>();
    expect(report).toMatchObject({ rows: 2, imported: 1 });
    expect(report.skipped).toEqual([{ row: 2, reason: 'suppressed', column: null }]);
    expect(await subjectIdOf(withdrawn)).toBeNull();
    // The key was kept with that report.
    const retried = await importKeyed(
      file,
      { format: 'signet', purpose: 'newsletter' },
      'signet-import-1-race',
    );
    expect(await retried.json()).toEqual(report);
  });

  it('refuses an unknown format or purpose, another media type, and more rows than one call takes', async () => {
    const file = crlf(['email', 'refused@example.org']);
    const format = await importFile(file, { format: 'excel', purpose: 'newsletter' });
    expect(format.status).toBe(422);
    const purpose = await importFile(file, { format: 'signet', purpose: 'nope' });
    expect(purpose.status).toBe(404);
    expect((await purpose.json<{ error: { code: string } }>()).error.code).toBe('unknown_purpose');
    const media = await importFile(
      file,
      { format: 'signet', purpose: 'newsletter' },
      'application/json',
    );
    expect(media.status).toBe(415);
    const many = crlf([
      'email',
      ...Array.from({ length: 5001 }, (_, i) => `many-${i}@example.org`),
    ]);
    expect((await importFile(many, { format: 'signet', purpose: 'newsletter' })).status).toBe(413);
    const header = await importFile('name\r\nx\r\n', {
      format: 'mailchimp',
      purpose: 'newsletter',
    });
    expect(header.status).toBe(422);
    expect(await subjectIdOf('refused@example.org')).toBeNull();
  });
});

describe('mayContact for imported consents (M1)', () => {
  it('M1: counts an imported consent with DOI evidence; one without counts by the purpose setting; the answer names the basis', async () => {
    const file = crlf([
      'email,confirmed_at',
      'may-evidence@example.org,2024-01-01T00:05:00Z',
      'may-without@example.org,',
    ]);
    await imported(file, { format: 'signet', purpose: 'newsletter' });
    expect(await check('may-evidence@example.org')).toMatchObject({
      allowed: true,
      basis: 'imported',
      record: { event: 'imported' },
    });
    expect(await check('may-without@example.org')).toMatchObject({ allowed: false });

    const setting = async (importedWithoutEvidence: unknown) => {
      const response = await admin('/v1/admin/purposes/newsletter', 'PUT', {
        channel: 'email',
        importedWithoutEvidence,
      });
      expect(response.status).toBe(200);
      return response.json<{ importedWithoutEvidence: unknown }>();
    };
    expect(await setting('count')).toMatchObject({ importedWithoutEvidence: 'count' });
    expect(await check('may-without@example.org')).toMatchObject({
      allowed: true,
      basis: 'imported',
    });
    expect(await setting({ until: '2020-01-01T00:00:00Z' })).toMatchObject({
      importedWithoutEvidence: { until: '2020-01-01T00:00:00.000Z' },
    });
    expect(await check('may-without@example.org')).toMatchObject({ allowed: false });
    await setting({ until: '2999-01-01T00:00:00Z' });
    expect(await check('may-without@example.org')).toMatchObject({ allowed: true });

    const batch = await (
      await call('/v1/consents/checks', {
        method: 'POST',
        headers: { authorization: `Bearer ${demoApiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          purpose: 'newsletter',
          emails: ['may-evidence@example.org', 'may-without@example.org'],
        }),
      })
    ).json<{ results: { allowed: boolean; basis?: string }[] }>();
    expect(batch.results.map((result) => [result.allowed, result.basis])).toEqual([
      [true, 'imported'],
      [true, 'imported'],
    ]);
    await setting('ignore');
    expect(await check('may-without@example.org')).toMatchObject({ allowed: false });
    expect(await check('may-evidence@example.org')).toMatchObject({ allowed: true });
  });
});
