// A2: the Art. 30 entry made from the site's configuration, in German and English.
import { describe, expect, it } from 'vitest';
import { admin, call, demoApiKey } from '../../test/worker.js';

const get = (query: string) =>
  call(`/v1/admin/processing-record?${query}`, {
    headers: { authorization: `Bearer ${demoApiKey}` },
  });

describe('GET /v1/admin/processing-record', () => {
  it('names the controller, every purpose with its legal basis, data, recipients and retention', async () => {
    await admin('/v1/admin/site', 'PATCH', { unconfirmedRetentionDays: 9 });
    const record = (await (await get('locale=en')).json()) as {
      controller: { name: string };
      purposes: { id: string; channel: string; dataCategories: string[]; label: string | null }[];
      recipients: { name: string; role: string }[];
      unconfirmedRetentionDays: number;
    };
    expect(record.controller.name).toBeTruthy();
    const newsletter = record.purposes.find((p) => p.id === 'newsletter');
    expect(newsletter).toMatchObject({ channel: 'email', dataCategories: ['email'] });
    expect(newsletter?.label).toMatch(/newsletter/i);
    expect(record.recipients.map((r) => r.name)).toContain('Cloudflare, Inc.');
    expect(record.unconfirmedRetentionDays).toBe(9);

    const markdown = await (await get('locale=en&format=md')).text();
    expect(markdown).toMatch(/^# Record of processing activities \(Art\. 30\(1\) GDPR\)/);
    for (const heading of [
      'Controller',
      'Purposes and legal bases',
      'Recipients',
      'Time limits for erasure',
      'Technical and organisational measures',
    ]) {
      expect(markdown).toContain(`## ${heading}`);
    }
    expect(markdown).toContain('Art. 6(1)(a) GDPR; § 7(2) no. 2 UWG');
    expect(markdown).toContain('deleted after 9 days');
  });

  it('lists the configured mail and SMS providers as processors', async () => {
    const response = await call(
      '/v1/admin/processing-record',
      { headers: { authorization: `Bearer ${demoApiKey}` } },
      {
        MAIL_TRANSPORT: 'http',
        MAIL_API_URL: 'https://api.mail-provider.example/v3/send',
        MAIL_API_KEY: 'k',
        MAIL_FROM: 'Shop <noreply@shop.example>',
        SMS_TRANSPORT: 'http',
        SMS_API_URL: 'https://sms.example/send',
        SMS_API_KEY: 'k',
      },
    );
    const record = (await response.json()) as { recipients: { name: string }[] };
    expect(record.recipients.map((r) => r.name)).toEqual([
      'Cloudflare, Inc.',
      'api.mail-provider.example',
      'sms.example',
    ]);
  });

  it('speaks German as Markdown and as a page under the strict CSP', async () => {
    const markdown = await (await get('locale=de&format=md')).text();
    expect(markdown).toMatch(
      /^# Verzeichnis von Verarbeitungstätigkeiten \(Art\. 30 Abs\. 1 DSGVO\)/,
    );
    expect(markdown).toContain('Art. 6 Abs. 1 lit. a DSGVO');
    const page = await get('locale=de&format=html');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<h2>Empfänger (lit. d)</h2>');
  });

  it('R4: states the one rule for the last purpose, every path alike, and that the signed proofs stay, in both languages', async () => {
    const de = await (await get('locale=de&format=md')).text();
    expect(de).toContain(
      'Endet der letzte Zweck einer Person, gleich auf welchem Weg (Widerruf auf der Einstellungsseite, Abmeldung mit einem Klick über den Link in einer Nachricht oder Ablauf der Dauer)',
    );
    expect(de).toContain('werden ihre lesbaren Daten gelöscht wie bei einer Löschung auf Antrag');
    expect(de).toContain('Die signierten Nachweise bleiben.');
    expect(de).toContain('5 Jahre ab Erteilung und nach jeder Nutzung (§ 7a UWG)');
    const en = await (await get('locale=en&format=md')).text();
    expect(en).toContain(
      'When a person’s last purpose ends, by whatever path (withdrawn on the preferences page, unsubscribed in one click by the link in a message, or lapsed)',
    );
    expect(en).toContain('their readable data is erased as on request');
    expect(en).toContain('also after the person is erased');
  });

  it('A2: every sentence is in the entry’s language, with no doubled punctuation, also with mail and SMS providers', async () => {
    const providers = {
      MAIL_TRANSPORT: 'http',
      MAIL_API_URL: 'https://api.mail-provider.example/v3/send',
      MAIL_API_KEY: 'k',
      MAIL_FROM: 'Shop <noreply@shop.example>',
      SMS_TRANSPORT: 'http',
      SMS_API_URL: 'https://sms.example/send',
      SMS_API_KEY: 'k',
    };
    const entry = async (locale: string) =>
      (
        await call(
          `/v1/admin/processing-record?locale=${locale}&format=md`,
          { headers: { authorization: `Bearer ${demoApiKey}` } },
          providers,
        )
      ).text();
    const [de, en] = [await entry('de'), await entry('en')];
    for (const text of [de, en]) {
      expect(text).not.toContain('..');
      expect(text).not.toMatch(/ [.,;:]/);
      expect(text).not.toMatch(/[.,;:]{2}/);
    }
    // Words of the prose only: host names and addresses are names, in no language.
    const words = (text: string) =>
      new Set(
        text
          .replace(/\S+\.(example|com|de)\S*/g, '')
          .toLowerCase()
          .match(/\p{L}+/gu) ?? [],
      );
    const english = [
      'the',
      'and',
      'of',
      'hosting',
      'sending',
      'processor',
      'requests',
      'served',

      'provider',
      'configured',
      'emails',
      'database',
      'locations',
      'worldwide',
      'query',
      'withdrawn',
      'deleted',
      'until',
      'days',
      'when',
      'log',
    ];
    const german = [
      'der',
      'die',
      'das',
      'und',
      'oder',
      'nicht',
      'auftragsverarbeiter',
      'versand',
      'anbieters',
      'gelöscht',
      'bis',
      'tage',
      'einwilligung',
      'widerruf',
      'datenbank',
      'weltweit',
    ];
    expect(english.filter((word) => words(de).has(word))).toEqual([]);
    expect(german.filter((word) => words(en).has(word))).toEqual([]);
  });

  it('needs the site key and refuses unknown formats', async () => {
    expect((await call('/v1/admin/processing-record')).status).toBe(401);
    expect((await get('format=pdf')).status).toBe(422);
    expect((await get('locale=fr')).status).toBe(422);
  });
});
