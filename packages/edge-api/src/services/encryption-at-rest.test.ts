import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addSmsPurpose,
  admin,
  capturingMailProvider,
  cellsContaining,
  devMailboxLink,
  postJson,
  pressConfirm,
  runCron,
  sql,
  subjectIdOf,
  validRequestBody,
  withSms,
} from '../../test/worker.js';
import { masterKeys, open, seal } from '../crypto/data-keys.js';
import type { WebhookEndpointRow } from '../store/webhook-endpoints.js';
import { olderMasterKeyUse, rewrapDataKeys } from './key-maintenance.js';
import { dataKeyOf, sealedAs } from './subject-keys.js';
import { webhookSecretOf, webhookSecretsOf } from './webhooks.js';

afterEach(() => vi.restoreAllMocks());

/** Every form an address or number could be stored in: as given, cased, spaced. */
function variants(value: string) {
  return [
    value,
    value.toLowerCase(),
    value.toUpperCase(),
    value.replace(/^\+/, ''),
    value.replace(/(\d{3})/g, '$1 '),
  ];
}

async function plaintextCells(value: string) {
  const cells = [];
  for (const variant of new Set(variants(value))) cells.push(...(await cellsContaining(variant)));
  return [...new Set(cells)].filter((cell) => !cell.startsWith('dev_mailbox.'));
}

describe('S2: contact data is stored encrypted per subject', () => {
  it('S2: after a request and its confirmation no table holds the address or the number in clear', async () => {
    const version = await addSmsPurpose('sms-sealed');
    const email = 'Sealed.Person@Example.org';
    const phone = '+4917655500011';
    const body = await validRequestBody(email);
    await postJson(
      '/v1/consent-requests',
      {
        ...body,
        phone,
        purposes: [...body.purposes, { id: 'sms-sealed', wordingVersion: version }],
      },
      {},
      withSms,
    );
    await pressConfirm((await devMailboxLink(email)) ?? '');
    await pressConfirm((await devMailboxLink(phone)) ?? '');
    await runCron(new Date(), withSms);
    expect(await plaintextCells(email)).toEqual([]);
    expect(await plaintextCells(phone)).toEqual([]);
    // What is held is ciphertext that opens only with the subject's own key, for its own column.
    const subjectId = (await subjectIdOf(email)) ?? '';
    const [row] = await sql<{ email_sealed: string; phone_sealed: string }>(
      'SELECT email_sealed, phone_sealed FROM subjects WHERE id = ?',
      subjectId,
    );
    expect(row?.email_sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const key = await dataKeyOf(env, subjectId);
    expect(
      await open(key?.key as CryptoKey, row?.email_sealed ?? '', sealedAs.email(subjectId)),
    ).toBe(email);
    expect(
      await open(key?.key as CryptoKey, row?.phone_sealed ?? '', sealedAs.phone(subjectId)),
    ).toBe(phone);
    await expect(
      open(key?.key as CryptoKey, row?.email_sealed ?? '', sealedAs.phone(subjectId)),
    ).rejects.toThrow();
  });

  it('S2: a message is sent to the address it was sealed for, and the outbox holds it only sealed', async () => {
    const mail = capturingMailProvider();
    const email = 'outbox-sealed@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email), {}, mail.overrides);
    // The same person later, the address written otherwise: it is sent to as written.
    const asWritten = 'Outbox-Sealed@Example.org';
    await postJson(
      '/v1/consent-requests',
      await validRequestBody(asWritten, ['prize-draw']),
      {},
      mail.overrides,
    );
    expect(mail.delivered.map((message) => message.to)).toEqual([email, asWritten]);
    const rows = await sql<{ to_address: string; to_sealed: string | null }>(
      `SELECT to_address, to_sealed FROM outbox
        WHERE subject_id = ?1 OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1) ORDER BY created_at, rowid`,
      await subjectIdOf(email),
    );
    expect(rows.map((row) => row.to_address)).toEqual(['', '']);
    // The first went to the address the new subject row seals (issue 23: not sealed twice).
    expect(rows[0]?.to_sealed).toBeNull();
    expect(rows[1]?.to_sealed).toMatch(/^v1\./);
  });

  it('S2: rotating the master key re-wraps every data key, after which the old key is not needed', async () => {
    const email = 'rotation@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const old = (await masterKeys(env)).activeKid;
    const rotated = { MASTER_KEY: env.NEXT_MASTER_KEY, MASTER_KEY_PREVIOUS_1: env.MASTER_KEY };
    await runCron(new Date(), rotated);
    const left = await sql('SELECT id FROM subjects WHERE master_kid = ?', old);
    expect(left).toEqual([]);
    // Only the new key now: the person is still reached (a new request to a known subject).
    const mail = capturingMailProvider();
    const onlyNew = { ...mail.overrides, MASTER_KEY: env.NEXT_MASTER_KEY };
    await postJson(
      '/v1/consent-requests',
      await validRequestBody(email, ['prize-draw']),
      {},
      onlyNew,
    );
    expect(mail.delivered.map((message) => message.to)).toEqual([email]);
    // Back to the first key for the other tests of this file.
    await runCron(new Date(), {
      MASTER_KEY: env.MASTER_KEY,
      MASTER_KEY_PREVIOUS_1: env.NEXT_MASTER_KEY,
    });
  });

  it("S2: rotation re-seals webhook secrets too (a secret rotation's previous one as well), and reports the old key removable only when neither table names it", async () => {
    const created = await admin('/v1/admin/webhooks', 'POST', {
      url: 'https://hooks.shop.example/rotation',
      events: ['consent.confirmed'],
    });
    const { id, secret: previous } = (await created.json()) as { id: string; secret: string };
    const { secret } = (await (await admin(`/v1/admin/webhooks/${id}/secret`, 'POST')).json()) as {
      secret: string;
    };
    const first = await masterKeys(env);
    const rotated = {
      ...env,
      MASTER_KEY: env.NEXT_MASTER_KEY,
      MASTER_KEY_PREVIOUS_1: env.MASTER_KEY,
    };
    const onlyNew = { ...env, MASTER_KEY: env.NEXT_MASTER_KEY };
    const said = vi.spyOn(console, 'info').mockImplementation(() => {});
    // One page of each table: the data keys and the secret are all under the new key after it.
    expect(await rewrapDataKeys(rotated)).toMatchObject({
      resealed: 1,
      left: { subjects: 0, webhookEndpoints: 0 },
    });
    const [row] = await sql<WebhookEndpointRow>('SELECT * FROM webhook_endpoints WHERE id = ?', id);
    expect(row?.master_kid).toBe((await masterKeys(onlyNew)).activeKid);
    expect(await webhookSecretOf(onlyNew, row as WebhookEndpointRow)).toBe(secret);
    expect(await webhookSecretsOf(onlyNew, row as WebhookEndpointRow, new Date())).toEqual([
      secret,
      previous,
    ]);
    expect(said).toHaveBeenCalledWith(
      expect.stringContaining('MASTER_KEY_PREVIOUS_* may be removed'),
    );
    // A secret still sealed by the old key keeps it needed, though every data key is re-wrapped.
    const oldKey = first.byKid.get(first.activeKid) as CryptoKey;
    await sql(
      `INSERT INTO webhook_endpoints (id, site_id, url, events, secret_sealed, master_kid, created_at)
       VALUES ('wh_old', 'demo', 'https://hooks.shop.example/old', '["consent.confirmed"]', ?, ?, ?)`,
      await seal(oldKey, 'whsec_old', 'webhook-secret:wh_old'),
      first.activeKid,
      new Date().toISOString(),
    );
    expect(await olderMasterKeyUse(rotated)).toEqual({ subjects: 0, webhookEndpoints: 1 });
    said.mockClear();
    expect(await rewrapDataKeys(rotated, 0)).toMatchObject({ left: { webhookEndpoints: 1 } });
    expect(said).not.toHaveBeenCalled();
    await rewrapDataKeys(rotated);
    expect(await olderMasterKeyUse(rotated)).toEqual({ subjects: 0, webhookEndpoints: 0 });
    // Back to the first key for the other tests of this file.
    await runCron(new Date(), {
      MASTER_KEY: env.MASTER_KEY,
      MASTER_KEY_PREVIOUS_1: env.NEXT_MASTER_KEY,
    });
    await sql("DELETE FROM webhook_endpoints WHERE id IN (?, 'wh_old')", id);
  });

  it('S2: rows from before encryption at rest are sealed by the cron and lose their plaintext', async () => {
    await sql(
      `INSERT INTO subjects (id, site_id, email_index, email, phone, created_at)
       VALUES ('legacy-subject', 'demo', 'legacy-index', 'legacy@example.org', '+4917600000077', '2026-01-01T00:00:00Z')`,
    );
    await sql(
      `INSERT INTO outbox (id, channel, site_id, subject_id, to_address, subject, text_body, html_body, status, next_attempt_at, created_at)
       VALUES ('legacy-message', 'email', 'demo', 'legacy-subject', 'legacy@example.org', 'S', 't', 'h', 'sent', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    );
    await runCron(new Date());
    expect(await cellsContaining('legacy@example.org')).toEqual([]);
    expect(await cellsContaining('+4917600000077')).toEqual([]);
    const key = await dataKeyOf(env, 'legacy-subject');
    const [row] = await sql<{ email_sealed: string }>(
      "SELECT email_sealed FROM subjects WHERE id = 'legacy-subject'",
    );
    expect(
      await open(key?.key as CryptoKey, row?.email_sealed ?? '', sealedAs.email('legacy-subject')),
    ).toBe('legacy@example.org');
  });
});
