import { env } from 'cloudflare:workers';
import { Validator } from '@cfworker/json-schema';
import {
  type Export,
  ExportSchema,
  type SignedCheckpoint,
  type SignedRecord,
  verifyLog,
} from '@signet/sdk';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  addSmsPurpose,
  admin,
  call,
  cellsContaining,
  confirmLinkFor,
  devMailboxLink,
  postJson,
  pressConfirm,
  runCron,
  sql,
  subjectIdOf,
  testOrigin,
  validRequestBody,
  withSms,
} from '../../test/worker.js';
import { phoneIndex } from '../crypto/blind-index.js';
import { addressBuckets } from '../services/request-admission.js';

async function openSession(email: string) {
  await postJson('/v1/preference-links', { site: 'demo', email, locale: 'en' });
  const [row] = await sql<{ text_body: string }>(
    "SELECT text_body FROM dev_mailbox WHERE to_address = ? AND subject LIKE '%preferences%' ORDER BY rowid DESC LIMIT 1",
    email,
  );
  const token = row?.text_body.match(/#token=([A-Za-z0-9_-]{43})/)?.[1];
  const opened = await postJson('/v1/preference-sessions', { token }, {}, withSms);
  return { token, session: ((await opened.json()) as { session: string }).session };
}

const asPerson = (session: string, path: string, method = 'GET') =>
  call(
    path,
    { method, headers: { authorization: `Bearer ${session}`, origin: testOrigin } },
    withSms,
  );

/** A person with a row in every table that can name them: consents, requests, messages, links, sessions, counts, records. */
async function seededPerson(email: string, phone: string) {
  const version = await addSmsPurpose('sms-export');
  const body = await validRequestBody(email);
  await postJson(
    '/v1/consent-requests',
    { ...body, phone, purposes: [...body.purposes, { id: 'sms-export', wordingVersion: version }] },
    {},
    withSms,
  );
  await pressConfirm(await confirmLinkFor(email), withSms);
  await pressConfirm((await devMailboxLink(phone)) ?? '', withSms);
  await postJson(
    '/v1/consent-requests',
    await validRequestBody(email, ['prize-draw']),
    {},
    withSms,
  );
  return openSession(email);
}

describe('R2/R3: the export holds every row held about the person', () => {
  it('R3: a person seeded into every table exports every row, valid against /schemas/export.json', async () => {
    const email = 'exported@example.org';
    const phone = '+4917644400011';
    const { session } = await seededPerson(email, phone);
    const response = await asPerson(session, '/v1/me/export');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="signet-export-demo-/,
    );
    const data = (await response.json()) as Export;

    // Against the published JSON Schema, and the contract it is made from.
    const schema = await (await call('/schemas/export.json')).json();
    const result = new Validator(schema as never, '7').validate(data);
    expect(result.errors).toEqual([]);
    expect(v.safeParse(ExportSchema, data).success).toBe(true);
    // The schema is not vacuous: a wrong export fails it.
    expect(new Validator(schema as never, '7').validate({ ...data, consents: 'none' }).valid).toBe(
      false,
    );

    // Every row of every table that names the person is in it.
    const subjectId = await subjectIdOf(email);
    const count = async (query: string) => (await sql<{ n: number }>(query, subjectId))[0]?.n ?? 0;
    expect(data.subject).toMatchObject({ id: subjectId, email, phone });
    expect(data.consents.map((row) => row.purpose).sort()).toEqual(['newsletter', 'sms-export']);
    expect(data.consents).toHaveLength(
      await count('SELECT COUNT(*) AS n FROM consents WHERE subject_id = ?'),
    );
    expect(data.requests).toHaveLength(
      await count('SELECT COUNT(*) AS n FROM consent_requests WHERE subject_id = ?'),
    );
    expect(data.requests.map((row) => row.status).sort()).toEqual([
      'confirmed',
      'confirmed',
      'pending',
    ]);
    expect(data.messages).toHaveLength(
      await count(
        'SELECT COUNT(*) AS n FROM outbox WHERE subject_id = ?1 OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)',
      ),
    );
    expect(data.messages.map((message) => message.to).sort()).toEqual(
      [phone, email, email, email].sort(),
    );
    expect(data.preferenceLinks).toHaveLength(
      await count('SELECT COUNT(*) AS n FROM preference_links WHERE subject_id = ?'),
    );
    expect(data.sessions).toHaveLength(
      await count('SELECT COUNT(*) AS n FROM preference_sessions WHERE subject_id = ?'),
    );
    expect(data.records.length + data.unsealedRecords.length).toBe(
      await count('SELECT COUNT(*) AS n FROM records WHERE subject_id = ?'),
    );
    // Two consent requests and one preference link were counted for this address.
    expect(data.rateEvents).toHaveLength(3);
    expect(data.wordings.map((wording) => wording.wording.label)).toContain(
      'Send me offers by SMS',
    );

    const csv = await (await asPerson(session, '/v1/me/export?format=csv&locale=en')).text();
    // (text() drops the byte order mark; readable-export.test.ts reads the bytes.)
    expect(csv.split('\r\n')[0]).toBe('"Time (Europe/Berlin)","Purpose","Event","Wording version"');
    // One row per record, signed or not yet.
    expect(csv.trimEnd().split('\r\n')).toHaveLength(
      1 + (await count('SELECT COUNT(*) AS n FROM records WHERE subject_id = ?')),
    );
    expect(csv).toContain('"Send me offers by SMS","confirmed"');
    const page = await asPerson(session, '/v1/me/export?format=html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain(email);
  });

  it('R3: export and erasure need a session opened in the last 15 minutes', async () => {
    const email = 'stale-session@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const { session } = await openSession(email);
    await sql(
      'UPDATE preference_sessions SET created_at = ? WHERE subject_id = ?',
      new Date(Date.now() - 16 * 60_000).toISOString(),
      await subjectIdOf(email),
    );
    expect((await asPerson(session, '/v1/me')).status).toBe(200);
    for (const [path, method] of [
      ['/v1/me/export', 'GET'],
      ['/v1/me/erasure', 'POST'],
    ] as const) {
      const answer = await asPerson(session, path, method);
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({
        error: { message: expect.stringContaining('15 minutes') },
      });
    }
    expect(await subjectIdOf(email)).not.toBeNull();
  });
});

describe('R4/R5: erasure', () => {
  it('R4: afterwards no table holds the address or number in any form; old links answer clearly; the log verifies', async () => {
    const email = 'Erase.Me@Example.org';
    const phone = '+4917644400022';
    const { session, token } = await seededPerson(email, phone);
    const forms = (value: string) => [
      value,
      value.toLowerCase(),
      value.toUpperCase(),
      value.slice(1),
      value.replace(/(\d{3})/g, '$1 '),
    ];
    const plaintext = async () => {
      const cells = [];
      for (const form of new Set([...forms(email), ...forms(phone)]))
        cells.push(...(await cellsContaining(form)));
      return [...new Set(cells)].filter((cell) => !cell.startsWith('dev_mailbox.'));
    };
    // Before: held, but only as ciphertext.
    expect(await plaintext()).toEqual([]);
    const subjectId = await subjectIdOf(email);
    expect(subjectId).not.toBeNull();
    const unsubscribe = (
      (await (
        await admin(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`)
      ).json()) as {
        unsubscribe: { url: string };
      }
    ).unsubscribe.url;
    // Taken now: the erasure deletes the development mailbox's messages to the person too.
    const confirmLink = await confirmLinkFor(email);

    const erased = await asPerson(session, '/v1/me/erasure', 'POST');
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ erased: true });

    expect(await plaintext()).toEqual([]);
    expect(await cellsContaining(subjectId ?? 'none')).toEqual(['records.subject_id']);
    expect(await sql('SELECT data_key FROM subjects WHERE id = ?', subjectId)).toEqual([]);
    // The old session, magic link and confirmation link: clear answers, never a 500.
    const stale = await asPerson(session, '/v1/me');
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const link = await postJson('/v1/preference-sessions', { token });
    expect(link.status).toBe(401);
    const confirm = await call(confirmLink);
    expect(confirm.status).toBe(404);
    const unsubscribePath = new URL(unsubscribe).pathname;
    expect((await call(unsubscribePath)).status).toBe(404);
    const oneClick = await call(unsubscribePath, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(oneClick.status).toBe(404);
    expect(await oneClick.text()).toContain('Vielleicht wurden Ihre Daten bereits gelöscht.');
    // R5: the site sees the address suppressed, and may not contact it.
    const suppression = await admin(`/v1/admin/suppressions?email=${encodeURIComponent(email)}`);
    expect(await suppression.json()).toMatchObject({ suppressed: true, reason: 'erased' });
    const check = await admin(
      `/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`,
    );
    expect(await check.json()).toMatchObject({ allowed: false });
    // P3: the log, with its `erased` records, still verifies end to end.
    const { records } = (await (await admin('/v1/records')).json()) as { records: SignedRecord[] };
    const mine = records.filter((signed) => signed.record.subject === subjectId);
    expect(
      mine
        .filter((signed) => signed.record.event === 'erased')
        .map((s) => s.record.purpose)
        .sort(),
    ).toEqual(['newsletter', 'prize-draw', 'sms-export']);
    const checkpoint = (await (await admin('/v1/log/checkpoint')).json()) as SignedCheckpoint;
    const jwks = await (await call('/.well-known/jwks.json')).json();
    expect(await verifyLog(records, checkpoint, jwks as never)).toEqual({ ok: true });
  });

  it("R4: erasure deletes what is kept by the person's contact data too: the rate-limit events of the address (wrong codes too) and number, and the development mailbox's messages", async () => {
    const email = 'Kept.By.Value@Example.org';
    const phone = '+4917644400033';
    const { session } = await seededPerson(email, phone);
    const buckets = [
      ...(await addressBuckets(env.INDEX_KEY, 'demo', email)),
      `phone:demo:${await phoneIndex(env.INDEX_KEY, 'demo', phone)}`,
    ];
    const events = async () =>
      (
        await sql<{ n: number }>(
          'SELECT COUNT(*) AS n FROM rate_events WHERE bucket IN (SELECT value FROM json_each(?))',
          JSON.stringify(buckets),
        )
      )[0]?.n;
    const mailbox = async () =>
      (
        await sql<{ n: number }>(
          'SELECT COUNT(*) AS n FROM dev_mailbox WHERE lower(to_address) IN (lower(?), ?)',
          email,
          phone,
        )
      )[0]?.n;
    // A wrong code typed for the address is counted by the address too.
    const wrongCode = await postJson('/v1/preference-sessions', {
      site: 'demo',
      email,
      code: '00000000',
    });
    expect(wrongCode.status).toBe(401);
    // Two requests, a preference link and a wrong code for the address, one request for the number.
    expect(await events()).toBe(5);
    expect(await mailbox()).toBeGreaterThan(0);
    expect((await asPerson(session, '/v1/me/erasure', 'POST')).status).toBe(200);
    expect(await events()).toBe(0);
    expect(await mailbox()).toBe(0);
  });

  it('R4: a restore of an earlier database state brings the person back only until the next cron pass (shred log)', async () => {
    const email = 'restored@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const subjectId = await subjectIdOf(email);
    // What D1 Time Travel would bring back: the rows as they were, data key included.
    const tables = ['subjects', 'consents', 'consent_requests', 'outbox'];
    const snapshot: Record<string, Record<string, unknown>[]> = {};
    for (const table of tables) {
      const column = table === 'subjects' ? 'id' : 'subject_id';
      snapshot[table] = await sql(`SELECT * FROM ${table} WHERE ${column} = ?`, subjectId);
    }
    const { session } = await openSession(email);
    expect((await asPerson(session, '/v1/me/erasure', 'POST')).status).toBe(200);
    expect(await subjectIdOf(email)).toBeNull();

    for (const table of tables) {
      for (const row of snapshot[table] ?? []) {
        const columns = Object.keys(row);
        await sql(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          ...columns.map((column) => row[column]),
        );
      }
    }
    // Restored: the person is readable again, so the erasure must be done again.
    expect(await subjectIdOf(email)).toBe(subjectId);
    await runCron(new Date());
    expect(await subjectIdOf(email)).toBeNull();
    for (const table of tables) {
      const column = table === 'subjects' ? 'id' : 'subject_id';
      expect(await sql(`SELECT 1 FROM ${table} WHERE ${column} = ?`, subjectId)).toEqual([]);
    }
    const suppression = await admin(`/v1/admin/suppressions?email=${email}`);
    expect(await suppression.json()).toMatchObject({ suppressed: true });
  });

  it('R5: a new double opt-in lifts the suppression', async () => {
    const email = 'comes-back@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const { session } = await openSession(email);
    await asPerson(session, '/v1/me/erasure', 'POST');
    const suppressed = async () =>
      (
        (await (await admin(`/v1/admin/suppressions?email=${email}`)).json()) as {
          suppressed: boolean;
        }
      ).suppressed;
    expect(await suppressed()).toBe(true);
    await postJson('/v1/consent-requests', await validRequestBody(email));
    expect(await suppressed()).toBe(true);
    await pressConfirm(await confirmLinkFor(email));
    expect(await suppressed()).toBe(false);
  });

  it('R4: withdrawing every purpose leads to the same deletion', async () => {
    const email = 'withdraws-all@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const { session } = await openSession(email);
    const response = await call('/v1/me/withdrawals', {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purposes: ['newsletter'] }),
    });
    expect(await response.json()).toEqual({
      withdrawn: ['newsletter'],
      unchanged: [],
      erased: true,
    });
    expect(await subjectIdOf(email)).toBeNull();
    const suppression = await admin(`/v1/admin/suppressions?email=${email}`);
    expect(await suppression.json()).toMatchObject({ suppressed: true, reason: 'withdrawn' });
  });
});
