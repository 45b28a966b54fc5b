import { SignetForm } from './signet-form.component.js';

export { SignetForm };

// Without a DOM (Node), there is no registry to define it in.
if (globalThis.customElements && !customElements.get('signet-form')) {
  customElements.define('signet-form', SignetForm);
}

declare global {
  interface HTMLElementTagNameMap {
    'signet-form': SignetForm;
  }
}
