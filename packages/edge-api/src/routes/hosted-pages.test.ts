import { describe, expect, it } from 'vitest';
import {
  call,
  confirmLinkFor,
  postJson,
  pressConfirm,
  sql,
  validRequestBody,
} from '../../test/worker.js';

describe('R6: the hosted preferences page', () => {
  it('R6: /p/{site} serves <signet-preferences> from this origin under a strict CSP with Trusted Types', async () => {
    const response = await call('/p/demo', { headers: { 'accept-language': 'fr' } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await response.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('<script type="module" src="/signet.js"></script>');
    expect(page).toContain('<signet-preferences site="demo" lang="fr"></signet-preferences>');
    expect((await call('/p/no-such-site')).status).toBe(404);
    expect((await call('/p/Not_A_Site')).status).toBe(404);
  });

  it('R6: the confirmation email and the confirm page link to it', async () => {
    const email = 'links-to-page@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const [mail] = await sql<{ text_body: string; html_body: string }>(
      'SELECT text_body, html_body FROM dev_mailbox WHERE to_address = ?',
      email,
    );
    expect(mail?.text_body).toContain(
      'See, withdraw or delete your consents: https://api.signet.test/p/demo?lang=en',
    );
    expect(mail?.html_body).toContain('href="https://api.signet.test/p/demo?lang=en"');
    const page = await (await call(await confirmLinkFor(email))).text();
    expect(page).toContain('<a href="/p/demo?lang=en">Manage your consents</a>');
  });

  it('R6: ?lang= outranks Accept-Language, the page has one <h1> naming the site, and a switch to each language', async () => {
    const response = await call('/p/demo?lang=de', { headers: { 'accept-language': 'fr' } });
    const page = await response.text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('<h1>Ihre Einwilligungen bei Signet Demo Shop</h1>');
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).toContain('<signet-preferences site="demo" lang="de">');
    expect(page).toContain('<a aria-current="page" lang="de" href="?lang=de">Deutsch</a>');
    expect(page).toContain('hreflang="fr" href="?lang=fr">Français</a>');
    const unknownLanguage = await (
      await call('/p/demo?lang=xx', { headers: { 'accept-language': 'fr' } })
    ).text();
    expect(unknownLanguage).toContain('<html lang="fr">');
  });

  it('R6: the page of a used confirmation link leads to the preferences page in its language', async () => {
    const email = 'used-link-manage@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const link = await confirmLinkFor(email);
    expect((await pressConfirm(link)).status).toBe(200);
    const used = await call(link);
    expect(used.status).toBe(409);
    expect(await used.text()).toContain('<a href="/p/demo?lang=en">Manage your consents</a>');
  });
});
