import type { FormStrings } from '../form-strings.js';

/** German: its own chunk of signet.js, fetched when a form speaks German. */
const strings: FormStrings = {
  legend: 'Ihre Einwilligungen',
  loading: 'Formular wird geladen …',
  loadFailed: 'Das Formular konnte nicht geladen werden.',
  retry: 'Erneut versuchen',
  unavailable: 'Dieses Formular ist hier nicht verfügbar.',
  details: 'Details: welche Daten, wozu, wie lange, wer, Widerruf',
  whatLabel: 'Welche Daten',
  whyLabel: 'Wozu',
  howLongLabel: 'Wie lange',
  whoLabel: 'Wer',
  withdrawLabel: 'Widerruf',
  controller: 'Verantwortlich',
  privacyPolicy: 'Datenschutzerklärung',
  manage: 'Einwilligungen verwalten',
  email: 'E-Mail-Adresse',
  emailHint: 'Wir senden Ihnen einen Link zur Bestätigung.',
  phone: 'Mobilnummer',
  phoneHint: 'Nur für die Punkte per SMS oder Telefon, die Sie gewählt haben.',
  country: 'Landesvorwahl',
  invalidPhone: 'Bitte geben Sie eine gültige Mobilnummer ein.',
  resend: 'Erneut senden',
  resendIn: (seconds) => `Erneut senden (in ${seconds} s)`,
  submit: 'Zustimmen und Bestätigungslink senden',
  submitting: 'Wird gesendet …',
  pendingTitle: 'Bitte prüfen Sie Ihr Postfach',
  pendingBody: (email) =>
    `Wenn ${email} E-Mails von uns empfangen kann, ist eine Bestätigung unterwegs. Erst mit dem Klick auf den Link darin wird Ihre Einwilligung wirksam.`,
  changeAddress: 'Falsche Adresse? Ändern',
  noPurpose: 'Bitte wählen Sie mindestens einen Punkt aus.',
  invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  submitFailed:
    'Das hat leider nicht geklappt. Ihre Eingaben sind noch da; bitte versuchen Sie es erneut.',
  outdated: 'Die Texte haben sich inzwischen geändert. Bitte laden Sie die Seite neu.',
  rateLimited: 'Zu viele Versuche. Bitte warten Sie etwas und versuchen Sie es dann erneut.',
  network: 'Keine Verbindung. Ihre Eingaben sind noch da; bitte versuchen Sie es erneut.',
};

export default strings;
