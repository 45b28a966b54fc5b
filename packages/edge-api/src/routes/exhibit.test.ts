import { PDFDocument } from '@pdfme/pdf-lib';
import { type Evidence, type Locale, verifyExcerpt } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import {
  admin,
  confirmLinkFor,
  postJson,
  pressConfirm,
  validRequestBody,
} from '../../test/worker.js';
import { localTime } from '../pages/exhibit/local-time.js';

const controller = {
  controllerName: 'Backtipps GmbH',
  controllerAddress: 'Ofenweg 3, 10115 Berlin',
  controllerContact: 'datenschutz@backtipps.example',
};

async function subscribe(email: string, ids = ['newsletter']) {
  await postJson('/v1/consent-requests', await validRequestBody(email, ids));
  await pressConfirm(await confirmLinkFor(email));
}

const evidenceOf = async (body: Record<string, unknown>) =>
  admin('/v1/consents/evidence', 'POST', body);

describe('P5: evidence for an address survives erasure (issue 18.2)', () => {
  it('P5: after the person is erased, the evidence of the address answers with the signed chain and the erasure date', async () => {
    const email = 'erased-evidence@example.org';
    await subscribe(email);
    const erased = await admin('/v1/admin/subjects/erasure', 'POST', { email });
    expect(erased.status).toBe(200);
    const { at } = (await erased.json()) as { at: string };

    const response = await evidenceOf({ email, purpose: 'newsletter' });
    expect(response.status).toBe(200);
    const evidence = (await response.json()) as Evidence;
    expect(evidence.records.map((signed) => signed.record.event)).toEqual([
      'requested',
      'confirmed',
      'erased',
    ]);
    expect(evidence.person.erasedAt).toBe(at);
    expect(evidence.erasures).toEqual([
      expect.objectContaining({
        at,
        cause: 'erasure',
        removed: expect.arrayContaining(['contact']),
      }),
    ]);
    // The wording texts are the site's, not the person's: they stay.
    expect(evidence.wordings[0]?.wording.label).toBe(
      'Yes, I want to receive the Demo Shop newsletter by email.',
    );
    expect(evidence.records[0]?.record.source.pageUrl).toBe('https://shop.example/newsletter');
    expect(evidence.messages).toEqual([]);
    expect(evidence.verification.allValid).toBe(true);
    expect(evidence.excerpt).not.toBeNull();
    expect(await verifyExcerpt(evidence.records, evidence.excerpt, evidence.jwks)).toEqual({
      ok: true,
    });
    expect(evidence.narrative?.[0]?.paragraphs.at(-1)).toMatch(/gelöscht|erased|effacées/);
  });

  it('P5: an address never seen still answers 404, with and without a purpose', async () => {
    for (const body of [
      { email: 'never-seen@example.org', purpose: 'newsletter' },
      { email: 'never-seen@example.org' },
    ]) {
      expect((await evidenceOf(body)).status).toBe(404);
    }
  });
});

describe('P5: the exhibit (issue 18.3)', () => {
  it('P5: the HTML exhibit in de, en and fr names the person, the controller, local times, every signature and the key', async () => {
    expect(
      (await admin('/v1/admin/site', 'PATCH', { ...controller, timeZone: 'Europe/Berlin' })).status,
    ).toBe(200);
    const email = 'exhibit-locales@example.org';
    await subscribe(email, ['newsletter', 'prize-draw']);
    const json = (await (await evidenceOf({ email })).json()) as Evidence;
    expect(json.purposes.map((purpose) => purpose.id)).toEqual(['newsletter', 'prize-draw']);
    expect(json.locale).toBe('de');
    for (const locale of ['de', 'en', 'fr'] as Locale[]) {
      const response = await evidenceOf({ email, format: 'html', locale });
      expect(response.status, locale).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toMatch(
        /script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-/,
      );
      const page = await response.text();
      expect(page, locale).toContain(`<html lang="${locale}">`);
      expect(page, locale).toContain(email);
      expect(page, locale).toContain(controller.controllerName);
      expect(page, locale).toContain(controller.controllerAddress);
      for (const signed of json.records) {
        const { date, time, zone } = localTime(signed.record.at, locale, 'Europe/Berlin');
        expect(page, `${locale} ${signed.record.event}`).toContain(date);
        expect(page).toContain(time);
        expect(page).toContain(zone);
        expect(page).toContain(signed.sig);
        expect(page).toContain(signed.hash);
      }
      const key = json.jwks.keys.find((k) => k.kid === json.records[0]?.kid) as { x: string };
      expect(page).toContain(key.x);
      expect(page).toContain('id="excerpt"');
      expect(page).toContain('npx signet verify');
      // No UTC timestamps with milliseconds in the readable part.
      const readable = page.slice(0, page.indexOf('class="record"'));
      expect(readable).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    }
    const de = await (await evidenceOf({ email, format: 'html', locale: 'de' })).text();
    expect(de).toContain('Nachweis der Einwilligung');
    expect(de).toMatch(/Am \d{2}\.\d{2}\.\d{4} um \d{2}:\d{2}:\d{2} Uhr \(MEZ|MESZ\)/);
    expect(de).toContain(
      'wurde die an diese Adresse gesendete Bestätigungs-E-Mail über ihren Link bestätigt',
    );
    expect(de).toMatch(/\[redacted:[0-9a-f]{32}\]/);
  });

  it('P5: a request followed by a later one is explained in the narrative', async () => {
    const email = 'exhibit-superseded@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const evidence = (await (
      await evidenceOf({ email, purpose: 'newsletter', locale: 'en' })
    ).json()) as Evidence;
    const paragraphs = evidence.narrative?.[0]?.paragraphs ?? [];
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]).toContain('This request was not confirmed');
    expect(paragraphs[0]).toContain('followed by a new request');
    expect(paragraphs[0]).not.toContain('no longer worked');
    expect(paragraphs[2]).toContain('the confirmation email sent to this address was confirmed');
  });

  it('P5: the PDF is A4 with real metadata, and its file name carries site, person reference, purpose and date but never the address', async () => {
    const email = 'exhibit-pdf@example.org';
    await subscribe(email);
    const response = await evidenceOf({ email, purpose: 'newsletter', format: 'pdf' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(
      /filename="nachweis-demo-p[0-9a-f]{5}-newsletter-\d{4}-\d{2}-\d{2}\.pdf"/,
    );
    expect(disposition).not.toContain('exhibit-pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toMatch(/^Nachweis der Einwilligung: Signet Demo Shop, p[0-9a-f]{5}$/);
    expect(pdf.getAuthor()).toBeTruthy();
    expect(pdf.getSubject()).toContain('newsletter');
    const [first] = pdf.getPages();
    expect(first?.getSize().width).toBeCloseTo(595.28, 1);
    expect(first?.getSize().height).toBeCloseTo(841.89, 1);
  });

  it('rejects a time zone that is not an IANA name and accepts one that is', async () => {
    const bad = await admin('/v1/admin/site', 'PATCH', { timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('timeZone');
    const good = await admin('/v1/admin/site', 'PATCH', { timeZone: 'America/New_York' });
    expect(((await good.json()) as { timeZone: string }).timeZone).toBe('America/New_York');
    await admin('/v1/admin/site', 'PATCH', { timeZone: 'Europe/Berlin' });
  });

  it('answers a bad format or locale with 422', async () => {
    for (const body of [
      { email: 'a@example.org', format: 'docx' },
      { email: 'a@example.org', locale: 'it' },
    ]) {
      expect((await evidenceOf(body)).status).toBe(422);
    }
  });
});
