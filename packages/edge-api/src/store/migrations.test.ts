import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { rowCounts } from '../../test/worker.js';
import { checkRecordMac, recordMac, recordMacKey } from '../crypto/record-mac.js';
import {
  type ConsentRequestRow,
  requestedPurposes,
  requestForConfirmationRead,
} from './consent-requests.js';
import { listSubjectConsents } from './consents.js';
import { findPendingOutboxMessage } from './outbox.js';
import { takeTicket } from './rate-events.js';
import { readAlone } from './reads.js';
import { macInputOfRow, type RecordRow, recordColumns, toSignedRecord } from './records.js';
import { findSubjectId, subjectsByEmailIndexesRead } from './subjects.js';
import { findSuppression } from './suppressions.js';

const db = () => env.MIGRATION_DB;

/** The demo site as every schema since the first holds it, for a database left at an older migration. */
const demoSiteInsert = (db: D1Database, at: string) =>
  db
    .prepare(
      "INSERT INTO sites (id, name, controller_name, controller_contact, privacy_policy_url, default_locale, created_at) VALUES ('demo', 'Demo', 'Demo GmbH', 'privacy@demo.test', 'https://demo.test/privacy', 'de', ?)",
    )
    .bind(at);

describe('migration 0004: locales as data', () => {
  it('keeps every row of a populated database and then accepts a new language', async () => {
    const before0004 = env.TEST_MIGRATIONS.filter((m) => m.name < '0004');
    await applyD1Migrations(db(), before0004);
    const at = '2026-11-22T10:00:00Z';
    await db().batch([
      demoSiteInsert(db(), at),
      db()
        .prepare(
          "INSERT INTO purposes (site_id, id, channel, created_at) VALUES ('demo', 'newsletter', 'email', ?)",
        )
        .bind(at),
      db()
        .prepare(
          "INSERT INTO wordings (site_id, purpose_id, locale, version, canonical_text, published_at) VALUES ('demo', 'newsletter', 'de', 'v1', '{}', ?), ('demo', 'newsletter', 'en', 'v1', '{}', ?)",
        )
        .bind(at, at),
      // A row that hangs off `sites` by ON DELETE CASCADE: a rebuild of `sites` would delete it.
      db()
        .prepare(
          "INSERT INTO subjects (id, site_id, email_index, email, created_at) VALUES ('s1', 'demo', 'ix', 'a@b.test', ?)",
        )
        .bind(at),
    ]);
    const wordingsBefore = await db().prepare('SELECT * FROM wordings ORDER BY 1, 2, 3, 4').all();
    const countsBefore = await rowCounts(db());
    expect(countsBefore.subjects).toBe(1);

    await applyD1Migrations(db(), env.TEST_MIGRATIONS);

    // Every table that was there keeps its rows (later migrations add tables of their own).
    const countsAfter = await rowCounts(db());
    const kept = Object.fromEntries(
      Object.keys(countsBefore).map((name) => [name, countsAfter[name]]),
    );
    expect(kept).toEqual(countsBefore);
    const wordingsAfter = await db().prepare('SELECT * FROM wordings ORDER BY 1, 2, 3, 4').all();
    expect(wordingsAfter.results).toEqual(wordingsBefore.results);
    const site = await db().prepare("SELECT default_locale FROM sites WHERE id = 'demo'").first();
    expect(site).toEqual({ default_locale: 'de' });

    const [purpose] = wordingsBefore.results as { purpose_id: string }[];
    const insert = (locale: string) =>
      db()
        .prepare(
          "INSERT INTO wordings (site_id, purpose_id, locale, version, canonical_text, published_at) VALUES ('demo', ?, ?, 'v', '{}', '2026-11-22T10:00:00Z')",
        )
        .bind(purpose?.purpose_id, locale)
        .run();
    await insert('fr');
    await expect(insert('french')).rejects.toThrow(/CHECK/);
    // Still one current wording per purpose and locale (the rebuilt table's unique index).
    await expect(
      db()
        .prepare("UPDATE wordings SET version = 'w' WHERE locale = 'fr' AND purpose_id = ?")
        .bind(purpose?.purpose_id)
        .run(),
    ).resolves.toBeTruthy();
    await expect(insert('fr')).rejects.toThrow(/UNIQUE/);
    await db().prepare("UPDATE sites SET default_locale = 'fr' WHERE id = 'demo'").run();
    await expect(
      db().prepare("UPDATE sites SET default_locale = 'FR' WHERE id = 'demo'").run(),
    ).rejects.toThrow(/CHECK/);
  });
});

describe('migration 0005: hardening', () => {
  it('redacts the live links that older rows kept, holds back their unsent messages, and moves 30-day retention to 14', async () => {
    const old = env.MIGRATION_DB_0005;
    await applyD1Migrations(
      old,
      env.TEST_MIGRATIONS.filter((m) => m.name < '0005'),
    );
    const at = '2026-11-22T10:00:00Z';
    const token = 'T'.repeat(43);
    const link = `https://api.example/confirm/${token}`;
    const outbox = (id: string, status: string) =>
      old
        .prepare(
          `INSERT INTO outbox (id, site_id, request_id, to_address, subject, text_body, html_body, status, next_attempt_at, created_at)
           VALUES (?, 'demo', 'r1', 'a@b.test', 'Confirm', ?, ?, ?, ?, ?)`,
        )
        .bind(
          id,
          `Please confirm:\n${link}\nThanks`,
          `<a href="${link}">Confirm</a>`,
          status,
          at,
          at,
        );
    await old.batch([
      demoSiteInsert(old, at),
      old
        .prepare(
          "INSERT INTO subjects (id, site_id, email_index, email, created_at) VALUES ('s1', 'demo', 'ix', 'a@b.test', ?)",
        )
        .bind(at),
      old
        .prepare(
          `INSERT INTO consent_requests (id, site_id, subject_id, token_hash, purposes, locale, page_url, status, created_at, expires_at)
           VALUES ('r1', 'demo', 's1', 'hash-of-token', '[]', 'de', 'https://demo.test/', 'confirmed', ?, ?)`,
        )
        .bind(at, at),
      outbox('sent-one', 'sent'),
      outbox('unsent-one', 'pending'),
    ]);

    await applyD1Migrations(old, env.TEST_MIGRATIONS);

    const rows = await old
      .prepare('SELECT id, text_body, html_body, status, link_hash FROM outbox ORDER BY id')
      .all<{
        id: string;
        text_body: string;
        html_body: string;
        status: string;
        link_hash: string;
      }>();
    expect(rows.results.map((row) => row.status)).toEqual(['sent', 'failed']);
    for (const row of rows.results) {
      expect(row.text_body).toBe('Please confirm:\nhttps://api.example/confirm/[redacted]\nThanks');
      expect(row.html_body).toBe('<a href="https://api.example/confirm/[redacted]">Confirm</a>');
      expect(row.link_hash).toBe('hash-of-token');
    }
    const site = await old
      .prepare("SELECT unconfirmed_retention_days AS days FROM sites WHERE id = 'demo'")
      .first();
    expect(site).toEqual({ days: 14 });
  });
});

describe('migration 0016: idempotency key hashes', () => {
  it('deletes the keys kept in clear and gives the table its subject column', async () => {
    const old = env.MIGRATION_DB_0016;
    await applyD1Migrations(
      old,
      env.TEST_MIGRATIONS.filter((m) => m.name < '0016'),
    );
    await old
      .prepare(
        `INSERT INTO idempotency_keys (site_id, key, fingerprint, created_at)
         VALUES ('demo', 'server:order-4711 ship-to a@b.test', 'f', '2026-12-06T10:00:00Z')`,
      )
      .run();

    await applyD1Migrations(old, env.TEST_MIGRATIONS);

    expect(await old.prepare('SELECT * FROM idempotency_keys').all()).toMatchObject({
      results: [],
    });
    const columns = await old
      .prepare("SELECT name FROM pragma_table_info('idempotency_keys')")
      .all();
    expect(columns.results.map((column) => column.name)).toContain('subject_id');
  });
});

describe('migration 0026: honoured records', () => {
  it('keeps every record with its MAC valid, still queues webhooks, and takes honoured but no unknown event', async () => {
    const old = env.MIGRATION_DB_0026;
    await applyD1Migrations(
      old,
      env.TEST_MIGRATIONS.filter((m) => m.name < '0026'),
    );
    const key = await recordMacKey(env);
    const row = {
      id: 'r-old',
      site_id: 'demo',
      subject_id: 's1',
      purpose_id: 'newsletter',
      event: 'withdrawn' as const,
      wording_version: 'w1',
      request_id: 'q1',
      page_url: null,
      form: 'preferences-page',
      evidence_ip: null,
      evidence_user_agent: null,
      created_at: '2026-12-01T10:00:00.000Z',
      email_hash: 'e'.repeat(64),
      phone_hash: null,
    };
    const mac = await recordMac(key, {
      ...macInputOfRow({ ...row, honours_record: null, honours_system: null } as RecordRow),
    });
    const at = '2026-12-01T09:00:00Z';
    await old.batch([
      demoSiteInsert(old, at),
      old
        .prepare(
          `INSERT INTO records (id, site_id, subject_id, email_hash, phone_hash, purpose_id, event, wording_version, request_id, page_url, form, evidence_ip, evidence_user_agent, created_at, mac)
           VALUES (?, 'demo', 's1', ?, NULL, 'newsletter', 'withdrawn', 'w1', 'q1', NULL, 'preferences-page', NULL, NULL, ?, ?)`,
        )
        .bind(row.id, row.email_hash, row.created_at, mac),
      old
        .prepare(
          `INSERT INTO webhook_endpoints (id, site_id, url, events, secret_sealed, master_kid, created_at)
           VALUES ('wh1', 'demo', 'https://hooks.demo.test/', '["consent.withdrawn"]', 'x', 'k', ?)`,
        )
        .bind(at),
    ]);

    await applyD1Migrations(old, env.TEST_MIGRATIONS);

    const kept = await old
      .prepare(`SELECT ${recordColumns()} FROM records WHERE id = 'r-old'`)
      .first<RecordRow>();
    expect(kept).toMatchObject({ ...row, mac, honours_record: null, honours_system: null });
    expect(await checkRecordMac(key, macInputOfRow(kept as RecordRow), mac)).toBe('valid');
    const insert = (id: string, event: string, honours: [string, string] | [null, null]) =>
      old
        .prepare(
          `INSERT INTO records (id, site_id, subject_id, purpose_id, event, wording_version, created_at, honours_record, honours_system)
           VALUES (?, 'demo', 's1', 'newsletter', ?, 'w1', ?, ?, ?)`,
        )
        .bind(id, event, at, ...honours)
        .run();
    await insert('r-new', 'withdrawn', [null, null]);
    const queued = await old.prepare('SELECT record_id FROM webhook_deliveries').all();
    expect(queued.results).toEqual([{ record_id: 'r-new' }]);
    await insert('r-ack', 'honoured', ['r-old', 'brevo']);
    await expect(insert('r-ack-2', 'honoured', ['r-old', 'brevo'])).rejects.toThrow(/UNIQUE/);
    await expect(insert('r-bad', 'honoured', [null, null])).rejects.toThrow(/CHECK/);
    await expect(insert('r-odd', 'shredded', [null, null])).rejects.toThrow(/unknown record event/);
    const site = await old
      .prepare("SELECT honour_systems, honour_within_hours FROM sites WHERE id = 'demo'")
      .first();
    expect(site).toEqual({ honour_systems: '[]', honour_within_hours: 24 });
  });
});

describe('migration 0032: packed digests', () => {
  it('stores the hex digests of rows written before as bytes, which read back as the same text, and drops the MAC of a sealed record', async () => {
    const old = env.MIGRATION_DB_0032;
    await applyD1Migrations(
      old,
      env.TEST_MIGRATIONS.filter((m) => m.name < '0032'),
    );
    const key = await recordMacKey(env);
    const row = {
      id: 'r-sealed',
      site_id: 'demo',
      seq: 1,
      subject_id: 's1',
      email_hash: 'ab'.repeat(32),
      phone_hash: null,
      purpose_id: 'newsletter',
      event: 'confirmed' as const,
      wording_version: '0f'.repeat(32),
      request_id: 'q1',
      page_url: 'https://demo.test/',
      form: 'confirm-page:email-link',
      evidence_ip: '192.0.2.0/24',
      evidence_user_agent: 'Firefox',
      created_at: '2026-12-01T10:00:00.000Z',
      prev_hash: '00'.repeat(32),
      hash: 'c3'.repeat(32),
      kid: 'test-key-1',
      sig: `${'A'.repeat(85)}w`,
      honours_record: null,
      honours_system: null,
      import_evidence: null,
    };
    const mac = await recordMac(key, macInputOfRow({ ...row, mac: null }));
    await old
      .prepare(
        `INSERT INTO records (id, site_id, seq, subject_id, email_hash, phone_hash, purpose_id, event,
           wording_version, request_id, page_url, form, evidence_ip, evidence_user_agent, created_at,
           prev_hash, hash, kid, sig, mac)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        row.id,
        row.site_id,
        row.seq,
        row.subject_id,
        row.email_hash,
        row.phone_hash,
        row.purpose_id,
        row.event,
        row.wording_version,
        row.request_id,
        row.page_url,
        row.form,
        row.evidence_ip,
        row.evidence_user_agent,
        row.created_at,
        row.prev_hash,
        row.hash,
        row.kid,
        row.sig,
        mac,
      )
      .run();

    const token = '5a'.repeat(32);
    const at = '2026-12-01T09:00:00.000Z';
    await old.batch([
      demoSiteInsert(old, at),
      old
        .prepare(
          "INSERT INTO subjects (id, site_id, email_index, email, created_at) VALUES ('s1', 'demo', ?, '', ?)",
        )
        .bind(row.email_hash, at),
      old
        .prepare(
          `INSERT INTO consent_requests (id, site_id, subject_id, token_hash, purposes, locale, page_url, status, created_at, expires_at, confirmed_at)
           VALUES ('q1', 'demo', 's1', ?, ?, 'en', 'https://demo.test/', 'confirmed', ?, ?, ?)`,
        )
        .bind(
          token,
          JSON.stringify([{ id: 'newsletter', wordingVersion: row.wording_version }]),
          at,
          at,
          at,
        ),
      old
        .prepare(
          `INSERT INTO consents (site_id, subject_id, purpose_id, status, wording_version, request_id, confirmed_at, updated_at)
           VALUES ('demo', 's1', 'newsletter', 'active', ?, 'q1', ?, ?)`,
        )
        .bind(row.wording_version, at, at),
    ]);

    await applyD1Migrations(old, env.TEST_MIGRATIONS);

    expect(
      await old
        .prepare(
          `SELECT (SELECT typeof(token_hash) FROM consent_requests) AS token,
                  (SELECT typeof(wording_version) FROM consents) AS wording`,
        )
        .first(),
    ).toEqual({ token: 'blob', wording: 'blob' });
    // A request and a consent written before read as they did.
    const request = (await readAlone(old, requestForConfirmationRead(old, token)))?.request;
    expect(request?.token_hash).toBe(token);
    expect(requestedPurposes(request as ConsentRequestRow)).toEqual([
      { id: 'newsletter', wordingVersion: row.wording_version },
    ]);
    expect(await listSubjectConsents(old, 'demo', 's1')).toMatchObject([
      { purpose_id: 'newsletter', wording_version: row.wording_version },
    ]);
    const stored = await old
      .prepare(
        `SELECT typeof(email_hash) AS email, typeof(wording_version) AS wording,
                typeof(prev_hash) AS prev, typeof(hash) AS hash, typeof(sig) AS sig
           FROM records WHERE id = 'r-sealed'`,
      )
      .first();
    // The signature written before stays text (SQL has no base64); new ones are stored as bytes.
    expect(stored).toEqual({
      email: 'blob',
      wording: 'blob',
      prev: 'blob',
      hash: 'blob',
      sig: 'text',
    });
    const kept = await old
      .prepare(`SELECT ${recordColumns()} FROM records WHERE id = 'r-sealed'`)
      .first<RecordRow>();
    // A sealed row's MAC is gone (its signature covers it); every other field reads as before.
    expect(kept).toMatchObject({ ...row, mac: null });
    expect(toSignedRecord(kept as RecordRow)).toMatchObject({ hash: row.hash, sig: row.sig });
  });
});

describe('migration 0033: numbered rate events', () => {
  it('numbers the events of each bucket in time order, and a window counts what counting gave', async () => {
    const old = env.MIGRATION_DB_0033;
    await applyD1Migrations(
      old,
      env.TEST_MIGRATIONS.filter((m) => m.name < '0033'),
    );
    const events = [
      ['messages:demo', '2026-12-07T10:00:02.000Z', 'b'],
      ['messages:demo', '2026-12-07T10:00:01.000Z', 'a'],
      ['messages:demo', '2026-12-07T10:00:03.000Z', 'c'],
      ['client:demo:x', '2026-12-07T10:00:00.000Z', 'd'],
    ];
    await old.batch(
      events.map((event) =>
        old
          .prepare('INSERT INTO rate_events (bucket, at, request_id) VALUES (?, ?, ?)')
          .bind(...event),
      ),
    );

    await applyD1Migrations(old, env.TEST_MIGRATIONS);

    const numbered = await old
      .prepare('SELECT request_id, n FROM rate_events ORDER BY bucket, n')
      .all<{ request_id: string; n: number }>();
    expect(numbered.results.map((row) => `${row.request_id}${row.n}`)).toEqual([
      'd1',
      'a1',
      'b2',
      'c3',
    ]);
    // Two of the three messages fall after 10:00:01: a limit of 3 has room for one more, not two.
    const ticket = (requestId: string) =>
      takeTicket(old, {
        bucket: 'messages:demo',
        requestId,
        at: '2026-12-07T10:00:04.000Z',
        since: '2026-12-07T10:00:01.000Z',
        limit: 3,
      }).run();
    expect((await ticket('e')).meta.changes).toBe(1);
    expect((await ticket('f')).meta.changes).toBe(0);
    const last = await old
      .prepare("SELECT n FROM rate_events WHERE request_id = 'e'")
      .first<{ n: number }>();
    expect(last?.n).toBe(4);
  });
});

describe('migration 0038: compact outbox and address indexes', () => {
  it('packs the address indexes that subjects and suppressions held as hex, which the stores still find and read back as the same hex, and a message written before still names its subject', async () => {
    const old = env.MIGRATION_DB_0038;
    await applyD1Migrations(
      old,
      env.TEST_MIGRATIONS.filter((m) => m.name < '0038'),
    );
    const index = 'ab'.repeat(32);
    const at = '2026-12-07T10:00:00.000Z';
    await old.batch([
      demoSiteInsert(old, at),
      old
        .prepare(
          "INSERT INTO subjects (id, site_id, email_index, email, created_at) VALUES ('s1', 'demo', ?, '', ?)",
        )
        .bind(index, at),
      old
        .prepare(
          "INSERT INTO suppressions (site_id, email_index, reason, created_at) VALUES ('demo', ?, 'withdrawn', ?)",
        )
        .bind(index, at),
      old
        .prepare(
          `INSERT INTO outbox (id, channel, site_id, subject_id, to_address, subject, text_body, html_body, status, next_attempt_at, created_at)
           VALUES ('m1', 'email', 'demo', 's1', '', 'S', 't', 'h', 'pending', ?, ?)`,
        )
        .bind(at, at),
    ]);

    await applyD1Migrations(old, env.TEST_MIGRATIONS);

    for (const table of ['subjects', 'suppressions']) {
      const cell = await old
        .prepare(`SELECT typeof(email_index) AS kind, length(email_index) AS bytes FROM ${table}`)
        .first();
      expect(cell).toEqual({ kind: 'blob', bytes: 32 });
    }
    expect(await findSubjectId(old, 'demo', 'email', index)).toEqual({ id: 's1' });
    expect(
      await readAlone(old, subjectsByEmailIndexesRead(old, 'demo', JSON.stringify([index]))),
    ).toEqual([{ id: 's1', email_index: index }]);
    expect(await findSuppression(old, 'demo', 'email', index)).toMatchObject({
      reason: 'withdrawn',
    });
    expect(await findPendingOutboxMessage(old, 'm1')).toMatchObject({ subjectId: 's1' });
  });
});
