import { FormConfigSchema, locales, wordingVersion } from '@signet/sdk';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { addSite, admin, call, testOrigin } from '../../test/worker.js';

describe('GET /v1/sites/{site}/form', () => {
  it('C4: returns each purpose with what, why, how long, how to withdraw, the controller and the privacy link', async () => {
    const response = await call('/v1/sites/demo/form?locale=en');
    expect(response.status).toBe(200);
    const form = await response.json<Record<string, unknown>>();
    expect(form).toMatchObject({
      site: 'demo',
      locale: 'en',
      controller: { name: expect.stringContaining('Demo Shop GmbH') },
      privacyPolicyUrl: 'https://demo-shop.example/datenschutz',
    });
    const purposes = form.purposes as {
      id: string;
      channel: string;
      wording: { locale: string };
    }[];
    expect(purposes.map((p) => p.id)).toEqual(['newsletter', 'prize-draw']);
    expect(purposes.every((p) => p.wording.locale === 'en')).toBe(true);
  });

  it("answers in the shape of the SDK's FormConfigSchema in every locale (the widget relies on it)", async () => {
    for (const locale of locales) {
      const form = await (await call(`/v1/sites/demo/form?locale=${locale}`)).json();
      const issues = v.safeParse(FormConfigSchema, form).issues?.map((issue) => issue.message);
      expect(issues, locale).toBeUndefined();
      expect(form).toMatchObject({ locale, purposes: [{}, {}] });
    }
  });

  it('identifies each wording by the SHA-256 of its canonical text, as the SDK computes it', async () => {
    const form = await (await call('/v1/sites/demo/form?locale=de')).json<{
      purposes: { wordingVersion: string; wording: Parameters<typeof wordingVersion>[0] }[];
    }>();
    for (const purpose of form.purposes) {
      expect(purpose.wordingVersion).toBe(await wordingVersion(purpose.wording));
    }
  });

  it("falls back to the site's default locale when no locale is asked for", async () => {
    const form = await (await call('/v1/sites/demo/form')).json<{ locale: string }>();
    expect(form.locale).toBe('de');
  });

  it("answers a locale the site lacks in the site's default, with the default's purposes", async () => {
    await addSite('english-only', 'sk_english_only_site_key_0001');
    await admin(
      '/v1/admin/purposes/news',
      'PUT',
      { channel: 'email' },
      'sk_english_only_site_key_0001',
    );
    await admin(
      '/v1/admin/purposes/news/wordings',
      'POST',
      {
        locale: 'en',
        label: 'Send me the news by email',
        processed: 'Your email address',
        purpose: 'News by email',
        retention: 'Until you withdraw',
        withdrawal: 'Use the link in every email',
      },
      'sk_english_only_site_key_0001',
    );
    const form = await (await call('/v1/sites/english-only/form?locale=de')).json<{
      locale: string;
      purposes: { id: string; wording: { label: string } }[];
    }>();
    expect(form.locale).toBe('en');
    expect(form.purposes).toMatchObject([
      { id: 'news', wording: { label: 'Send me the news by email' } },
    ]);
  });

  it('S5: refuses a page on an origin the site does not list, readably for that page, naming what its owner must do', async () => {
    const bakery = 'http://localhost:8800';
    const refused = await call('/v1/sites/demo/form?locale=en', { headers: { origin: bakery } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe(bakery);
    const { error } = await refused.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('origin_not_allowed');
    expect(error.message).toContain(`origin ${bakery} is not allowed for site demo`);
    expect(error.message).toContain("console's settings");
    const allowed = await call('/v1/sites/demo/form?locale=en', {
      headers: { origin: testOrigin },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(testOrigin);
  });

  it('answers an unknown site with 404 unknown_site', async () => {
    const response = await call('/v1/sites/nope/form?locale=de');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: 'unknown_site',
        message: 'No site "nope"',
        field: 'site',
        requestId: expect.any(String),
      },
    });
  });

  it('answers an unsupported locale or a malformed site id with a 422 naming the field', async () => {
    const badLocale = await call('/v1/sites/demo/form?locale=es');
    expect(badLocale.status).toBe(422);
    expect((await badLocale.json<{ error: { field: string } }>()).error.field).toBe('locale');
    const badSite = await call('/v1/sites/DROP%20TABLE/form');
    expect(badSite.status).toBe(422);
    expect((await badSite.json<{ error: { field: string } }>()).error.field).toBe('site');
  });
});
