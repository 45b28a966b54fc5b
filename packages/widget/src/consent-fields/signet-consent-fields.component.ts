import type { SignetError } from '@signet/sdk';
import { html, LitElement, nothing, unsafeCSS } from 'lit';
import { FormConfigController } from '../controllers/form-config.js';
import { renderPurpose } from '../form/render-purpose.js';
import { formStyles } from '../form/signet-form.styles.js';
import type { FormStrings } from '../i18n/strings.js';

/**
 * Checkout mode: the consent boxes inside a shop's own `<form>`, separate from the order (C1).
 * A form-associated element: the ticked purposes travel in the form's FormData as
 * `<name>.purpose` = `id:wordingVersion` (one entry each) and `<name>.locale`; the shop's server
 * starts the double opt-in with the SDK (`consentFromFormData`). It is always valid: it never
 * blocks the order.
 *
 * @tagname signet-consent-fields
 * @summary Consent boxes for a checkout form.
 * @event signet-error - The purposes could not be loaded; `detail.error` is a SignetError.
 * @csspart purpose - One purpose: box, label and details.
 * @csspart details - The expandable details of a purpose.
 */
export class SignetConsentFields extends LitElement {
  static formAssociated = true;
  static override styles = unsafeCSS(formStyles);

  static override properties = {
    site: { type: String },
    endpoint: { type: String },
    purposes: { type: String },
    name: { type: String, reflect: true },
    strings: { attribute: false },
    chosen: { state: true },
  };

  /** The site id, as set up in Signet. */
  declare site: string;
  /** Base URL of the Signet API; defaults to this page's origin. */
  declare endpoint: string;
  /** Optional space-separated purpose ids: show only these. */
  declare purposes: string;
  /** Prefix of the FormData entries. */
  declare name: string;
  /** Overrides for any of the texts, in the element's locale. */
  declare strings: Partial<FormStrings>;
  declare chosen: ReadonlySet<string>;
  readonly #internals: ElementInternals;
  readonly #form = new FormConfigController(this, (error: SignetError) =>
    this.dispatchEvent(
      new CustomEvent('signet-error', { detail: { error }, bubbles: true, composed: true }),
    ),
  );

  constructor() {
    super();
    this.site = '';
    this.endpoint = '';
    this.purposes = '';
    this.name = 'signet-consent';
    this.strings = {};
    this.chosen = new Set();
    this.#internals = this.attachInternals();
  }

  /** The ticked purposes with the wording version the person saw. */
  get value(): { id: string; wordingVersion: string }[] {
    return this.#form.visiblePurposes
      .filter((purpose) => this.chosen.has(purpose.id))
      .map(({ id, wordingVersion }) => ({ id, wordingVersion }));
  }

  /** Always true: consent is optional and never stands in the way of the order. */
  checkValidity() {
    return true;
  }

  reportValidity() {
    return true;
  }

  protected override updated() {
    const data = new FormData();
    for (const { id, wordingVersion } of this.value) {
      data.append(`${this.name}.purpose`, `${id}:${wordingVersion}`);
    }
    if (this.#form.config) data.append(`${this.name}.locale`, this.#form.config.locale);
    this.#internals.setFormValue(data);
  }

  formResetCallback() {
    this.chosen = new Set();
  }

  #toggle = (id: string, checked: boolean) => {
    const next = new Set(this.chosen);
    if (checked) next.add(id);
    else next.delete(id);
    this.chosen = next;
  };

  protected override render() {
    const config = this.#form.config;
    const t = { ...this.#form.strings, ...this.strings };
    if (this.#form.status === 'waiting') return nothing;
    if (this.#form.status === 'loading') {
      return html`<div class="reserve" aria-busy="true"><p role="status">${t.loading}</p></div>`;
    }
    if (!config) return html`<p class="status error" role="alert">${t.loadFailed}</p>`;
    return html`<fieldset>
      <legend>${t.legend}</legend>
      ${this.#form.visiblePurposes.map((purpose) =>
        renderPurpose(purpose, config, t, this.chosen.has(purpose.id), this.#toggle),
      )}
    </fieldset>`;
  }
}
