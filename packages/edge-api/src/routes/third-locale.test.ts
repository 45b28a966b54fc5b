import { describe, expect, it } from 'vitest';
import { admin, call, confirmLinkFor, postJson, sql, testOrigin } from '../../test/worker.js';

const frenchNewsletter = {
  locale: 'fr',
  label: 'Recevoir la lettre d’information par e-mail',
  processed: 'Votre adresse e-mail',
  purpose: 'Des nouvelles une fois par mois',
  retention: 'Jusqu’au retrait de votre consentement',
  withdrawal: 'À tout moment par le lien dans chaque e-mail',
};

describe('a site in French', () => {
  it('offers a purpose in French only with a French wording', async () => {
    await admin('/v1/admin/purposes/poll', 'PUT', { channel: 'email' });
    await admin('/v1/admin/purposes/poll/wordings', 'POST', { ...frenchNewsletter, locale: 'de' });
    const ids = async (locale: string) =>
      (
        await (
          await call(`/v1/sites/demo/form?locale=${locale}`)
        ).json<{
          purposes: { id: string }[];
        }>()
      ).purposes.map((p) => p.id);
    expect(await ids('de')).toContain('poll');
    expect(await ids('fr')).not.toContain('poll');
  });

  it('publishes a new French wording, shows it, mails in French and confirms on a French page', async () => {
    const patched = await admin('/v1/admin/site', 'PATCH', { locales: ['de', 'en', 'fr'] });
    expect(patched.status).toBe(200);
    const published = await admin(
      '/v1/admin/purposes/newsletter/wordings',
      'POST',
      frenchNewsletter,
    );
    expect(published.status).toBe(201);

    const form = await (await call('/v1/sites/demo/form?locale=fr')).json<{
      locale: string;
      purposes: { id: string; wordingVersion: string; wording: { label: string } }[];
    }>();
    expect(form.locale).toBe('fr');
    const newsletter = form.purposes.filter((p) => p.id === 'newsletter');
    expect(newsletter.map((p) => p.wording.label)).toEqual([frenchNewsletter.label]);

    const email = 'marie@example.org';
    const request = await postJson(
      '/v1/consent-requests',
      {
        site: 'demo',
        email,
        purposes: newsletter.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
        locale: 'fr',
        pageUrl: 'https://shop.example/fr/',
      },
      { origin: testOrigin },
    );
    expect(request.status).toBe(202);
    const [mail] = await sql<{ subject: string }>(
      'SELECT subject FROM dev_mailbox WHERE to_address = ?',
      email,
    );
    expect(mail?.subject).toBe('Veuillez confirmer votre consentement auprès de Signet Demo Shop');
    const page = await (await call(await confirmLinkFor(email))).text();
    expect(page).toContain('<html lang="fr"');
    expect(page).toContain('Confirmer maintenant');
  });

  it('answers in French when French is the default and the asked language is missing', async () => {
    const patched = await admin('/v1/admin/site', 'PATCH', {
      locales: ['fr'],
      defaultLocale: 'fr',
    });
    expect(await patched.json()).toMatchObject({ defaultLocale: 'fr', locales: ['fr'] });
    const form = await (await call('/v1/sites/demo/form?locale=de')).json<{ locale: string }>();
    expect(form.locale).toBe('fr');
  });

  it('speaks French on unknown links to a French browser, skipping languages refused with q=0', async () => {
    const page = (acceptLanguage: string) =>
      call('/confirm/not-a-token', { headers: { 'accept-language': acceptLanguage } });
    const french = await page('frr, fr-CH;q=0.9, de;q=0.7');
    expect(french.status).toBe(404);
    expect(await french.text()).toContain('Lien non valable');
    expect(await (await page('en;q=0, fr')).text()).toContain('Lien non valable');
    expect(await (await page('es')).text()).toContain('Link ungültig');
  });
});
