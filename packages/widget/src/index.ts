export { SignetConsentFields } from './consent-fields/signet-consent-fields.js';
export type {
  SignetErrorDetail,
  SignetPendingDetail,
  SignetSubmitDetail,
} from './form/signet-form.component.js';
export { SignetForm } from './form/signet-form.js';
export type {
  SignetPreferencesErrorDetail,
  SignetWithdrawnDetail,
} from './preferences/signet-preferences.component.js';
export { SignetPreferences } from './preferences/signet-preferences.js';
