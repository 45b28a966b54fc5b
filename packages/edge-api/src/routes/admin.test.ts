import { sha256Hex } from '@signet/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addSite,
  admin,
  call,
  confirmLinkFor,
  demoApiKey,
  indexOf,
  postJson,
  pressConfirm,
  sql,
  validRequestBody,
} from '../../test/worker.js';

const otherKey = 'sk_other_site_key_for_tests_only';
const otherEmail = 'only-at-other@example.org';
const wording = (label: string) => ({
  locale: 'en',
  label,
  processed: 'Your email address',
  purpose: 'News',
  retention: 'Until you withdraw',
  withdrawal: 'Any time',
});

beforeAll(async () => {
  await addSite('other', otherKey);
  await admin('/v1/admin/purposes/newsletter', 'PUT', { channel: 'email' }, otherKey);
  await admin(
    '/v1/admin/purposes/other-only',
    'PUT',
    { channel: 'email', lifetimeDays: 30 },
    otherKey,
  );
  for (const id of ['newsletter', 'other-only']) {
    await admin(`/v1/admin/purposes/${id}/wordings`, 'POST', wording(`Other ${id}`), otherKey);
  }
  const form = (await (await call('/v1/sites/other/form?locale=en')).json()) as {
    purposes: { id: string; wordingVersion: string }[];
  };
  await postJson(
    '/v1/consent-requests',
    {
      site: 'other',
      email: otherEmail,
      purposes: form.purposes.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
      locale: 'en',
      pageUrl: 'https://other.example/',
    },
    { origin: 'https://other.example' },
  );
  await pressConfirm(await confirmLinkFor(otherEmail));
});

describe('S5: a site key reaches only its own site', () => {
  it("S5: GET /v1/admin/site shows the key's own site", async () => {
    expect(await (await admin('/v1/admin/site')).json()).toMatchObject({ id: 'demo' });
    expect(await (await admin('/v1/admin/site', 'GET', undefined, otherKey)).json()).toMatchObject({
      id: 'other',
    });
  });

  it("S5: PATCH /v1/admin/site changes only the key's own site", async () => {
    await admin('/v1/admin/site', 'PATCH', { name: 'Signet Demo Shop (renamed)' });
    const [other] = await sql<{ name: string }>("SELECT name FROM sites WHERE id = 'other'");
    expect(other?.name).toBe('other Shop');
    await admin('/v1/admin/site', 'PATCH', { name: 'Signet Demo Shop' });
  });

  it("S5: GET /v1/admin/purposes lists only the key's own purposes", async () => {
    const { purposes } = (await (await admin('/v1/admin/purposes')).json()) as {
      purposes: { id: string }[];
    };
    expect(purposes.map((p) => p.id)).not.toContain('other-only');
  });

  it("S5: PUT /v1/admin/purposes/{id} with another site's purpose id creates one of its own", async () => {
    await admin('/v1/admin/purposes/other-only', 'PUT', { channel: 'email', lifetimeDays: 5 });
    const rows = await sql<{ site_id: string; lifetime_days: number }>(
      "SELECT site_id, lifetime_days FROM purposes WHERE id = 'other-only' ORDER BY site_id",
    );
    expect(rows).toEqual([
      { site_id: 'demo', lifetime_days: 5 },
      { site_id: 'other', lifetime_days: 30 },
    ]);
    await sql("DELETE FROM purposes WHERE site_id = 'demo' AND id = 'other-only'");
  });

  it("S5: POST /v1/admin/purposes/{id}/wordings cannot publish for another site's purpose", async () => {
    const response = await admin(
      '/v1/admin/purposes/other-only/wordings',
      'POST',
      wording('Hijack'),
    );
    expect(response.status).toBe(404);
    const texts = await sql<{ canonical_text: string }>(
      "SELECT canonical_text FROM wordings WHERE purpose_id = 'other-only'",
    );
    expect(texts.every((row) => !row.canonical_text.includes('Hijack'))).toBe(true);
  });

  it('S5: GET /v1/admin/subjects/consents finds nobody of another site', async () => {
    const path = `/v1/admin/subjects/consents?email=${encodeURIComponent(otherEmail)}`;
    expect(await (await admin(path)).json()).toEqual({
      subject: null,
      pendingRequests: 0,
      consents: [],
    });
    const own = (await (await admin(path, 'GET', undefined, otherKey)).json()) as {
      consents: unknown[];
    };
    expect(own.consents).toHaveLength(2);
  });

  it("S5: GET /v1/consents/check never answers from another site's consents", async () => {
    const path = `/v1/consents/check?email=${encodeURIComponent(otherEmail)}&purpose=newsletter`;
    expect(await (await admin(path)).json()).toEqual({ allowed: false, since: null, record: null });
    expect(await (await admin(path, 'GET', undefined, otherKey)).json()).toMatchObject({
      allowed: true,
    });
  });

  it('S5: every admin route refuses a missing, malformed, unknown or revoked key with 401', async () => {
    await sql(
      "UPDATE site_api_keys SET revoked_at = '2026-01-01T00:00:00Z' WHERE id = 'key-other'",
    );
    const routes: [string, string][] = [
      ['GET', '/v1/admin/site'],
      ['PATCH', '/v1/admin/site'],
      ['GET', '/v1/admin/purposes'],
      ['PUT', '/v1/admin/purposes/newsletter'],
      ['POST', '/v1/admin/purposes/newsletter/wordings'],
      ['GET', '/v1/admin/subjects/consents?email=a%40b.example'],
      ['GET', '/v1/consents/check?email=a%40b.example&purpose=newsletter'],
      ['GET', '/v1/admin/acknowledgements'],
      ['POST', '/v1/admin/acknowledgements'],
    ];
    for (const [method, path] of routes) {
      for (const authorization of [null, 'Basic abc', 'Bearer nope', `Bearer ${otherKey}`]) {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        const response = await call(path, { method, headers });
        expect(response.status, `${method} ${path} ${authorization}`).toBe(401);
      }
    }
    await sql("UPDATE site_api_keys SET revoked_at = NULL WHERE id = 'key-other'");
  });

  it('S5: API keys are stored only as SHA-256 hashes', async () => {
    const keys = await sql<{ key_hash: string }>('SELECT key_hash FROM site_api_keys');
    for (const { key_hash } of keys) {
      expect(key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect([demoApiKey, otherKey]).not.toContain(key_hash);
    }
    expect(keys.map((k) => k.key_hash)).toContain(await sha256Hex(demoApiKey));
  });
});

describe('C4: versioned, immutable wording', () => {
  it('C4: publishing a new text retires the old version; requests naming it get 409 outdated_wording', async () => {
    const before = await validRequestBody('versions@example.org', ['newsletter']);
    const oldVersion = before.purposes[0]?.wordingVersion;
    const published = await admin('/v1/admin/purposes/newsletter/wordings', 'POST', {
      ...wording('Yes, send me the new-look newsletter by email.'),
    });
    expect(published.status).toBe(201);
    const { version } = (await published.json()) as { version: string };
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    expect(version).not.toBe(oldVersion);

    const stale = await postJson('/v1/consent-requests', before);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      error: { code: 'outdated_wording', field: 'purposes.0.wordingVersion' },
    });
    const fresh = await validRequestBody('versions@example.org', ['newsletter']);
    expect(fresh.purposes[0]?.wordingVersion).toBe(version);
    expect((await postJson('/v1/consent-requests', fresh)).status).toBe(202);

    // The old text is still stored, unchanged, under its hash.
    const rows = await sql<{ version: string; retired_at: string | null }>(
      "SELECT version, retired_at FROM wordings WHERE site_id = 'demo' AND purpose_id = 'newsletter' AND locale = 'en'",
    );
    expect(rows.find((row) => row.version === oldVersion)?.retired_at).not.toBeNull();
    expect(rows.find((row) => row.version === version)?.retired_at).toBeNull();
  });

  it('C4: publishing the current text again changes nothing and answers 200 with the same version', async () => {
    const current = (await (await admin('/v1/admin/purposes')).json()) as {
      purposes: { id: string; wordings: { locale: string; version: string }[] }[];
    };
    const newsletter = current.purposes.find((p) => p.id === 'newsletter');
    const en = newsletter?.wordings.find((w) => w.locale === 'en');
    const again = await admin(
      '/v1/admin/purposes/newsletter/wordings',
      'POST',
      wording('Yes, send me the new-look newsletter by email.'),
    );
    expect(again.status).toBe(200);
    expect(((await again.json()) as { version: string }).version).toBe(en?.version);
  });

  it('C3: a purpose keeps its channel: changing it is refused with 409', async () => {
    const response = await admin('/v1/admin/purposes/newsletter', 'PUT', { channel: 'sms' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'conflict', field: 'channel' } });
  });

  it('refuses malformed admin input with a 422 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['PATCH', '/v1/admin/site', { allowedOrigins: ['not an origin'] }, 'allowedOrigins.0'],
      ['PATCH', '/v1/admin/site', { defaultLocale: 'es' }, 'defaultLocale'],
      ['PATCH', '/v1/admin/site', { locales: ['en'], defaultLocale: 'de' }, 'defaultLocale'],
      ['PUT', '/v1/admin/purposes/x', { channel: 'fax' }, 'channel'],
      ['PUT', '/v1/admin/purposes/x', { channel: 'email', lifetimeDays: 0 }, 'lifetimeDays'],
      [
        'PUT',
        '/v1/admin/purposes/x',
        { channel: 'email', endsAt: '2027-06-30T23:59:59+01' },
        'endsAt',
      ],
      [
        'PUT',
        '/v1/admin/purposes/x',
        { channel: 'email', endsAt: '2027-02-31T00:00:00Z' },
        'endsAt',
      ],
      ['PUT', '/v1/admin/purposes/Bad_Id', { channel: 'email' }, 'purpose'],
      ['POST', '/v1/admin/purposes/newsletter/wordings', { locale: 'en' }, 'label'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await admin(path, method, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(422);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
  });
});

describe('C2: purpose-separated', () => {
  it('C2: confirming two purposes gives each its own consent and record; one never implies another', async () => {
    const email = 'separate@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']));
    await pressConfirm(await confirmLinkFor(email));
    const check = async (purpose: string) =>
      (
        (await (
          await admin(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=${purpose}`)
        ).json()) as { allowed: boolean }
      ).allowed;
    expect(await check('prize-draw')).toBe(true);
    expect(await check('newsletter')).toBe(false);
    const records = await sql<{ purpose_id: string; event: string }>(
      `SELECT r.purpose_id, r.event FROM records r JOIN subjects s ON s.id = r.subject_id
        WHERE s.email_index = unhex(?) ORDER BY r.seq`,
      await indexOf(email),
    );
    expect(records).toEqual([
      { purpose_id: 'prize-draw', event: 'requested' },
      { purpose_id: 'prize-draw', event: 'confirmed' },
    ]);
  });
});
