import type { FormStrings } from '../form-strings.js';

/** English: built into signet.js, and the texts shown while another locale loads. */
const strings: FormStrings = {
  legend: 'Your consents',
  loading: 'Loading the form …',
  loadFailed: 'The form could not be loaded.',
  retry: 'Try again',
  unavailable: 'This form is not available here.',
  details: 'Details: what data, what for, how long, who, withdrawal',
  whatLabel: 'What data',
  whyLabel: 'What for',
  howLongLabel: 'How long',
  whoLabel: 'Who',
  withdrawLabel: 'Withdrawal',
  controller: 'Controller',
  privacyPolicy: 'Privacy policy',
  manage: 'Manage your consents',
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
    `If ${email} can receive mail from us, a confirmation is on its way. Your consent only takes effect once you click the link in it.`,
  changeAddress: 'Wrong address? Change it',
  noPurpose: 'Please choose at least one item.',
  invalidEmail: 'Please enter a valid email address.',
  submitFailed: 'That did not work. What you entered is still here; please try again.',
  outdated: 'The wording has changed in the meantime. Please reload the page.',
  rateLimited: 'Too many attempts. Please wait a while, then try again.',
  network: 'No connection. What you entered is still here; please try again.',
};

export default strings;
