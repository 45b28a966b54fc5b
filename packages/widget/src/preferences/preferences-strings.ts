import type { Locale, RecordEvent } from '@signet/sdk';

/** Every text of <signet-preferences>; all three languages travel in its own lazy chunk. */
export interface PreferencesStrings {
  title: string;
  opening: string;
  requestIntro: string;
  email: string;
  send: string;
  sending: string;
  sent: string;
  codeIntro: string;
  code: string;
  openWithCode: string;
  expired: string;
  /** A wrong code: the tries left, counted by the API; the address stays typed. */
  wrongCode: (triesLeft: number) => string;
  /** The code form when no address is typed above it. */
  codeNeedsEmail: string;
  contact: string;
  phone: string;
  purposes: string;
  /** The purposes the person never agreed to (or whose agreement waits for confirmation). */
  others: string;
  /** The session lives in the tab only; and the button that ends it now. */
  tabNote: string;
  signOut: string;
  signedOut: string;
  state: Record<'active' | 'pending' | 'withdrawn' | 'expired' | 'never', string>;
  since: (date: string) => string;
  until: (date: string) => string;
  withdraw: string;
  agree: string;
  confirmSent: (email: string) => string;
  withdrawn: (label: string) => string;
  again: string;
  downloads: string;
  downloadJson: string;
  downloadHtml: string;
  downloadCsv: string;
  /** Said before the click when a purpose is the person's last: what withdrawing it does (R4). */
  lastPurpose: (controller: string) => string;
  /** The downloads offered right there, before the last withdrawal. */
  keepFirst: string;
  /** § 7a UWG: how long the proof of a telephone consent is kept (P4). */
  phoneProof: string;
  /** After an erasure: what was kept. */
  kept: (controller: string) => string;
  /** An export asked for from a session older than 15 minutes. */
  exportStale: string;
  deleteTitle: string;
  deleteIntro: string;
  deleteAll: string;
  deleteConfirm: string;
  deleteCancel: string;
  erasedTitle: string;
  erased: string;
  sessionEnded: string;
  /** A link was opened while a session is open: whose page to show is the person's choice. */
  switchAsk: (email: string) => string;
  switchOpen: string;
  switchStay: (email: string) => string;
  failed: string;
  retry: string;
  history: string;
  event: Record<RecordEvent, string>;
}

const de: PreferencesStrings = {
  title: 'Ihre Einwilligungen',
  opening: 'Ihre Einstellungen werden geöffnet …',
  requestIntro:
    'Geben Sie Ihre E-Mail-Adresse ein: Wir senden Ihnen einen Link zu Ihren Einstellungen.',
  email: 'E-Mail-Adresse',
  send: 'Link senden',
  sending: 'Wird gesendet …',
  sent: 'Wenn wir diese Adresse kennen, ist ein Link unterwegs. Er ist 60 Minuten gültig.',
  codeIntro: 'Oder geben Sie den Code aus der E-Mail ein:',
  code: 'Code (8 Ziffern)',
  openWithCode: 'Mit Code öffnen',
  expired: 'Dieser Link ist abgelaufen oder ungültig. Fordern Sie einfach einen neuen an.',
  wrongCode: (n) =>
    n === 1
      ? 'Falscher Code. Sie haben noch 1 Versuch.'
      : n === 0
        ? 'Falscher Code. Keine Versuche mehr: Fordern Sie einen neuen Link an.'
        : `Falscher Code. Sie haben noch ${n} Versuche.`,
  codeNeedsEmail: 'Geben Sie oben Ihre E-Mail-Adresse ein, dann den Code.',
  contact: 'E-Mail-Adresse',
  phone: 'Telefonnummer',
  purposes: 'Wofür Sie eingewilligt haben',
  others: 'Sie können auch einwilligen in',
  tabNote: 'Wenn Sie diesen Tab schließen, sind Sie abgemeldet.',
  signOut: 'Abmelden',
  signedOut: 'Sie sind abgemeldet.',
  state: {
    active: 'Erteilt',
    pending: 'Wartet auf Bestätigung',
    withdrawn: 'Widerrufen',
    expired: 'Abgelaufen',
    never: 'Nicht erteilt',
  },
  since: (date) => `seit ${date}`,
  until: (date) => `bis ${date}`,
  withdraw: 'Widerrufen',
  agree: 'Einwilligen',
  confirmSent: (email) =>
    `Wir haben einen Bestätigungslink an ${email} gesendet. Erst er aktiviert die Einwilligung.`,
  withdrawn: (label) => `„${label}“ ist widerrufen.`,
  again: 'Wieder einwilligen können Sie hier mit „Einwilligen“; Sie bestätigen es dann per E-Mail.',
  downloads: 'Ihre Daten herunterladen',
  downloadJson: 'Als JSON',
  downloadHtml: 'Als lesbare Seite',
  downloadCsv: 'Verlauf als CSV',
  lastPurpose: (controller) =>
    `Damit werden Ihre Daten hier gelöscht; nur der signierte Nachweis, ohne lesbare Daten, bleibt, damit ${controller} zeigen kann, wozu Sie eingewilligt haben und wann Sie widerrufen haben.`,
  keepFirst: 'Vorher Ihre Daten herunterladen',
  phoneProof:
    'Der Nachweis dieser telefonischen Einwilligung wird 5 Jahre nach der Erteilung und nach jeder Nutzung aufbewahrt (§ 7a UWG).',
  kept: (controller) =>
    `Erhalten bleibt nur der signierte Nachweis, ohne lesbare Daten, damit ${controller} zeigen kann, wozu Sie eingewilligt haben und wann Sie widerrufen haben.`,
  exportStale:
    'Zum Herunterladen fordern Sie bitte einen neuen Link an (die Sitzung muss jünger als 15 Minuten sein). Widerrufen können Sie auch ohne.',
  deleteTitle: 'Alles löschen',
  deleteIntro:
    'Löscht Ihre Adresse und alle Einwilligungen bei dieser Website. Die signierten Nachweise behalten nur Prüfsummen.',
  deleteAll: 'Alles löschen …',
  deleteConfirm: 'Ja, endgültig löschen',
  deleteCancel: 'Abbrechen',
  erasedTitle: 'Gelöscht',
  erased: 'Ihre Daten bei dieser Website sind gelöscht.',
  sessionEnded: 'Ihre Sitzung ist abgelaufen. Fordern Sie einen neuen Link an.',
  switchAsk: (email) =>
    `Sie sind als ${email} angemeldet. Der geöffnete Link gehört zu einer anderen Anmeldung, vielleicht der einer anderen Person. Die Seite für den anderen Link öffnen?`,
  switchOpen: 'Seite für den anderen Link öffnen',
  switchStay: (email) => `Als ${email} angemeldet bleiben`,
  failed: 'Das hat nicht geklappt. Bitte versuchen Sie es noch einmal.',
  retry: 'Erneut versuchen',
  history: 'Verlauf',
  event: {
    requested: 'angefragt',
    confirmed: 'bestätigt',
    withdrawn: 'widerrufen',
    expired: 'abgelaufen',
    erased: 'gelöscht',
    used: 'für einen Anruf genutzt',
    honoured: 'gestoppt in',
    imported: 'vom Betreiber importiert',
  },
};

const en: PreferencesStrings = {
  title: 'Your consents',
  opening: 'Opening your preferences …',
  requestIntro: 'Enter your email address: we will send you a link to your preferences.',
  email: 'Email address',
  send: 'Send link',
  sending: 'Sending …',
  sent: 'If we know this address, a link is on its way. It is valid for 60 minutes.',
  codeIntro: 'Or enter the code from the email:',
  code: 'Code (8 digits)',
  openWithCode: 'Open with code',
  expired: 'This link has expired or is not valid. Just ask for a new one.',
  wrongCode: (n) =>
    n === 1
      ? 'Wrong code. You have 1 try left.'
      : n === 0
        ? 'Wrong code. No tries left: ask for a new link.'
        : `Wrong code. You have ${n} tries left.`,
  codeNeedsEmail: 'Enter your email address above, then the code.',
  contact: 'Email address',
  phone: 'Phone number',
  purposes: 'What you agreed to',
  others: 'You can also agree to',
  tabNote: 'Closing this tab signs you out.',
  signOut: 'Sign out',
  signedOut: 'You are signed out.',
  state: {
    active: 'Given',
    pending: 'Waiting for confirmation',
    withdrawn: 'Withdrawn',
    expired: 'Expired',
    never: 'Not given',
  },
  since: (date) => `since ${date}`,
  until: (date) => `until ${date}`,
  withdraw: 'Withdraw',
  agree: 'Agree',
  confirmSent: (email) =>
    `We sent a confirmation link to ${email}. Only that link makes the consent active.`,
  withdrawn: (label) => `“${label}” is withdrawn.`,
  again: 'You can agree again here with “Agree”; you will then confirm it by email.',
  downloads: 'Download your data',
  downloadJson: 'As JSON',
  downloadHtml: 'As a readable page',
  downloadCsv: 'History as CSV',
  lastPurpose: (controller) =>
    `This deletes your data here; only the signed proof, without readable data, stays, so that ${controller} can show what you agreed to and when you withdrew.`,
  keepFirst: 'Download your data first',
  phoneProof:
    'The proof of this telephone consent is kept 5 years after it was given and after each use (§ 7a UWG).',
  kept: (controller) =>
    `Only the signed proof, without readable data, was kept, so that ${controller} can show what you agreed to and when you withdrew.`,
  exportStale:
    'To download, please ask for a new link (the session must be less than 15 minutes old). You can withdraw without one.',
  deleteTitle: 'Delete everything',
  deleteIntro:
    'Deletes your address and every consent at this site. The signed proofs keep only checksums.',
  deleteAll: 'Delete everything …',
  deleteConfirm: 'Yes, delete for good',
  deleteCancel: 'Cancel',
  erasedTitle: 'Deleted',
  erased: 'Your data at this site is deleted.',
  sessionEnded: 'Your session has ended. Ask for a new link.',
  switchAsk: (email) =>
    `You are signed in as ${email}. The link you opened is for another sign-in, perhaps someone else’s. Open the page for the other link?`,
  switchOpen: 'Open the page for the other link',
  switchStay: (email) => `Stay signed in as ${email}`,
  failed: 'That did not work. Please try again.',
  retry: 'Try again',
  history: 'History',
  event: {
    requested: 'requested',
    confirmed: 'confirmed',
    withdrawn: 'withdrawn',
    expired: 'expired',
    erased: 'erased',
    used: 'used for a call',
    honoured: 'stopped in',
    imported: 'imported by the site owner',
  },
};

const fr: PreferencesStrings = {
  title: 'Vos consentements',
  opening: 'Ouverture de vos préférences …',
  requestIntro:
    'Saisissez votre adresse e-mail : nous vous enverrons un lien vers vos préférences.',
  email: 'Adresse e-mail',
  send: 'Envoyer le lien',
  sending: 'Envoi …',
  sent: 'Si nous connaissons cette adresse, un lien est en route. Il est valable 60 minutes.',
  codeIntro: 'Ou saisissez le code de l’e-mail :',
  code: 'Code (8 chiffres)',
  openWithCode: 'Ouvrir avec le code',
  expired: 'Ce lien a expiré ou n’est pas valable. Demandez-en simplement un nouveau.',
  wrongCode: (n) =>
    n === 1
      ? 'Code erroné. Il vous reste 1 essai.'
      : n === 0
        ? 'Code erroné. Plus aucun essai : demandez un nouveau lien.'
        : `Code erroné. Il vous reste ${n} essais.`,
  codeNeedsEmail: 'Saisissez d’abord votre adresse e-mail ci-dessus, puis le code.',
  contact: 'Adresse e-mail',
  phone: 'Numéro de téléphone',
  purposes: 'Ce que vous avez accepté',
  others: 'Vous pouvez aussi accepter',
  tabNote: 'Fermer cet onglet vous déconnecte.',
  signOut: 'Se déconnecter',
  signedOut: 'Vous êtes déconnecté(e).',
  state: {
    active: 'Donné',
    pending: 'En attente de confirmation',
    withdrawn: 'Retiré',
    expired: 'Expiré',
    never: 'Non donné',
  },
  since: (date) => `depuis le ${date}`,
  until: (date) => `jusqu’au ${date}`,
  withdraw: 'Retirer',
  agree: 'Accepter',
  confirmSent: (email) =>
    `Nous avons envoyé un lien de confirmation à ${email}. Seul ce lien active le consentement.`,
  withdrawn: (label) => `« ${label} » est retiré.`,
  again:
    'Vous pouvez accepter à nouveau ici avec « Accepter » ; vous le confirmerez ensuite par e-mail.',
  downloads: 'Télécharger vos données',
  downloadJson: 'En JSON',
  downloadHtml: 'En page lisible',
  downloadCsv: 'Historique en CSV',
  lastPurpose: (controller) =>
    `Vos données seront alors supprimées ici ; seule la preuve signée, sans données lisibles, est conservée, afin que ${controller} puisse montrer ce que vous avez accepté et quand vous l’avez retiré.`,
  keepFirst: 'Téléchargez d’abord vos données',
  phoneProof:
    'La preuve de ce consentement téléphonique est conservée 5 ans après qu’il a été donné et après chaque utilisation (§ 7a UWG).',
  kept: (controller) =>
    `Seule la preuve signée, sans données lisibles, a été conservée, afin que ${controller} puisse montrer ce que vous avez accepté et quand vous l’avez retiré.`,
  exportStale:
    'Pour télécharger, demandez un nouveau lien (la session doit dater de moins de 15 minutes). Vous pouvez retirer votre consentement sans.',
  deleteTitle: 'Tout supprimer',
  deleteIntro:
    'Supprime votre adresse et tous vos consentements sur ce site. Les preuves signées ne gardent que des empreintes.',
  deleteAll: 'Tout supprimer …',
  deleteConfirm: 'Oui, supprimer définitivement',
  deleteCancel: 'Annuler',
  erasedTitle: 'Supprimé',
  erased: 'Vos données sur ce site sont supprimées.',
  sessionEnded: 'Votre session a expiré. Demandez un nouveau lien.',
  switchAsk: (email) =>
    `Vous êtes connecté en tant que ${email}. Le lien ouvert est celui d’une autre connexion, peut-être d’une autre personne. Ouvrir la page de l’autre lien ?`,
  switchOpen: 'Ouvrir la page de l’autre lien',
  switchStay: (email) => `Rester connecté en tant que ${email}`,
  failed: 'Cela n’a pas fonctionné. Veuillez réessayer.',
  retry: 'Réessayer',
  history: 'Historique',
  event: {
    requested: 'demandé',
    confirmed: 'confirmé',
    withdrawn: 'retiré',
    expired: 'expiré',
    erased: 'supprimé',
    used: 'utilisé pour un appel',
    honoured: 'arrêté dans',
    imported: 'importé par le responsable du site',
  },
};

export const preferencesStrings = { de, en, fr } satisfies Record<Locale, PreferencesStrings>;
