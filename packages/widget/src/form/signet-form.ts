import { SignetForm } from './signet-form.component.js';

export { SignetForm };

if (!customElements.get('signet-form')) customElements.define('signet-form', SignetForm);

declare global {
  interface HTMLElementTagNameMap {
    'signet-form': SignetForm;
  }
}
