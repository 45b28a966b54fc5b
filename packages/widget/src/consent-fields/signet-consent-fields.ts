import { SignetConsentFields } from './signet-consent-fields.component.js';

export { SignetConsentFields };

if (!customElements.get('signet-consent-fields')) {
  customElements.define('signet-consent-fields', SignetConsentFields);
}

declare global {
  interface HTMLElementTagNameMap {
    'signet-consent-fields': SignetConsentFields;
  }
}
