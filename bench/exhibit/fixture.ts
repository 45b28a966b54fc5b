// A 3-purpose exhibit's data as the evidence service gives it: per purpose a replaced request,
// the request that was confirmed and its confirmation, one withdrawal; the wordings, the
// messages as sent, the key and an excerpt. Values have the real shapes and lengths; nothing is
// verified while rendering, so they need not verify.
import type { Evidence, SignedRecord } from '@signet/sdk';

const hex = (seed: number) =>
  Array.from({ length: 64 }, (_, i) => ((seed * 7919 + i * 104729) % 16).toString(16)).join('');
const sig = (seed: number) =>
  Array.from(
    { length: 86 },
    (_, i) => 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_'[(seed + i * 31) % 38],
  ).join('');

const purposes = [
  { id: 'newsletter', label: 'Ja, ich möchte den Backtipps-Newsletter per E-Mail erhalten.' },
  { id: 'rezepte', label: 'Schicken Sie mir Rezepte der Woche – höchstens einmal wöchentlich.' },
  { id: 'gewinnspiel', label: 'Ich nehme am Gewinnspiel „Goldener Ofen“ teil (Preis: 500 €).' },
];

export function fixture(): Evidence {
  const records: SignedRecord[] = [];
  let seq = 100;
  const at = (minutes: number) => new Date(Date.UTC(2026, 11, 7, 0, minutes, 14)).toISOString();
  for (const [p, purpose] of purposes.entries()) {
    const events = ['requested', 'requested', 'confirmed', 'withdrawn'] as const;
    for (const [e, event] of events.entries()) {
      seq += 1;
      records.push({
        record: {
          v: 1,
          id: `rec_${p}_${e}_0123456789abcdef`,
          site: 'backtipps',
          seq,
          prev: hex(seq - 1),
          subject: 'sub_0123456789abcdef01234567',
          contact: { email: hex(7), phone: null },
          purpose: purpose.id,
          wording: { version: hex(p + 50), sha256: hex(p + 50) },
          event,
          at: at(p * 10 + e),
          source: {
            pageUrl: event === 'requested' ? 'https://shop.example/newsletter' : null,
            form: event === 'withdrawn' ? 'preferences-page' : 'footer',
          },
          evidence: {
            ip: '203.0.113.0/24',
            userAgent:
              'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
          },
          request: event === 'requested' && e === 0 ? `req_old_${p}` : `req_${p}`,
        },
        hash: hex(seq),
        kid: 'signet-2026-12',
        sig: sig(seq),
      });
    }
  }
  const wording = (label: string) => ({
    locale: 'de' as const,
    label,
    processed: 'Ihre E-Mail-Adresse und der Zeitpunkt Ihrer Einwilligung.',
    purpose: 'Monatliche Informationen zu neuen Rezepten, Kursen und Angeboten per E-Mail.',
    retention: 'Bis Sie Ihre Einwilligung widerrufen; danach drei Jahre der Nachweis.',
    withdrawal: 'Jederzeit über den Abmeldelink in jeder E-Mail oder auf Ihrer Einstellungsseite.',
  });
  return {
    site: 'backtipps',
    siteName: 'Backtipps',
    purpose: null,
    purposes: purposes.map(({ id }) => ({ id, channel: 'email' })),
    generatedAt: at(45),
    locale: 'de',
    timeZone: 'Europe/Berlin',
    controller: {
      name: 'Backtipps GmbH',
      address: 'Ofenweg 3, 10115 Berlin',
      contact: 'datenschutz@backtipps.example',
      privacyPolicyUrl: 'https://backtipps.example/datenschutz',
    },
    person: { kind: 'email', contact: 'anna@example.org', reference: 'p7f3a0', erasedAt: null },
    records,
    wordings: purposes.map((purpose, p) => {
      const w = wording(purpose.label);
      return { version: hex(p + 50), canonicalText: JSON.stringify(w), wording: w };
    }),
    messages: purposes.map((purpose, p) => ({
      requestId: `req_${p}`,
      channel: 'email',
      subject: 'Bitte bestätigen Sie Ihre Einwilligung bei Backtipps',
      text: `Hallo,\n\nSie haben zugestimmt:\n\n- ${purpose.label}\n\nBitte bestätigen Sie das über diesen Link:\nhttps://signet.example/confirm/[redacted:0123456789abcdef0123456789abcdef]\n\nWenn Sie das nicht waren, ignorieren Sie diese E-Mail.\n\nVerantwortlich: Backtipps GmbH, Ofenweg 3, 10115 Berlin`,
      html: '',
      linkSha256: hex(p + 90),
      sentAt: at(p * 10 + 1),
    })),
    erasures: [],
    jwks: {
      keys: [
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: 'GF9P2wUk-3tDSh7KPmy8Y8pJmZZ-Jv9BYKyOZW-sTME',
          kid: 'signet-2026-12',
          alg: 'EdDSA',
          use: 'sig',
        },
      ],
    },
    excerpt: {
      excerpt: {
        v: 1,
        site: 'backtipps',
        seq: 200,
        head: hex(200),
        at: at(45),
        records: records.map((signed) => signed.hash),
      },
      kid: 'signet-2026-12',
      sig: sig(999),
    },
    verification: { allValid: true, records: records.map((s) => ({ id: s.record.id, ok: true })) },
  };
}
