import { SignetPreferences } from './signet-preferences.component.js';

export { SignetPreferences };

if (!customElements.get('signet-preferences')) {
  customElements.define('signet-preferences', SignetPreferences);
}

declare global {
  interface HTMLElementTagNameMap {
    'signet-preferences': SignetPreferences;
  }
}
