import type { Locale, Receipt, RecordEvent } from '@signet/sdk';
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { documentStyles, pageWords } from './exhibit/html.js';
import { localDateTime } from './exhibit/local-time.js';

const strings = {
  de: {
    title: 'Ihre Bestätigung der Einwilligung (Beleg)',
    controller: 'Verantwortlich',
    site: 'Website',
    contact: 'Ihre Kontaktangabe',
    purpose: 'Zweck',
    wording: 'Der Text, dem Sie zugestimmt haben',
    processed: 'Verarbeitete Daten',
    why: 'Wozu',
    retention: 'Speicherdauer',
    withdrawal: 'Widerruf',
    history: 'Was geschah',
    when: 'Zeitpunkt',
    what: 'Ereignis',
    events: {
      requested: 'Einwilligung angefragt',
      confirmed: 'Einwilligung über den Link bestätigt',
      used: 'Einwilligung genutzt (Anruf)',
      imported: 'Einwilligung vom Betreiber importiert',
      withdrawn: 'Einwilligung widerrufen',
      expired: 'Einwilligung abgelaufen',
      erased: 'Daten auf Ihren Wunsch gelöscht',
      honoured: 'Gestoppt in',
    },
    check: 'So prüfen Sie diesen Beleg selbst',
    checkText:
      'Laden Sie die JSON-Datei herunter und prüfen Sie sie ohne Netz mit dem Befehl unten oder mit „Beleg prüfen“ auf Ihrer Einstellungsseite. Jeder Eintrag ist mit dem Schlüssel in der Datei signiert.',
    download: 'Beleg als JSON-Datei herunterladen',
    zone: (zone: string) => `Alle Zeiten in der Zeitzone ${zone}.`,
    records: 'Signierte Einträge',
  },
  en: {
    title: 'Your confirmation of consent (receipt)',
    controller: 'Controller',
    site: 'Website',
    contact: 'Your contact',
    purpose: 'Purpose',
    wording: 'The text you agreed to',
    processed: 'Data processed',
    why: 'What for',
    retention: 'Kept for',
    withdrawal: 'Withdrawal',
    history: 'What happened',
    when: 'When',
    what: 'Event',
    events: {
      requested: 'Consent requested',
      confirmed: 'Consent confirmed by the link',
      used: 'Consent used (a call)',
      imported: 'Consent imported by the site owner',
      withdrawn: 'Consent withdrawn',
      expired: 'Consent expired',
      erased: 'Data erased at your request',
      honoured: 'Stopped in',
    },
    check: 'How to check this receipt yourself',
    checkText:
      'Download the JSON file and check it without a network with the command below or with “Check a receipt” on your preferences page. Every entry is signed with the key inside the file.',
    download: 'Download the receipt as a JSON file',
    zone: (zone: string) => `All times in the time zone ${zone}.`,
    records: 'Signed entries',
  },
  fr: {
    title: 'Votre confirmation de consentement (reçu)',
    controller: 'Responsable du traitement',
    site: 'Site web',
    contact: 'Votre contact',
    purpose: 'Finalité',
    wording: 'Le texte que vous avez accepté',
    processed: 'Données traitées',
    why: 'Pour quoi',
    retention: 'Durée de conservation',
    withdrawal: 'Retrait',
    history: 'Ce qui s’est passé',
    when: 'Date',
    what: 'Événement',
    events: {
      requested: 'Consentement demandé',
      confirmed: 'Consentement confirmé par le lien',
      used: 'Consentement utilisé (un appel)',
      imported: 'Consentement importé par le responsable du site',
      withdrawn: 'Consentement retiré',
      expired: 'Consentement expiré',
      erased: 'Données effacées à votre demande',
      honoured: 'Arrêté dans',
    },
    check: 'Comment vérifier ce reçu vous-même',
    checkText:
      'Téléchargez le fichier JSON et vérifiez-le sans réseau avec la commande ci-dessous ou avec « Vérifier un reçu » sur votre page de préférences. Chaque entrée est signée avec la clé contenue dans le fichier.',
    download: 'Télécharger le reçu (fichier JSON)',
    zone: (zone: string) => `Toutes les heures dans le fuseau ${zone}.`,
    records: 'Entrées signées',
  },
} satisfies Record<Locale, { events: Record<RecordEvent, string> } & Record<string, unknown>>;

/** The exhibit's look, its page numbers in the receipt's language. */
const cssFor = (locale: Locale) => `${documentStyles(pageWords[locale])}
th { width: 30%; } .events th { width: auto; }
details { margin: .5rem 0; }
`;

async function styleHash(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/** `receipt-<site>-<purpose>-<date>`: what it is and when, never a bare purpose id. */
export function receiptFileName(receipt: Receipt) {
  const day = receipt.receiptTimestamp.slice(0, 10);
  return `receipt-${receipt.site.id}-${receipt.purpose.id}-${day}`;
}

/**
 * The receipt as a page a person can read and print, in the exhibit's look and the site's time
 * zone; the JSON file is the proof. No script; its one style by hash.
 */
export async function receiptPage(
  c: Context,
  receipt: Receipt,
  options: { jsonUrl: string | null; timeZone: string },
) {
  const locale = receipt.language;
  const t = strings[locale];
  const css = cssFor(locale);
  const when = (iso: string) => localDateTime(iso, locale, options.timeZone);
  const [controller] = receipt.piiControllers;
  const { wording } = receipt.privacyNotice;
  const contact = [receipt.piiPrincipalContact.email, receipt.piiPrincipalContact.phone]
    .filter(Boolean)
    .join(', ');
  // An `honoured` event names the system that stopped (A5): "Stopped in brevo".
  const systems = new Map(
    receipt.proof.records.map(({ record }) => [record.id, record.honours?.system]),
  );
  const what = (event: { recordId: string; eventType: RecordEvent }) => {
    const system = event.eventType === 'honoured' ? systems.get(event.recordId) : undefined;
    return system ? `${t.events.honoured} ${system}` : t.events[event.eventType];
  };
  const fields = ['processed', 'purpose', 'retention', 'withdrawal'] as const;
  const fieldNames = {
    processed: t.processed,
    purpose: t.why,
    retention: t.retention,
    withdrawal: t.withdrawal,
  };
  const body = html`<main>
<h1>${t.title}</h1>
<p class="sub">${receipt.site.name} · ${when(receipt.receiptTimestamp)}</p>
<table><tbody>
<tr><th scope="row">${t.controller}</th><td>${controller?.partyName}${controller?.partyAddress ? html`<br>${controller.partyAddress}` : ''}<br>${controller?.partyContact}</td></tr>
<tr><th scope="row">${t.site}</th><td>${receipt.site.name}</td></tr>
<tr><th scope="row">${t.contact}</th><td>${contact}</td></tr>
<tr><th scope="row">${t.purpose}</th><td>${wording.label}</td></tr>
</tbody></table>
<h2>${t.history}</h2>
<table class="events">
<thead><tr><th scope="col">${t.when}</th><th scope="col">${t.what}</th></tr></thead>
<tbody>${receipt.events.map(
    (event) => html`<tr><td>${when(event.eventTime)}</td><td>${what(event)}</td></tr>`,
  )}</tbody>
</table>
<p class="note">${t.zone(options.timeZone)}</p>
<h2>${t.wording}</h2>
<table><tbody>
${fields.map((field) => html`<tr><th scope="row">${fieldNames[field]}</th><td>${wording[field]}</td></tr>`)}
</tbody></table>
<h2>${t.check}</h2>
<p>${t.checkText}</p>
${options.jsonUrl ? html`<p><a href="${options.jsonUrl}" download>${t.download}</a></p>` : ''}
<pre>npx signet verify ${receiptFileName(receipt)}.json</pre>
<details><summary>${t.records}</summary>
<ul>${receipt.proof.records.map(
    (signed) =>
      html`<li>#${signed.record.seq} ${what({ recordId: signed.record.id, eventType: signed.record.event })}: <code>${signed.hash}</code></li>`,
  )}</ul>
</details>
</main>`;
  c.header(
    'content-security-policy',
    `default-src 'none'; style-src ${await styleHash(css)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  c.header('referrer-policy', 'no-referrer');
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
  return c.html(
    html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}: ${receipt.site.name}</title>
<style>${raw(css)}</style>
</head>
<body>${body}</body>
</html>`,
  );
}
