/** Every text the elements show; a locale supplies all of them, a page may override any. */
export interface FormStrings {
  legend: string;
  loading: string;
  loadFailed: string;
  retry: string;
  /** The form cannot be shown on this page (the site's owner must act; the console says what). */
  unavailable: string;
  details: string;
  whatLabel: string;
  whyLabel: string;
  howLongLabel: string;
  whoLabel: string;
  withdrawLabel: string;
  controller: string;
  privacyPolicy: string;
  /** The link to the person's preferences page. */
  manage: string;
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
  /** Back to the form, to correct the address. */
  changeAddress: string;
  noPurpose: string;
  invalidEmail: string;
  submitFailed: string;
  outdated: string;
  rateLimited: string;
  network: string;
}
