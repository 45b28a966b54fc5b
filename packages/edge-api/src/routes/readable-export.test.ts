import { type Export, ExportSchema } from '@signet/sdk';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  call,
  postJson,
  sessionFor,
  subscribed,
  testOrigin,
  validRequestBody,
} from '../../test/worker.js';

const exported = (session: string, query: string, headers: Record<string, string> = {}) =>
  call(`/v1/me/export${query}`, {
    headers: { authorization: `Bearer ${session}`, origin: testOrigin, ...headers },
  });

/** `2026-12-07T00:00:14.123Z` → the hour and minute in Berlin, as the page shows them. */
const berlinTime = (iso: string) =>
  new Intl.DateTimeFormat('de', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));

describe('R3: the readable export', () => {
  it('R3: the page speaks the asked language (de, en, fr), with purpose labels, times of day in Berlin time and a sentence on each part', async () => {
    const email = 'reads-export@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    const session = await sessionFor(email);
    const data = (await (await exported(session, '')).json()) as Export;
    const confirmed = data.consents.find((row) => row.purpose === 'newsletter')?.confirmedAt ?? '';
    const label = data.wordings.find((w) => w.version === data.consents[0]?.wordingVersion)?.wording
      .label;
    const expectations = {
      de: ['lang="de"', 'Ihre Daten bei', 'Verlauf', 'Alle Zeiten in der Zeitzone Europe/Berlin'],
      en: ['lang="en"', 'Your data at', 'History', 'All times in the Europe/Berlin time zone'],
      fr: ['lang="fr"', 'Vos données chez', 'Historique', 'Toutes les heures dans le fuseau'],
    };
    for (const [locale, texts] of Object.entries(expectations)) {
      const page = await exported(session, `?format=html&locale=${locale}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const text = await page.text();
      for (const expected of texts) expect(text, locale).toContain(expected);
      // Labels, not ids; times of day in the site's time zone, never raw ISO times.
      expect(text).toContain(label ?? 'label');
      expect(text).not.toContain('>newsletter');
      expect(text).toContain(berlinTime(confirmed).slice(2));
      expect(text).not.toContain(confirmed);
    }
    // Without `locale`, the browser's language; without that, the site's default (German).
    const asked = await (
      await exported(session, '?format=html', { 'accept-language': 'fr-FR,fr;q=0.9' })
    ).text();
    expect(asked).toContain('lang="fr"');
    const fallback = await (await exported(session, '?format=html')).text();
    expect(fallback).toContain('lang="de"');
    // German times of day on the 24-hour clock, with the zone's name.
    expect(fallback).toMatch(new RegExp(`${berlinTime(confirmed)} (MEZ|MESZ)`));
  });

  it('R3: the JSON is indented by two spaces and still the contract; the CSV is the history, one row per record, quoted, with a byte order mark', async () => {
    const email = 'csv-export@example.org';
    await subscribed(email);
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']));
    const session = await sessionFor(email);
    const json = await (await exported(session, '')).text();
    expect(json.startsWith('{\n  "format": "signet-export/1",')).toBe(true);
    const data = JSON.parse(json) as Export;
    expect(v.safeParse(ExportSchema, data).success).toBe(true);

    const response = await exported(session, '?format=csv&locale=de');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(lines[0]).toBe('"Zeit (Europe/Berlin)","Zweck","Ereignis","Textfassung"');
    const records = data.records.length + data.unsealedRecords.length;
    expect(lines).toHaveLength(1 + records);
    const first = data.records[0]?.record ?? data.unsealedRecords[0];
    expect(lines[1]).toMatch(/^"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}","[^"]+","angefragt","/);
    expect(lines[1]).toContain(berlinTime(first?.at ?? ''));
    // The page offers the same CSV itself, for when it is opened as a saved file.
    const page = await (await exported(session, '?format=html&locale=de')).text();
    expect(page).toMatch(/<a class="download" href="data:text\/csv;charset=utf-8,%EF%BB%BF/);
  });
});
