import type { Locale, Receipt, RecordEvent } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { page } from './layout.js';

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
      withdrawn: 'Einwilligung widerrufen',
      expired: 'Einwilligung abgelaufen',
      erased: 'Daten auf Ihren Wunsch gelöscht',
    },
    check: 'So prüfen Sie diesen Beleg selbst',
    checkText:
      'Laden Sie die JSON-Datei herunter und prüfen Sie sie ohne Netz mit dem Befehl unten oder mit „Beleg prüfen“ auf Ihrer Einstellungsseite. Jeder Eintrag ist mit dem Schlüssel in der Datei signiert.',
    download: 'Beleg als JSON-Datei herunterladen',
    zone: 'Zeiten in der Zeitzone Europe/Berlin.',
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
      withdrawn: 'Consent withdrawn',
      expired: 'Consent expired',
      erased: 'Data erased at your request',
    },
    check: 'How to check this receipt yourself',
    checkText:
      'Download the JSON file and check it without a network with the command below or with “Check a receipt” on your preferences page. Every entry is signed with the key inside the file.',
    download: 'Download the receipt as a JSON file',
    zone: 'Times in the Europe/Berlin time zone.',
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
      withdrawn: 'Consentement retiré',
      expired: 'Consentement expiré',
      erased: 'Données effacées à votre demande',
    },
    check: 'Comment vérifier ce reçu vous-même',
    checkText:
      'Téléchargez le fichier JSON et vérifiez-le sans réseau avec la commande ci-dessous ou avec « Vérifier un reçu » sur votre page de préférences. Chaque entrée est signée avec la clé contenue dans le fichier.',
    download: 'Télécharger le reçu (fichier JSON)',
    zone: 'Heures dans le fuseau Europe/Berlin.',
    records: 'Entrées signées',
  },
} satisfies Record<Locale, { events: Record<RecordEvent, string> } & Record<string, unknown>>;

const css = `
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { font-weight: 600; } dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; }
  code { word-break: break-all; }
  @media print { body { background: #fff; padding: 0; } main { box-shadow: none; } }
`;

/** `receipt-<site>-<purpose>-<date>`: what it is and when, never a bare purpose id. */
export function receiptFileName(receipt: Receipt) {
  const day = receipt.receiptTimestamp.slice(0, 10);
  return `receipt-${receipt.site.id}-${receipt.purpose.id}-${day}`;
}

/** A time a person reads: the day and time of day in the controller's zone, no milliseconds. */
function localTime(at: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: 'Europe/Berlin',
  }).format(new Date(at));
}

/** The receipt as a page a person can read and print; the JSON link beside it is the proof. */
export function receiptPage(c: Context, receipt: Receipt, jsonUrl: string | null) {
  const locale = receipt.language;
  const t = strings[locale];
  const [controller] = receipt.piiControllers;
  const { wording } = receipt.privacyNotice;
  const contact = [receipt.piiPrincipalContact.email, receipt.piiPrincipalContact.phone]
    .filter(Boolean)
    .join(', ');
  const body = html`<h1>${t.title}</h1>
<dl>
  <dt>${t.controller}</dt><dd>${controller?.partyName}<br>${controller?.partyContact}</dd>
  <dt>${t.site}</dt><dd>${receipt.site.name}</dd>
  <dt>${t.contact}</dt><dd>${contact}</dd>
  <dt>${t.purpose}</dt><dd>${wording.label}</dd>
</dl>
<h2>${t.wording}</h2>
<dl>
  <dt>${t.processed}</dt><dd>${wording.processed}</dd>
  <dt>${t.why}</dt><dd>${wording.purpose}</dd>
  <dt>${t.retention}</dt><dd>${wording.retention}</dd>
  <dt>${t.withdrawal}</dt><dd>${wording.withdrawal}</dd>
</dl>
<h2>${t.history}</h2>
<table>
  <thead><tr><th scope="col">${t.when}</th><th scope="col">${t.what}</th></tr></thead>
  <tbody>${receipt.events.map(
    (event) =>
      html`<tr><td>${localTime(event.eventTime, locale)}</td><td>${t.events[event.eventType]}</td></tr>`,
  )}</tbody>
</table>
<p><small>${t.zone}</small></p>
<h2>${t.check}</h2>
<p>${t.checkText}</p>
${jsonUrl ? html`<p><a href="${jsonUrl}" download>${t.download}</a></p>` : ''}
<pre>npx signet verify ${receiptFileName(receipt)}.json</pre>
<details><summary>${t.records}</summary>
<ul>${receipt.proof.records.map(
    (signed) =>
      html`<li>#${signed.record.seq} ${signed.record.event}: <code>${signed.hash}</code></li>`,
  )}</ul>
</details>`;
  return page(c, 200, locale, t.title, body, {
    policy: "form-action 'none'",
    styles: '',
    head: html``,
    css,
  });
}
