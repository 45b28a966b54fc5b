import type { Locale } from '@signet/sdk';

export interface FormStrings {
  legend: string;
  loading: string;
  loadFailed: string;
  retry: string;
  details: string;
  whatLabel: string;
  whyLabel: string;
  howLongLabel: string;
  whoLabel: string;
  withdrawLabel: string;
  controller: string;
  privacyPolicy: string;
  email: string;
  emailHint: string;
  phone: string;
  phoneHint: string;
  country: string;
  invalidPhone: string;
  resend: string;
  resendIn: (seconds: number) => string;
  submit: string;
  submitting: string;
  pendingTitle: string;
  pendingBody: (email: string) => string;
  noPurpose: string;
  invalidEmail: string;
  submitFailed: string;
  outdated: string;
  rateLimited: string;
  network: string;
}

export const strings: Record<Locale, FormStrings> = {
  de: {
    legend: 'Ihre Einwilligungen',
    loading: 'Formular wird geladen …',
    loadFailed: 'Das Formular konnte nicht geladen werden.',
    retry: 'Erneut versuchen',
    details: 'Details: welche Daten, wozu, wie lange, wer, Widerruf',
    whatLabel: 'Welche Daten',
    whyLabel: 'Wozu',
    howLongLabel: 'Wie lange',
    whoLabel: 'Wer',
    withdrawLabel: 'Widerruf',
    controller: 'Verantwortlich',
    privacyPolicy: 'Datenschutzerklärung',
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
      `Wir haben eine E-Mail an ${email} gesendet. Erst mit dem Klick auf den Link darin wird Ihre Einwilligung wirksam.`,
    noPurpose: 'Bitte wählen Sie mindestens einen Punkt aus.',
    invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
    submitFailed:
      'Das hat leider nicht geklappt. Ihre Eingaben sind noch da; bitte versuchen Sie es erneut.',
    outdated: 'Die Texte haben sich inzwischen geändert. Bitte laden Sie die Seite neu.',
    rateLimited: 'Zu viele Versuche. Bitte warten Sie etwas und versuchen Sie es dann erneut.',
    network: 'Keine Verbindung. Ihre Eingaben sind noch da; bitte versuchen Sie es erneut.',
  },
  en: {
    legend: 'Your consents',
    loading: 'Loading the form …',
    loadFailed: 'The form could not be loaded.',
    retry: 'Try again',
    details: 'Details: what data, what for, how long, who, withdrawal',
    whatLabel: 'What data',
    whyLabel: 'What for',
    howLongLabel: 'How long',
    whoLabel: 'Who',
    withdrawLabel: 'Withdrawal',
    controller: 'Controller',
    privacyPolicy: 'Privacy policy',
    email: 'Email address',
    emailHint: 'We will send you a link to confirm.',
    phone: 'Mobile number',
    phoneHint: 'Only for the SMS or phone items you chose.',
    country: 'Country code',
    invalidPhone: 'Please enter a valid mobile number.',
    resend: 'Send again',
    resendIn: (seconds) => `Send again (in ${seconds} s)`,
    submit: 'Agree and send confirmation link',
    submitting: 'Sending …',
    pendingTitle: 'Please check your inbox',
    pendingBody: (email) =>
      `We have sent an email to ${email}. Your consent only takes effect once you click the link in it.`,
    noPurpose: 'Please choose at least one item.',
    invalidEmail: 'Please enter a valid email address.',
    submitFailed: 'That did not work. What you entered is still here; please try again.',
    outdated: 'The wording has changed in the meantime. Please reload the page.',
    rateLimited: 'Too many attempts. Please wait a while, then try again.',
    network: 'No connection. What you entered is still here; please try again.',
  },
};

/** The `lang` attribute, then the document's language, then the browser's; German otherwise. */
export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    const primary = candidate?.toLowerCase().split('-')[0];
    if (primary === 'de' || primary === 'en') return primary;
  }
  return 'de';
}
