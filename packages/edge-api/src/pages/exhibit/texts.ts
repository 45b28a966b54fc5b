import type { Locale } from '@signet/sdk';
import type { LocalTime } from './local-time.js';

/** "Am 07.12.2026 um 01:00:14 Uhr (MEZ)" and its English and French forms. */
export type When = LocalTime;

/** The words of a document for people about consent (exhibit, receipt), in one language. */
export interface ExhibitTexts {
  title: string;
  subtitle: string;
  controller: string;
  address: string;
  contact: string;
  privacyPolicy: string;
  site: string;
  person: string;
  personErased: (contact: string, date: string) => string;
  made: string;
  timesIn: (zone: string) => string;
  notGiven: string;
  narrativeHeading: string;
  purposeHeading: (label: string) => string;
  on: (when: When) => string;
  requested: (p: {
    on: string;
    pageUrl: string | null;
    form: string | null;
    label: string;
    contact: string;
  }) => string;
  confirmed: (p: { on: string; channel: 'email' | 'sms' }) => string;
  outcomeSuperseded: (replacedOn: string) => string;
  outcomeUnconfirmed: string;
  /** The shop's own reference of the request (issue 22.2), shown to the owner. */
  reference: (reference: string) => string;
  withdrawn: (p: { on: string; how: string | null }) => string;
  withdrawalPaths: Record<string, string>;
  expired: (on: string) => string;
  used: (on: string) => string;
  /** A5: one of the owner's systems acknowledged the withdrawal or erasure. */
  honoured: (p: { on: string; system: string }) => string;
  imported: (on: string, system: string) => string;
  erased: (p: { on: string; allWithdrawn: boolean }) => string;
  circumstances: (p: { network: string | null; browser: string | null }) => string;
  wordingHeading: string;
  wordingIntro: string;
  wordingFields: {
    label: string;
    processed: string;
    purpose: string;
    retention: string;
    withdrawal: string;
  };
  wordingVersion: string;
  messagesHeading: string;
  messageSent: (on: string) => string;
  redaction: string;
  messagesErased: (date: string) => string;
  noMessages: string;
  erasureHeading: string;
  erasureText: (date: string, allWithdrawn: boolean) => string;
  appendixHeading: string;
  appendixIntro: string;
  record: (seq: number, event: string) => string;
  canonicalJson: string;
  hash: string;
  signature: string;
  keyHeading: string;
  excerptHeading: string;
  excerptIntro: string;
  noExcerpt: string;
  howToCheckHeading: string;
  howToCheckCli: string;
  howToCheckBrowser: string;
  howToCheckPdf: string;
  checkButton: string;
  checkValid: string;
  checkInvalid: string;
  checkUnsupported: string;
  narrativeNotChecked: string;
  page: (n: number, of: number) => string;
  unencodable: string;
  events: Record<string, string>;
}

const de: ExhibitTexts = {
  title: 'Nachweis der Einwilligung',
  subtitle: 'Doppeltes Opt-in mit signierten Einträgen (Signet)',
  controller: 'Verantwortlicher',
  address: 'Anschrift',
  contact: 'Kontakt',
  privacyPolicy: 'Datenschutzerklärung',
  site: 'Website',
  person: 'Betroffene Person',
  personErased: (contact, date) =>
    `${contact}: auf Wunsch der Person am ${date} gelöscht; die Einträge tragen nur den geschlüsselten Hash dieser Angabe, der ihr entspricht`,
  made: 'Erstellt am',
  timesIn: (zone) => `Alle Zeiten in der Zeitzone ${zone}.`,
  notGiven: 'nicht angegeben',
  narrativeHeading: 'Was geschehen ist',
  purposeHeading: (label) => `Zweck: „${label}“`,
  on: ({ date, time, zone }) => `Am ${date} um ${time} Uhr (${zone})`,
  requested: ({ on, pageUrl, form, label, contact }) =>
    `${on} wurde ${pageUrl ? `auf ${pageUrl} ` : 'über die Schnittstelle der Website '}${
      form ? `über das Formular „${form}“ ` : ''
    }die Einwilligung „${label}“ für ${contact} angefragt.`,
  confirmed: ({ on, channel }) =>
    channel === 'sms'
      ? `${on} wurde die an diese Nummer gesendete Bestätigungs-SMS über ihren Link bestätigt.`
      : `${on} wurde die an diese Adresse gesendete Bestätigungs-E-Mail über ihren Link bestätigt.`,
  outcomeSuperseded: (replacedOn) =>
    `Diese Anfrage wurde nicht bestätigt: ${replacedOn} folgte ihr eine neue Anfrage, deren Nachricht einen eigenen Link trug.`,
  outcomeUnconfirmed:
    'Diese Anfrage wurde nicht bestätigt; ohne Bestätigung entstand aus ihr keine Einwilligung.',
  reference: (reference) => `Referenz der Website für diese Anfrage: „${reference}“.`,
  withdrawn: ({ on, how }) => `${on} wurde die Einwilligung widerrufen${how ? ` (${how})` : ''}.`,
  withdrawalPaths: {
    'preferences-page': 'auf der Einstellungsseite der Person',
    'one-click-unsubscribe': 'über den Abmeldelink einer E-Mail',
  },
  expired: (on) => `${on} endete die Einwilligung, weil ihre Laufzeit abgelaufen war.`,
  used: (on) => `${on} wurde die Einwilligung für einen Anruf genutzt (§ 7a UWG).`,
  honoured: ({ on, system }) =>
    `Gestoppt in „${system}“: ${on} bestätigte dieses System der Website, dass es den Widerruf oder die Löschung umgesetzt hat.`,
  imported: (on, system) =>
    `${on} hat der Betreiber die Einwilligung aus „${system}“ importiert, mit den Nachweisen dieses Systems; Signet hat sie nicht selbst bestätigt.`,
  erased: ({ on, allWithdrawn }) =>
    `${on} wurden auf Wunsch der Person${
      allWithdrawn ? ', nachdem sie ihre letzte Einwilligung widerrufen hatte,' : ''
    } ihre lesbaren Daten gelöscht; die signierten Einträge ohne lesbare Daten bleiben als Nachweis.`,
  circumstances: ({ network, browser }) =>
    `Netz: ${network ?? 'nicht erfasst'}; Browser: ${browser ?? 'nicht erfasst'}.`,
  wordingHeading: 'Der Text, wie er gezeigt wurde',
  wordingIntro:
    'Jeder Eintrag nennt den SHA-256-Hash des Textes, den die Person sah; hier ist dieser Text, Feld für Feld.',
  wordingFields: {
    label: 'Text am Kästchen',
    processed: 'Welche Daten',
    purpose: 'Wofür',
    retention: 'Wie lange',
    withdrawal: 'Widerruf',
  },
  wordingVersion: 'Version (SHA-256)',
  messagesHeading: 'Die Bestätigungsnachricht, wie sie gesendet wurde',
  messageSent: (on) => `Gesendet: ${on}.`,
  redaction:
    'Der Bestätigungslink ist unkenntlich gemacht ([redacted:…]): Er war ein Schlüssel, den nur die Empfängerin oder der Empfänger haben durfte, und wird nirgends gespeichert. Angegeben ist der SHA-256-Hash des Links, den die Nachricht trug.',
  messagesErased: (date) =>
    `Die Bestätigungsnachrichten wurden am ${date} mit den übrigen lesbaren Daten gelöscht.`,
  noMessages: 'Keine Bestätigungsnachricht vorhanden.',
  erasureHeading: 'Löschung',
  erasureText: (date, allWithdrawn) =>
    `Am ${date} wurden auf Wunsch der Person${
      allWithdrawn ? ' (Widerruf ihrer letzten Einwilligung)' : ''
    } gelöscht: die Adresse bzw. Nummer in lesbarer Form, der Stand der Einwilligungen, die Anfragen, die Bestätigungsnachrichten und die Links zur Einstellungsseite. Erhalten bleiben die signierten Einträge, die nur geschlüsselte Hashes enthalten (Art. 17 Abs. 3 lit. e DSGVO); die Angabe der Person oben stammt aus der Anfrage, für die dieser Nachweis erstellt wurde.`,
  appendixHeading: 'Technischer Anhang',
  appendixIntro:
    'Jeder Eintrag als kanonisches JSON (RFC 8785), sein SHA-256-Hash und seine Ed25519-Signatur.',
  record: (seq, event) => `Eintrag Nr. ${seq}: ${event}`,
  canonicalJson: 'Kanonisches JSON',
  hash: 'SHA-256',
  signature: 'Signatur (Ed25519, base64url)',
  keyHeading: 'Öffentlicher Schlüssel (JWK)',
  excerptHeading: 'Signierter Auszug',
  excerptIntro:
    'Das Protokoll der Website bestätigt mit dieser Signatur, dass genau diese Einträge (ihre Hashes, in dieser Reihenfolge) bis zum genannten Stand in ihm stehen.',
  noExcerpt: 'Kein Auszug: Es ist kein Signaturschlüssel eingerichtet.',
  howToCheckHeading: 'Selbst prüfen',
  howToCheckCli:
    'Mit Node.js: die JSON-Fassung dieses Nachweises speichern und prüfen lassen (mit den veröffentlichten Schlüsseln der Website):',
  howToCheckBrowser:
    'Oder hier im Browser, ohne Netz: Die Schaltfläche prüft jede Signatur, jeden Hash und den Auszug mit WebCrypto (Ed25519).',
  howToCheckPdf:
    'Die HTML-Fassung dieses Nachweises enthält dieselbe Prüfung als Schaltfläche, die ohne Netz im Browser läuft.',
  checkButton: 'Signaturen prüfen',
  checkValid: 'Gültig: Alle Signaturen, Hashes und der Auszug stimmen.',
  checkInvalid: 'Ungültig',
  checkUnsupported: 'Dieser Browser kann Ed25519 nicht prüfen.',
  narrativeNotChecked:
    'Die Prüfung erfasst die Einträge im Anhang; der Text oben ist aus ihnen abgeleitet.',
  page: (n, of) => `Seite ${n} von ${of}`,
  unencodable:
    'Zeichen, die die Standardschrift dieses PDFs nicht darstellen kann, stehen als [U+XXXX].',
  events: {
    requested: 'angefragt',
    confirmed: 'bestätigt',
    withdrawn: 'widerrufen',
    expired: 'abgelaufen',
    erased: 'gelöscht',
    used: 'genutzt',
    honoured: 'umgesetzt',
    imported: 'importiert',
  },
};

const en: ExhibitTexts = {
  title: 'Proof of consent',
  subtitle: 'Double opt-in with signed records (Signet)',
  controller: 'Controller',
  address: 'Address',
  contact: 'Contact',
  privacyPolicy: 'Privacy policy',
  site: 'Website',
  person: 'Data subject',
  personErased: (contact, date) =>
    `${contact}: erased at the person's request on ${date}; the records carry only this contact's keyed hash, which matches it`,
  made: 'Made on',
  timesIn: (zone) => `All times in the time zone ${zone}.`,
  notGiven: 'not given',
  narrativeHeading: 'What happened',
  purposeHeading: (label) => `Purpose: “${label}”`,
  on: ({ date, time, zone }) => `On ${date} at ${time} (${zone})`,
  requested: ({ on, pageUrl, form, label, contact }) =>
    `${on}, consent to “${label}” was requested for ${contact} ${
      pageUrl ? `on ${pageUrl}` : "through the website's API"
    }${form ? ` using the form “${form}”` : ''}.`,
  confirmed: ({ on, channel }) =>
    channel === 'sms'
      ? `${on}, the confirmation text message sent to this number was confirmed through its link.`
      : `${on}, the confirmation email sent to this address was confirmed through its link.`,
  outcomeSuperseded: (replacedOn) =>
    `This request was not confirmed: ${replacedOn.charAt(0).toLowerCase()}${replacedOn.slice(1)} it was followed by a new request whose message carried a link of its own.`,
  outcomeUnconfirmed: 'This request was not confirmed; no consent arose from it.',
  reference: (reference) => `The website's reference for this request: “${reference}”.`,
  withdrawn: ({ on, how }) => `${on}, the consent was withdrawn${how ? ` (${how})` : ''}.`,
  withdrawalPaths: {
    'preferences-page': "on the person's preferences page",
    'one-click-unsubscribe': "through an email's unsubscribe link",
  },
  expired: (on) => `${on}, the consent ended because its lifetime was over.`,
  used: (on) => `${on}, the consent was used for a telephone call (§ 7a UWG).`,
  honoured: ({ on, system }) =>
    `Stopped in “${system}”: ${on}, this system of the site confirmed that it applied the withdrawal or erasure.`,
  imported: (on, system) =>
    `${on}, the site owner imported the consent from “${system}” with that system's evidence; Signet did not confirm it itself.`,
  erased: ({ on, allWithdrawn }) =>
    `${on}, at the person's request${
      allWithdrawn ? ' (after they withdrew their last consent)' : ''
    }, their readable data was erased; the signed records, without readable data, remain as proof.`,
  circumstances: ({ network, browser }) =>
    `Network: ${network ?? 'not recorded'}; browser: ${browser ?? 'not recorded'}.`,
  wordingHeading: 'The wording as it was shown',
  wordingIntro:
    'Each record names the SHA-256 hash of the text the person saw; here is that text, field by field.',
  wordingFields: {
    label: 'Text next to the box',
    processed: 'What data',
    purpose: 'What for',
    retention: 'How long',
    withdrawal: 'Withdrawal',
  },
  wordingVersion: 'Version (SHA-256)',
  messagesHeading: 'The confirmation message as sent',
  messageSent: (on) => `Sent: ${on}.`,
  redaction:
    'The confirmation link is redacted ([redacted:…]): it was a key only the recipient was to hold, and it is stored nowhere. Shown is the SHA-256 hash of the link the message carried.',
  messagesErased: (date) =>
    `The confirmation messages were erased on ${date} with the rest of the readable data.`,
  noMessages: 'No confirmation message is held.',
  erasureHeading: 'Erasure',
  erasureText: (date, allWithdrawn) =>
    `On ${date}, at the person's request${
      allWithdrawn ? ' (withdrawing their last consent)' : ''
    }, these were erased: the address or number in readable form, the state of the consents, the requests, the confirmation messages and the links to the preferences page. The signed records, which hold keyed hashes only, remain (Art. 17(3)(e) GDPR); the person's contact above is the one given when this document was asked for.`,
  appendixHeading: 'Technical appendix',
  appendixIntro:
    'Each record as canonical JSON (RFC 8785), its SHA-256 hash and its Ed25519 signature.',
  record: (seq, event) => `Record no. ${seq}: ${event}`,
  canonicalJson: 'Canonical JSON',
  hash: 'SHA-256',
  signature: 'Signature (Ed25519, base64url)',
  keyHeading: 'Public key (JWK)',
  excerptHeading: 'Signed excerpt',
  excerptIntro:
    "With this signature the website's log states that exactly these records (their hashes, in this order) stand in it up to the head named.",
  noExcerpt: 'No excerpt: no signing key is configured.',
  howToCheckHeading: 'How to check this yourself',
  howToCheckCli:
    "With Node.js: save the JSON form of this document and have it checked (against the website's published keys):",
  howToCheckBrowser:
    'Or here in the browser, offline: the button checks every signature, every hash and the excerpt with WebCrypto (Ed25519).',
  howToCheckPdf:
    'The HTML form of this document holds the same check as a button that runs in the browser without a network.',
  checkButton: 'Check the signatures',
  checkValid: 'Valid: every signature, hash and the excerpt hold.',
  checkInvalid: 'Invalid',
  checkUnsupported: 'This browser cannot check Ed25519.',
  narrativeNotChecked:
    'The check covers the records in the appendix; the text above is derived from them.',
  page: (n, of) => `Page ${n} of ${of}`,
  unencodable: "Characters this PDF's standard font cannot show are written as [U+XXXX].",
  events: {
    requested: 'requested',
    confirmed: 'confirmed',
    withdrawn: 'withdrawn',
    expired: 'expired',
    erased: 'erased',
    used: 'used',
    honoured: 'honoured',
    imported: 'imported',
  },
};

const fr: ExhibitTexts = {
  title: 'Preuve du consentement',
  subtitle: 'Double opt-in avec enregistrements signés (Signet)',
  controller: 'Responsable du traitement',
  address: 'Adresse',
  contact: 'Contact',
  privacyPolicy: 'Politique de confidentialité',
  site: 'Site',
  person: 'Personne concernée',
  personErased: (contact, date) =>
    `${contact} : effacé à la demande de la personne le ${date} ; les enregistrements ne portent que l’empreinte à clé de cette donnée, qui lui correspond`,
  made: 'Établi le',
  timesIn: (zone) => `Toutes les heures dans le fuseau horaire ${zone}.`,
  notGiven: 'non indiqué',
  narrativeHeading: 'Ce qui s’est passé',
  purposeHeading: (label) => `Finalité : « ${label} »`,
  on: ({ date, time, zone }) => `Le ${date} à ${time} (${zone})`,
  requested: ({ on, pageUrl, form, label, contact }) =>
    `${on}, le consentement « ${label} » a été demandé pour ${contact} ${
      pageUrl ? `sur ${pageUrl}` : 'par l’interface du site'
    }${form ? ` au moyen du formulaire « ${form} »` : ''}.`,
  confirmed: ({ on, channel }) =>
    channel === 'sms'
      ? `${on}, le SMS de confirmation envoyé à ce numéro a été confirmé par son lien.`
      : `${on}, l’e-mail de confirmation envoyé à cette adresse a été confirmé par son lien.`,
  outcomeSuperseded: (replacedOn) =>
    `Cette demande n’a pas été confirmée : ${replacedOn.charAt(0).toLowerCase()}${replacedOn.slice(1)}, elle a été suivie d’une nouvelle demande dont le message portait son propre lien.`,
  outcomeUnconfirmed: 'Cette demande n’a pas été confirmée ; aucun consentement n’en est né.',
  reference: (reference) => `Référence du site pour cette demande : « ${reference} ».`,
  withdrawn: ({ on, how }) => `${on}, le consentement a été retiré${how ? ` (${how})` : ''}.`,
  withdrawalPaths: {
    'preferences-page': 'sur la page de préférences de la personne',
    'one-click-unsubscribe': 'par le lien de désinscription d’un e-mail',
  },
  expired: (on) => `${on}, le consentement a pris fin à l’échéance de sa durée.`,
  used: (on) => `${on}, le consentement a été utilisé pour un appel téléphonique (§ 7a UWG).`,
  honoured: ({ on, system }) =>
    `Arrêté dans « ${system} » : ${on}, ce système du site a confirmé avoir appliqué le retrait ou la suppression.`,
  imported: (on, system) =>
    `${on}, le responsable du site a importé le consentement depuis « ${system} » avec les preuves de ce système ; Signet ne l'a pas confirmé lui-même.`,
  erased: ({ on, allWithdrawn }) =>
    `${on}, à la demande de la personne${
      allWithdrawn ? ' (après le retrait de son dernier consentement)' : ''
    }, ses données lisibles ont été effacées ; les enregistrements signés, sans données lisibles, restent comme preuve.`,
  circumstances: ({ network, browser }) =>
    `Réseau : ${network ?? 'non enregistré'} ; navigateur : ${browser ?? 'non enregistré'}.`,
  wordingHeading: 'Le texte tel qu’il a été affiché',
  wordingIntro:
    'Chaque enregistrement nomme l’empreinte SHA-256 du texte que la personne a vu ; voici ce texte, champ par champ.',
  wordingFields: {
    label: 'Texte à côté de la case',
    processed: 'Quelles données',
    purpose: 'Pour quoi',
    retention: 'Combien de temps',
    withdrawal: 'Retrait',
  },
  wordingVersion: 'Version (SHA-256)',
  messagesHeading: 'Le message de confirmation tel qu’il a été envoyé',
  messageSent: (on) => `Envoyé : ${on}.`,
  redaction:
    'Le lien de confirmation est masqué ([redacted:…]) : c’était une clé que seul le destinataire devait détenir, et il n’est conservé nulle part. Figure ici l’empreinte SHA-256 du lien que portait le message.',
  messagesErased: (date) =>
    `Les messages de confirmation ont été effacés le ${date} avec les autres données lisibles.`,
  noMessages: 'Aucun message de confirmation n’est conservé.',
  erasureHeading: 'Effacement',
  erasureText: (date, allWithdrawn) =>
    `Le ${date}, à la demande de la personne${
      allWithdrawn ? ' (retrait de son dernier consentement)' : ''
    }, ont été effacés : l’adresse ou le numéro sous forme lisible, l’état des consentements, les demandes, les messages de confirmation et les liens vers la page de préférences. Les enregistrements signés, qui ne contiennent que des empreintes à clé, restent (art. 17, par. 3, point e, RGPD) ; le contact de la personne ci-dessus est celui donné pour établir ce document.`,
  appendixHeading: 'Annexe technique',
  appendixIntro:
    'Chaque enregistrement en JSON canonique (RFC 8785), son empreinte SHA-256 et sa signature Ed25519.',
  record: (seq, event) => `Enregistrement no ${seq} : ${event}`,
  canonicalJson: 'JSON canonique',
  hash: 'SHA-256',
  signature: 'Signature (Ed25519, base64url)',
  keyHeading: 'Clé publique (JWK)',
  excerptHeading: 'Extrait signé',
  excerptIntro:
    'Par cette signature, le journal du site atteste que exactement ces enregistrements (leurs empreintes, dans cet ordre) y figurent jusqu’à l’état indiqué.',
  noExcerpt: 'Pas d’extrait : aucune clé de signature n’est configurée.',
  howToCheckHeading: 'Le vérifier soi-même',
  howToCheckCli:
    'Avec Node.js : enregistrer la forme JSON de ce document et la faire vérifier (avec les clés publiées du site) :',
  howToCheckBrowser:
    'Ou ici dans le navigateur, hors ligne : le bouton vérifie chaque signature, chaque empreinte et l’extrait avec WebCrypto (Ed25519).',
  howToCheckPdf:
    'La forme HTML de ce document contient la même vérification, sous forme de bouton qui fonctionne dans le navigateur sans réseau.',
  checkButton: 'Vérifier les signatures',
  checkValid: 'Valide : toutes les signatures, les empreintes et l’extrait sont corrects.',
  checkInvalid: 'Non valide',
  checkUnsupported: 'Ce navigateur ne peut pas vérifier Ed25519.',
  narrativeNotChecked:
    'La vérification porte sur les enregistrements de l’annexe ; le texte ci-dessus en est dérivé.',
  page: (n, of) => `Page ${n} sur ${of}`,
  unencodable:
    'Les caractères que la police standard de ce PDF ne peut afficher sont écrits [U+XXXX].',
  events: {
    requested: 'demandé',
    confirmed: 'confirmé',
    withdrawn: 'retiré',
    expired: 'expiré',
    erased: 'effacé',
    used: 'utilisé',
    honoured: 'appliqué',
    imported: 'importé',
  },
};

export const exhibitTexts: Record<Locale, ExhibitTexts> = { de, en, fr };
