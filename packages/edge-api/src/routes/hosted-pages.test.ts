import { describe, expect, it } from 'vitest';
import { call, confirmLinkFor, postJson, sql, validRequestBody } from '../../test/worker.js';

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
      'See, withdraw or delete your consents: https://api.signet.test/p/demo',
    );
    expect(mail?.html_body).toContain('href="https://api.signet.test/p/demo"');
    const page = await (await call(await confirmLinkFor(email))).text();
    expect(page).toContain('<a href="/p/demo">Manage your consents</a>');
  });
});
