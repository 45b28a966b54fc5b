import type { Channel, ProcessingRecord } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { page } from './layout.js';

// The Art. 30(1) entry in German and English, as Markdown (to paste into a record of processing
// activities) and as a page; both from the same sections, so they cannot say different things.

interface Section {
  heading: string;
  paragraphs: string[];
  items?: string[];
}

const channelName = {
  de: { email: 'E-Mail', sms: 'SMS', phone: 'Telefon', post: 'Post' },
  en: { email: 'email', sms: 'SMS', phone: 'phone', post: 'post' },
} as const;

const legalBasis: Record<'de' | 'en', Record<Channel, string>> = {
  de: {
    email: 'Einwilligung, Art. 6 Abs. 1 lit. a DSGVO; § 7 Abs. 2 Nr. 2 UWG',
    sms: 'Einwilligung, Art. 6 Abs. 1 lit. a DSGVO; § 7 Abs. 2 Nr. 2 UWG',
    phone:
      'Einwilligung, Art. 6 Abs. 1 lit. a DSGVO; § 7 Abs. 2 Nr. 1 UWG; Dokumentation nach § 7a UWG',
    post: 'Einwilligung, Art. 6 Abs. 1 lit. a DSGVO',
  },
  en: {
    email: 'consent, Art. 6(1)(a) GDPR; § 7(2) no. 2 UWG',
    sms: 'consent, Art. 6(1)(a) GDPR; § 7(2) no. 2 UWG',
    phone: 'consent, Art. 6(1)(a) GDPR; § 7(2) no. 1 UWG; records kept under § 7a UWG',
    post: 'consent, Art. 6(1)(a) GDPR',
  },
};

const dataName = {
  de: { email: 'E-Mail-Adresse', phone: 'Telefonnummer' },
  en: { email: 'email address', phone: 'phone number' },
} as Record<'de' | 'en', Record<string, string>>;

/** A text from outside (a wording) as a sentence: one full stop at its end, never two. */
function sentence(text: string) {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function lifetime(locale: 'de' | 'en', p: ProcessingRecord['purposes'][number]) {
  if (p.endsAt) return locale === 'de' ? `bis ${p.endsAt}` : `until ${p.endsAt}`;
  if (p.lifetimeDays) {
    return locale === 'de'
      ? `${p.lifetimeDays} Tage nach der Bestätigung`
      : `${p.lifetimeDays} days after confirmation`;
  }
  return locale === 'de' ? 'bis zum Widerruf' : 'until withdrawn';
}

export function processingRecordSections(record: ProcessingRecord): {
  title: string;
  intro: string;
  sections: Section[];
} {
  const de = record.locale === 'de';
  const l = de ? 'de' : 'en';
  const evidence = de
    ? `Nachweisdaten je Ereignis: Zeitpunkt, Seite ohne Suchparameter, Formular, Browserkennung (gekürzt), IP-Adresse ${record.evidenceIp === 'hash' ? 'als Hash mit geheimem Schlüssel (HMAC)' : 'gekürzt auf das Netz (/24, /48)'}, Version des Einwilligungstexts`
    : `Evidence per event: time, page without query, form, user agent (shortened), IP address ${record.evidenceIp === 'hash' ? 'as a keyed hash' : 'cut to its network (/24, /48)'}, version of the consent wording`;
  return {
    title: de
      ? `Verzeichnis von Verarbeitungstätigkeiten (Art. 30 Abs. 1 DSGVO): Werbeeinwilligungen mit Signet (${record.site})`
      : `Record of processing activities (Art. 30(1) GDPR): marketing consent with Signet (${record.site})`,
    intro: de
      ? `Erzeugt am ${record.generatedAt} aus der Konfiguration. Prüfen und ergänzen Sie den Eintrag: Signet kennt nicht, was Sie nach einer erlaubten Kontaktaufnahme mit den Daten tun.`
      : `Generated ${record.generatedAt} from the configuration. Review and complete it: Signet cannot know what you do with the data once a contact was allowed.`,
    sections: [
      {
        heading: de ? 'Verantwortlicher (lit. a)' : 'Controller (point (a))',
        paragraphs: [
          `${record.controller.name}, ${record.controller.contact}`,
          de
            ? `Datenschutzerklärung: ${record.controller.privacyPolicyUrl}. Vertreter und Datenschutzbeauftragter: bitte ergänzen, falls vorhanden.`
            : `Privacy policy: ${record.controller.privacyPolicyUrl}. Representative and data protection officer: add them if you have them.`,
        ],
      },
      {
        heading: de
          ? 'Zwecke und Rechtsgrundlagen (lit. b)'
          : 'Purposes and legal bases (point (b))',
        paragraphs: [
          de
            ? 'Einholen, Nachweisen und Verwalten von Einwilligungen in Werbung per Double-Opt-in; Nachweis der Einwilligung nach Art. 7 Abs. 1 DSGVO.'
            : 'Obtaining, proving and managing consent to marketing by double opt-in; proof of consent under Art. 7(1) GDPR.',
        ],
        items: record.purposes.map(
          (p) =>
            `${p.label ?? p.id} (${p.id}, ${channelName[l][p.channel]}): ${sentence(p.description ?? '–')} ${de ? 'Rechtsgrundlage' : 'Legal basis'}: ${legalBasis[l][p.channel]}. ${de ? 'Dauer' : 'Lasts'}: ${lifetime(l, p)}.`,
        ),
      },
      {
        heading: de
          ? 'Betroffene Personen und Datenkategorien (lit. c)'
          : 'Data subjects and categories of data (point (c))',
        paragraphs: [
          de
            ? 'Personen, die auf den Seiten des Verantwortlichen oder in seinem Checkout Werbung angefordert haben.'
            : 'People who asked for marketing on the controller’s pages or in its checkout.',
        ],
        items: [
          ...record.purposes.map(
            (p) =>
              `${p.id}: ${p.dataCategories.map((category) => dataName[l][category] ?? category).join(', ')}`,
          ),
          evidence,
        ],
      },
      {
        heading: de ? 'Empfänger (lit. d)' : 'Recipients (point (d))',
        paragraphs: [],
        items: record.recipients.map(
          (r) =>
            `${r.name} (${de ? 'Auftragsverarbeiter' : r.role}): ${r.processes}; ${r.location}`,
        ),
      },
      {
        heading: de
          ? 'Übermittlungen in Drittländer (lit. e)'
          : 'Transfers to third countries (point (e))',
        paragraphs: [
          de
            ? 'Die Datenbank liegt in der EU-Jurisdiktion von Cloudflare D1. Cloudflare, Inc. (USA) ist Auftragsverarbeiter; Anfragen werden an Cloudflare-Standorten weltweit bearbeitet. Grundlage: Auftragsverarbeitungsvertrag von Cloudflare mit Standardvertragsklauseln bzw. EU-US Data Privacy Framework; bitte mit Ihrem Vertrag abgleichen.'
            : 'The database is in Cloudflare D1’s EU jurisdiction. Cloudflare, Inc. (USA) is a processor; requests are handled at Cloudflare locations worldwide. Basis: Cloudflare’s data processing agreement with standard contractual clauses or the EU-US Data Privacy Framework; check against your agreement.',
        ],
      },
      {
        heading: de ? 'Löschfristen (lit. f)' : 'Time limits for erasure (point (f))',
        paragraphs: [],
        items: de
          ? [
              `Unbestätigte Anfragen: gelöscht nach ${record.unconfirmedRetentionDays} Tagen.`,
              'Einwilligungen: bis zum Widerruf oder Ablauf (siehe Zwecke); Widerruf jederzeit.',
              'Endet der letzte Zweck einer Person, gleich auf welchem Weg (Widerruf auf der Einstellungsseite, Abmeldung mit einem Klick über den Link in einer Nachricht oder Ablauf der Dauer), und wartet keine Anfrage der Person auf Bestätigung, werden ihre lesbaren Daten gelöscht wie bei einer Löschung auf Antrag: beim Widerruf sofort, beim Ablauf mit dem nächsten Lauf der geplanten Aufgabe. Die signierten Nachweise bleiben.',
              'Löschung auf Antrag: Kontaktdaten, Zeilen und Schlüssel der Person werden gelöscht; ein Hash der Adresse mit geheimem Schlüssel (HMAC) bleibt auf der Sperrliste.',
              'Signierte Nachweise (ohne lesbare Kontaktdaten) bleiben erhalten, solange der Nachweis einer Einwilligung geführt werden muss, auch nach der Löschung der Person; bei telefonischer Werbung 5 Jahre ab Erteilung und nach jeder Nutzung (§ 7a UWG).',
            ]
          : [
              `Unconfirmed requests: deleted after ${record.unconfirmedRetentionDays} days.`,
              'Consents: until withdrawn or lapsed (see purposes); withdrawal at any time.',
              'When a person’s last purpose ends, by whatever path (withdrawn on the preferences page, unsubscribed in one click by the link in a message, or lapsed), and no request of theirs is waiting for confirmation, their readable data is erased as on request: at once when withdrawn, at the next run of the scheduled task when lapsed. The signed proofs stay.',
              'Erasure on request: the person’s contact data, rows and key are deleted; a keyed hash of the address stays on the suppression list.',
              'Signed proofs (without readable contact data) are kept for as long as consent must be proven, also after the person is erased; for telephone advertising 5 years from when it was given and after each use (§ 7a UWG).',
            ],
      },
      {
        heading: de
          ? 'Technische und organisatorische Maßnahmen (lit. g, Art. 32)'
          : 'Technical and organisational measures (point (g), Art. 32)',
        paragraphs: [],
        items: de
          ? [
              'Verschlüsselung der Kontaktdaten mit einem eigenen Schlüssel je Person (AES-256-GCM), Schlüssel mit einem Hauptschlüssel verpackt.',
              'Suche nur über verschlüsselte Hashes (HMAC, je Website eigener Schlüssel).',
              'Jedes Ereignis signiert (Ed25519) und mit dem vorigen verkettet; prüfbar mit den veröffentlichten Schlüsseln.',
              'Zugriff nur mit dem Schlüssel der Website; Personen mit kurzlebigen Sitzungen; Ratenbegrenzungen.',
              'Transport nur über HTTPS; strenge Content Security Policy auf allen Seiten.',
            ]
          : [
              'Contact data encrypted with a key per person (AES-256-GCM), keys wrapped by a master key.',
              'Lookups only through keyed hashes (HMAC, a key per site).',
              'Every event signed (Ed25519) and chained to the previous one; verifiable with the published keys.',
              'Access only with the site’s key; people through short-lived sessions; rate limits.',
              'Transport over HTTPS only; a strict Content Security Policy on every page.',
            ],
      },
    ],
  };
}

export function processingRecordMarkdown(record: ProcessingRecord): string {
  const { title, intro, sections } = processingRecordSections(record);
  const parts = [`# ${title}`, intro];
  for (const section of sections) {
    parts.push(`## ${section.heading}`, ...section.paragraphs);
    if (section.items?.length) parts.push(section.items.map((item) => `- ${item}`).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

export function processingRecordPage(c: Context, record: ProcessingRecord) {
  const { title, intro, sections } = processingRecordSections(record);
  const body = html`<h1>${title}</h1><p>${intro}</p>
${sections.map(
  (section) => html`<h2>${section.heading}</h2>
${section.paragraphs.map((text) => html`<p>${text}</p>`)}
${section.items?.length ? html`<ul>${section.items.map((item) => html`<li>${item}</li>`)}</ul>` : ''}`,
)}`;
  return page(c, 200, record.locale, title, body);
}
