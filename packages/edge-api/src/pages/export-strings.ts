import type { Locale, RecordEvent } from '@signet/sdk';

type Status = 'active' | 'withdrawn' | 'expired' | 'pending' | 'confirmed';

/** Every text of the person's readable export and of its CSV (R3), in each language. */
export interface ExportStrings {
  title: (site: string) => string;
  made: (time: string, zone: string) => string;
  controller: (name: string, contact: string) => string;
  privacyPolicy: string;
  csv: string;
  json: string;
  contactTitle: string;
  contactMeans: string;
  email: string;
  phone: string;
  heldSince: (time: string) => string;
  consentsTitle: string;
  consentsMeans: string;
  none: string;
  status: Record<Status, string>;
  confirmedAt: (time: string) => string;
  changedAt: (time: string) => string;
  lapsesAt: (time: string) => string;
  requestsTitle: string;
  requestsMeans: string;
  requestFrom: (page: string, time: string) => string;
  messagesTitle: string;
  messagesMeans: string;
  messageTo: (to: string, status: string) => string;
  messageStatus: Record<'pending' | 'sent' | 'failed', string>;
  wordingsTitle: string;
  wordingsMeans: string;
  wordingVersion: (version: string) => string;
  historyTitle: string;
  historyMeans: string;
  event: Record<RecordEvent, string>;
  eventMeans: Record<RecordEvent, string>;
  unsealed: string;
  alsoHeld: (links: number, sessions: number, counts: number) => string;
  csvHeader: (zone: string) => [string, string, string, string];
}

const de: ExportStrings = {
  title: (site) => `Ihre Daten bei ${site}`,
  made: (time, zone) => `Erstellt am ${time}. Alle Zeiten in der Zeitzone ${zone}.`,
  controller: (name, contact) => `Verantwortlich: ${name} (${contact})`,
  privacyPolicy: 'Datenschutzerklärung',
  csv: 'Verlauf als CSV herunterladen',
  json: 'Alles als JSON herunterladen',
  contactTitle: 'Ihre Kontaktdaten',
  contactMeans:
    'Diese Angaben hält die Website über Sie, verschlüsselt mit einem eigenen Schlüssel nur für Sie.',
  email: 'E-Mail-Adresse',
  phone: 'Telefonnummer',
  heldSince: (time) => `Gespeichert seit ${time}.`,
  consentsTitle: 'Ihre Einwilligungen',
  consentsMeans:
    'Wofür Sie eingewilligt haben und wie es heute steht. Nur eine erteilte Einwilligung erlaubt der Website, Sie dafür zu kontaktieren.',
  none: 'Keine.',
  status: {
    active: 'erteilt',
    withdrawn: 'widerrufen',
    expired: 'abgelaufen',
    pending: 'wartet auf Ihre Bestätigung',
    confirmed: 'bestätigt',
  },
  confirmedAt: (time) => `Bestätigt am ${time}`,
  changedAt: (time) => `zuletzt geändert am ${time}`,
  lapsesAt: (time) => `endet am ${time}`,
  requestsTitle: 'Ihre Anfragen',
  requestsMeans:
    'Jede Anmeldung über ein Formular ist eine Anfrage; erst Ihre Bestätigung über den zugesandten Link macht sie wirksam.',
  requestFrom: (pageUrl, time) => `Von ${pageUrl}, am ${time}`,
  messagesTitle: 'Nachrichten an Sie',
  messagesMeans:
    'Was in Ihrem Namen verschickt wurde: Bestätigungslinks und Links zu Ihren Einstellungen, keine Werbung.',
  messageTo: (to, status) => `An ${to} · ${status}`,
  messageStatus: { pending: 'noch nicht gesendet', sent: 'gesendet', failed: 'fehlgeschlagen' },
  wordingsTitle: 'Die Texte, die Ihnen gezeigt wurden',
  wordingsMeans:
    'Genau diese Fassung stand neben dem Kästchen, als Sie eingewilligt haben; sie wird nie nachträglich geändert.',
  wordingVersion: (version) => `Fassung ${version.slice(0, 12)}`,
  historyTitle: 'Verlauf',
  historyMeans:
    'Jeder Eintrag ist ein von der Website signierter Nachweis; er enthält keine lesbaren Kontaktdaten und bleibt auch nach einer Löschung bestehen.',
  event: {
    requested: 'angefragt',
    confirmed: 'bestätigt',
    withdrawn: 'widerrufen',
    expired: 'abgelaufen',
    erased: 'gelöscht',
    used: 'für einen Anruf genutzt',
    honoured: 'im System der Website umgesetzt',
    imported: 'vom Betreiber importiert',
  },
  eventMeans: {
    requested:
      'Ein Formular hat die Einwilligung angefragt und Ihnen einen Bestätigungslink gesendet.',
    confirmed: 'Sie haben über den Link bestätigt: Ab da galt die Einwilligung.',
    withdrawn: 'Sie haben widerrufen: Ab da durfte die Website Sie dafür nicht mehr kontaktieren.',
    expired: 'Die Einwilligung war befristet und ist abgelaufen.',
    erased: 'Ihre lesbaren Daten wurden gelöscht.',
    used: 'Die Website hat die Einwilligung für einen Anruf genutzt (Nachweis nach § 7a UWG).',
    honoured:
      'Ein System der Website (etwa ihr Newsletter-Versand) hat bestätigt, dass es den Widerruf oder die Löschung umgesetzt hat.',
    imported:
      'Der Betreiber hat eine Einwilligung aus einem anderen System übernommen, mit den Nachweisen, die es hatte; Signet hat sie nicht selbst bestätigt.',
  },
  unsealed: 'noch nicht signiert',
  alsoHeld: (links, sessions, counts) =>
    `Außerdem gespeichert: ${links} Link(s) zu Ihren Einstellungen, ${sessions} Sitzung(en) und ${counts} Zählung(en) von Anfragen für Ihre Adresse (gegen Missbrauch; der Zähler enthält nur einen verschlüsselten Hash).`,
  csvHeader: (zone) => [`Zeit (${zone})`, 'Zweck', 'Ereignis', 'Textfassung'],
};

const en: ExportStrings = {
  title: (site) => `Your data at ${site}`,
  made: (time, zone) => `Made on ${time}. All times in the ${zone} time zone.`,
  controller: (name, contact) => `Controller: ${name} (${contact})`,
  privacyPolicy: 'Privacy policy',
  csv: 'Download the history as CSV',
  json: 'Download everything as JSON',
  contactTitle: 'Your contact data',
  contactMeans:
    'What the site holds about you, encrypted with a key of its own that is only for you.',
  email: 'Email address',
  phone: 'Phone number',
  heldSince: (time) => `Held since ${time}.`,
  consentsTitle: 'Your consents',
  consentsMeans:
    'What you agreed to and where it stands today. Only a consent that is given lets the site contact you for it.',
  none: 'None.',
  status: {
    active: 'given',
    withdrawn: 'withdrawn',
    expired: 'expired',
    pending: 'waiting for your confirmation',
    confirmed: 'confirmed',
  },
  confirmedAt: (time) => `Confirmed on ${time}`,
  changedAt: (time) => `last changed on ${time}`,
  lapsesAt: (time) => `ends on ${time}`,
  requestsTitle: 'Your requests',
  requestsMeans:
    'Each sign-up through a form is a request; only your confirmation by the link sent to you makes it count.',
  requestFrom: (pageUrl, time) => `From ${pageUrl}, on ${time}`,
  messagesTitle: 'Messages sent to you',
  messagesMeans:
    'What was sent in your name: confirmation links and links to your preferences, no advertising.',
  messageTo: (to, status) => `To ${to} · ${status}`,
  messageStatus: { pending: 'not sent yet', sent: 'sent', failed: 'failed' },
  wordingsTitle: 'The texts you were shown',
  wordingsMeans:
    'This very version stood next to the box when you agreed; it is never changed afterwards.',
  wordingVersion: (version) => `Version ${version.slice(0, 12)}`,
  historyTitle: 'History',
  historyMeans:
    'Each entry is a record signed by the site; it holds no readable contact data and stays even after an erasure.',
  event: {
    requested: 'requested',
    confirmed: 'confirmed',
    withdrawn: 'withdrawn',
    expired: 'expired',
    erased: 'erased',
    used: 'used for a call',
    honoured: 'stopped in the site’s system',
    imported: 'imported by the site owner',
  },
  eventMeans: {
    requested: 'A form asked for this consent and sent you a confirmation link.',
    confirmed: 'You confirmed by the link: the consent counted from then on.',
    withdrawn: 'You withdrew: from then on the site could no longer contact you for it.',
    expired: 'The consent was for a limited time and has ended.',
    erased: 'Your readable data was deleted.',
    used: 'The site used the consent for a call (proof under § 7a UWG).',
    honoured:
      'A system of the site (its mailing tool, say) confirmed that it applied the withdrawal or erasure.',
    imported:
      'The site owner brought in a consent from another system, with the evidence it held; Signet did not confirm it itself.',
  },
  unsealed: 'not signed yet',
  alsoHeld: (links, sessions, counts) =>
    `Also held: ${links} link(s) to your preferences, ${sessions} session(s), and ${counts} count(s) of requests for your address (against abuse; the counter holds only a keyed hash).`,
  csvHeader: (zone) => [`Time (${zone})`, 'Purpose', 'Event', 'Wording version'],
};

const fr: ExportStrings = {
  title: (site) => `Vos données chez ${site}`,
  made: (time, zone) => `Établi le ${time}. Toutes les heures dans le fuseau ${zone}.`,
  controller: (name, contact) => `Responsable du traitement : ${name} (${contact})`,
  privacyPolicy: 'Politique de confidentialité',
  csv: 'Télécharger l’historique en CSV',
  json: 'Tout télécharger en JSON',
  contactTitle: 'Vos coordonnées',
  contactMeans:
    'Ce que le site conserve à votre sujet, chiffré avec une clé propre, réservée à vous seul.',
  email: 'Adresse e-mail',
  phone: 'Numéro de téléphone',
  heldSince: (time) => `Conservé depuis le ${time}.`,
  consentsTitle: 'Vos consentements',
  consentsMeans:
    'Ce que vous avez accepté et où cela en est aujourd’hui. Seul un consentement donné permet au site de vous contacter pour cela.',
  none: 'Aucun.',
  status: {
    active: 'donné',
    withdrawn: 'retiré',
    expired: 'expiré',
    pending: 'en attente de votre confirmation',
    confirmed: 'confirmé',
  },
  confirmedAt: (time) => `Confirmé le ${time}`,
  changedAt: (time) => `modifié pour la dernière fois le ${time}`,
  lapsesAt: (time) => `prend fin le ${time}`,
  requestsTitle: 'Vos demandes',
  requestsMeans:
    'Chaque inscription par un formulaire est une demande ; seule votre confirmation par le lien envoyé la rend effective.',
  requestFrom: (pageUrl, time) => `Depuis ${pageUrl}, le ${time}`,
  messagesTitle: 'Messages qui vous ont été envoyés',
  messagesMeans:
    'Ce qui a été envoyé en votre nom : liens de confirmation et liens vers vos préférences, aucune publicité.',
  messageTo: (to, status) => `À ${to} · ${status}`,
  messageStatus: { pending: 'pas encore envoyé', sent: 'envoyé', failed: 'échec' },
  wordingsTitle: 'Les textes qui vous ont été présentés',
  wordingsMeans:
    'C’est exactement cette version qui figurait à côté de la case quand vous avez accepté ; elle n’est jamais modifiée ensuite.',
  wordingVersion: (version) => `Version ${version.slice(0, 12)}`,
  historyTitle: 'Historique',
  historyMeans:
    'Chaque entrée est une preuve signée par le site ; elle ne contient aucune coordonnée lisible et subsiste même après une suppression.',
  event: {
    requested: 'demandé',
    confirmed: 'confirmé',
    withdrawn: 'retiré',
    expired: 'expiré',
    erased: 'supprimé',
    used: 'utilisé pour un appel',
    honoured: 'arrêté dans le système du site',
    imported: 'importé par le responsable du site',
  },
  eventMeans: {
    requested: 'Un formulaire a demandé ce consentement et vous a envoyé un lien de confirmation.',
    confirmed: 'Vous avez confirmé par le lien : le consentement valait dès lors.',
    withdrawn:
      'Vous avez retiré votre consentement : dès lors, le site ne pouvait plus vous contacter pour cela.',
    expired: 'Le consentement était limité dans le temps et a pris fin.',
    erased: 'Vos données lisibles ont été supprimées.',
    used: 'Le site a utilisé le consentement pour un appel (preuve au titre du § 7a UWG).',
    honoured:
      'Un système du site (son outil d’envoi, par exemple) a confirmé avoir appliqué le retrait ou la suppression.',
    imported:
      "Le responsable du site a repris un consentement d'un autre système, avec les preuves qu'il contenait ; Signet ne l'a pas confirmé lui-même.",
  },
  unsealed: 'pas encore signé',
  alsoHeld: (links, sessions, counts) =>
    `Également conservés : ${links} lien(s) vers vos préférences, ${sessions} session(s) et ${counts} comptage(s) de demandes pour votre adresse (contre les abus ; le compteur ne contient qu’un hachage à clé).`,
  csvHeader: (zone) => [`Heure (${zone})`, 'Finalité', 'Événement', 'Version du texte'],
};

export const exportStrings = { de, en, fr } satisfies Record<Locale, ExportStrings>;
