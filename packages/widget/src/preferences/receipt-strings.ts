import type { Locale } from '@signet/sdk';

/** The receipt's texts on the preferences page (P6), apart from the page's own strings. */
export interface ReceiptStrings {
  download: string;
  checkTitle: string;
  checkIntro: string;
  file: string;
  checking: string;
  valid: (label: string, controller: string) => string;
  validPublished: string;
  invalid: (reason: string) => string;
  unreadable: string;
}

export const receiptStrings: Record<Locale, ReceiptStrings> = {
  de: {
    download: 'Beleg herunterladen',
    checkTitle: 'Beleg prüfen',
    checkIntro:
      'Wählen Sie eine Beleg-Datei (JSON): Ihr Browser prüft die Signaturen, ohne die Datei zu senden.',
    file: 'Beleg-Datei',
    checking: 'Wird geprüft …',
    valid: (label, controller) =>
      `Gültig: Der Beleg über „${label}“ bei ${controller} ist vollständig und unverändert signiert.`,
    validPublished: 'Der Schlüssel darin ist der veröffentlichte.',
    invalid: (reason) =>
      `Ungültig: Dieser Beleg wurde verändert oder ist unvollständig (${reason}).`,
    unreadable: 'Ungültig: Diese Datei ist kein Beleg (kein lesbares JSON).',
  },
  en: {
    download: 'Download receipt',
    checkTitle: 'Check a receipt',
    checkIntro:
      'Choose a receipt file (JSON): your browser checks its signatures without sending the file.',
    file: 'Receipt file',
    checking: 'Checking …',
    valid: (label, controller) =>
      `Valid: the receipt for “${label}” at ${controller} is complete and signed unchanged.`,
    validPublished: 'The key inside is the published one.',
    invalid: (reason) => `Invalid: this receipt was changed or is incomplete (${reason}).`,
    unreadable: 'Invalid: this file is not a receipt (no readable JSON).',
  },
  fr: {
    download: 'Télécharger le reçu',
    checkTitle: 'Vérifier un reçu',
    checkIntro:
      'Choisissez un fichier de reçu (JSON) : votre navigateur vérifie ses signatures sans envoyer le fichier.',
    file: 'Fichier du reçu',
    checking: 'Vérification …',
    valid: (label, controller) =>
      `Valide : le reçu pour « ${label} » auprès de ${controller} est complet et signé sans modification.`,
    validPublished: 'La clé qu’il contient est celle qui est publiée.',
    invalid: (reason) => `Non valide : ce reçu a été modifié ou est incomplet (${reason}).`,
    unreadable: 'Non valide : ce fichier n’est pas un reçu (pas de JSON lisible).',
  },
};
