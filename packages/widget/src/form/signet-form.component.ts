import {
  type ConsentRequestInput,
  e164Pattern,
  type FormConfig,
  type FormPurpose,
  type SignetError,
} from '@signet/sdk';
import { html, nothing } from 'lit/html.js';
import type { Cooldown } from '../controllers/cooldown.js';
import { FormConfigController } from '../controllers/form-config.js';
import type { FormStrings } from '../i18n/strings.js';
import { SignetElement } from '../signet-element.js';
import { countries, toE164 } from './phone.js';
import { renderPurpose } from './render-purpose.js';
import { formStyles } from './signet-form.styles.js';

type Field = 'purposes' | 'email' | 'phone';
type FormState =
  | { name: 'idle' }
  | { name: 'submitting' }
  | { name: 'pending'; request: ConsentRequestInput }
  | { name: 'submit-error'; message: string; field: Field | null };

export interface SignetSubmitDetail {
  purposes: string[];
}
export interface SignetPendingDetail {
  purposes: string[];
}
export interface SignetErrorDetail {
  error: SignetError;
}

const needsPhone = (purpose: FormPurpose) =>
  purpose.channel === 'sms' || purpose.channel === 'phone';

type Sending = typeof import('./signet-form-send.js');

/**
 * The consent form: one unticked box per purpose, each with the information the person needs
 * before ticking (C1, C2, C4), the contact fields the ticked purposes need (C3), and the
 * double-opt-in states.
 *
 * @tagname signet-form
 * @summary Purpose-separated consent form with double opt-in.
 * @event signet-submit - The person submitted; `detail.purposes` are the ticked purpose ids.
 * @event signet-pending - The confirmation message is on its way.
 * @event signet-error - Loading or submitting failed; `detail.error` is a SignetError.
 * @csspart form - The form element.
 * @csspart purpose - One purpose: box, label and details.
 * @csspart details - The expandable details of a purpose.
 * @csspart status - The status message (pending, errors).
 * @csspart button - The submit, retry and resend buttons.
 * @cssproperty --signet-accent - Buttons, links and checkboxes.
 * @cssproperty --signet-on-accent - Text on the accent colour.
 * @cssproperty --signet-danger - Error text and invalid fields.
 * @cssproperty --signet-muted - Secondary text.
 * @cssproperty --signet-border - Field and fieldset borders.
 * @cssproperty --signet-radius - Corner radius.
 * @cssproperty --signet-focus - The focus ring.
 * @attribute theme - `light` or `dark`: overrides the page's `color-scheme`, which the form follows otherwise.
 */
export class SignetForm extends SignetElement {
  static override styles = formStyles;

  static override properties = {
    site: { type: String },
    endpoint: { type: String },
    purposes: { type: String },
    form: { type: String },
    resendAfter: { type: Number, attribute: 'resend-after' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    strings: { attribute: false },
    state: { state: true },
    chosen: { state: true },
    email: { state: true },
    phone: { state: true },
    dial: { state: true },
  };

  /** The site id, as set up in Signet. */
  declare site: string;
  /** Base URL of the Signet API; defaults to this page's origin. */
  declare endpoint: string;
  /** Optional space-separated purpose ids: show only these. */
  declare purposes: string;
  /** A name for this form, kept in the consent record as its source. */
  declare form: string;
  /** Seconds before the confirmation message can be sent again. */
  declare resendAfter: number;
  /** The level of the heading the form shows after sending (2 by default), to fit the page's outline. */
  declare headingLevel: number;
  /** Overrides for any of the form's texts, in the form's locale. */
  declare strings: Partial<FormStrings>;
  declare state: FormState;
  declare chosen: ReadonlySet<string>;
  declare email: string;
  declare phone: string;
  declare dial: string;
  #cooldown?: Cooldown;
  /** The sending chunk once it is here; a send waits for it, the pending view needs it. */
  #sending?: Sending;
  #sendingLoad?: Promise<Sending>;
  #sendingAsked = false;
  readonly #form = new FormConfigController(this, (error) => this.#emit('signet-error', { error }));

  constructor() {
    super();
    this.site = '';
    this.endpoint = '';
    this.purposes = '';
    this.form = 'signet-form';
    this.resendAfter = 60;
    this.headingLevel = 2;
    this.strings = {};
    this.state = { name: 'idle' };
    // Never pre-ticked (C1): nothing is chosen until the person ticks it.
    this.chosen = new Set();
    this.email = '';
    this.phone = '';
    this.dial = '49';
  }

  get #t(): FormStrings {
    return { ...this.#form.strings, ...this.strings };
  }

  /** Loads the site's form configuration again (after an error, or to pick up new wording). */
  load() {
    return this.#form.load();
  }

  #chosenPurposes() {
    return this.#form.visiblePurposes.filter((purpose) => this.chosen.has(purpose.id));
  }

  #toggle = (id: string, checked: boolean) => {
    const next = new Set(this.chosen);
    if (checked) next.add(id);
    else next.delete(id);
    this.chosen = next;
  };

  /** The sending chunk, fetched once; after a failed fetch the next send tries again. */
  #loadSending() {
    this.#sendingLoad ??= import('./signet-form-send.js').then(
      (module) => {
        this.#sending = module;
        return module;
      },
      (cause: unknown) => {
        this.#sendingLoad = undefined;
        throw cause;
      },
    );
    return this.#sendingLoad;
  }

  #invalid(message: string, field: Field) {
    this.state = { name: 'submit-error', message, field };
    return this.#focusStatus();
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const config = this.#form.config;
    if (this.state.name === 'submitting' || !config) return;
    const chosen = this.#chosenPurposes();
    const t = this.#t;
    if (chosen.length === 0) return this.#invalid(t.noPurpose, 'purposes');
    // The browser's own email check catches typos at once; the API's EmailSchema decides, and
    // its field error lands on the same message.
    const emailInput = this.renderRoot.querySelector<HTMLInputElement>('#email');
    if (!emailInput?.checkValidity()) return this.#invalid(t.invalidEmail, 'email');
    const phone = chosen.some(needsPhone) ? toE164(this.phone, this.dial) : undefined;
    if (phone !== undefined && !e164Pattern.test(phone))
      return this.#invalid(t.invalidPhone, 'phone');
    await this.#send({
      email: this.email.trim(),
      ...(phone ? { phone } : {}),
      purposes: chosen.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
      locale: config.locale,
      pageUrl: window.location.href,
      form: this.form,
    });
  }

  /** Sends a request, first or again: "send again" repeats exactly what was sent. */
  async #send(request: ConsentRequestInput) {
    const ids = request.purposes.map((purpose) => purpose.id);
    this.#emit('signet-submit', { purposes: ids });
    this.state = { name: 'submitting' };
    let sending: Sending;
    try {
      sending = await this.#loadSending();
    } catch (cause) {
      // The chunk is fetched like the request would be: without it, the request is not sent.
      this.state = { name: 'submit-error', message: this.#t.network, field: null };
      this.#emit('signet-error', {
        error: { code: 'network', message: `Could not load Signet: ${String(cause)}`, field: null },
      });
      return this.#focusStatus();
    }
    const result = await sending.requestConsent(this.#form.options, request);
    if (result.ok) {
      this.state = { name: 'pending', request };
      this.#cooldown ??= new sending.Cooldown(this);
      this.#cooldown.start(this.resendAfter);
      this.#emit('signet-pending', { purposes: ids });
    } else {
      const field =
        result.error.field === 'email' || result.error.field === 'phone'
          ? result.error.field
          : null;
      const message = sending.messageFor(result.error, this.#t);
      this.state = { name: 'submit-error', message, field };
      this.#emit('signet-error', { error: result.error });
    }
    await this.#focusStatus();
  }

  async #focusStatus() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.status')?.focus();
  }

  #emit<K extends keyof SignetEventDetails>(name: K, detail: SignetEventDetails[K]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #describedBy(field: Field, hint: string) {
    const error = this.state.name === 'submit-error' && this.state.field === field;
    return error ? `${hint} status` : hint;
  }

  #renderPhone(t: FormStrings) {
    const error = this.state.name === 'submit-error' && this.state.field === 'phone';
    return html`<div class="field">
      <label for="phone">${t.phone}</label>
      <div class="phone">
        <select
          aria-label=${t.country}
          .value=${this.dial}
          @change=${(e: Event) => {
            this.dial = (e.target as HTMLSelectElement).value;
          }}
        >
          ${countries.map(
            (c) =>
              html`<option value=${c.dial} ?selected=${c.dial === this.dial}>${c.code} +${c.dial}</option>`,
          )}
        </select>
        <input
          id="phone"
          type="tel"
          autocomplete="tel"
          inputmode="tel"
          .value=${this.phone}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${this.#describedBy('phone', 'phone-hint')}
          @input=${(e: Event) => {
            this.phone = (e.target as HTMLInputElement).value;
          }}
        />
      </div>
      <span class="hint" id="phone-hint">${t.phoneHint}</span>
    </div>`;
  }

  #renderForm(config: FormConfig) {
    const t = this.#t;
    const state = this.state;
    const error = state.name === 'submit-error' ? state : null;
    const busy = state.name === 'submitting';
    return html`<form part="form" novalidate @submit=${this.#submit} aria-busy=${busy}>
      <fieldset aria-describedby=${error?.field === 'purposes' ? 'status' : nothing}>
        <legend>${t.legend}</legend>
        ${this.#form.visiblePurposes.map((purpose) =>
          renderPurpose(purpose, config, t, this.chosen.has(purpose.id), this.#toggle),
        )}
        <p class="controller">
          ${t.controller}: ${config.controller.name} ·
          <a href=${config.privacyPolicyUrl} target="_blank" rel="noopener">${t.privacyPolicy}</a> ·
          <a href=${this.#form.preferencesUrl} target="_blank" rel="noopener">${t.manage}</a>
        </p>
      </fieldset>
      <div class="field">
        <label for="email">${t.email}</label>
        <input
          id="email"
          type="email"
          name="email"
          autocomplete="email"
          required
          .value=${this.email}
          aria-invalid=${error?.field === 'email' ? 'true' : 'false'}
          aria-describedby=${this.#describedBy('email', 'email-hint')}
          @input=${(e: Event) => {
            this.email = (e.target as HTMLInputElement).value;
          }}
        />
        <span class="hint" id="email-hint">${t.emailHint}</span>
      </div>
      ${this.#chosenPurposes().some(needsPhone) ? this.#renderPhone(t) : nothing}
      <p id="status" class="status error" part="status" role="alert" tabindex="-1">
        ${error?.message ?? nothing}
      </p>
      <button type="submit" part="button" ?disabled=${busy}>${busy ? t.submitting : t.submit}</button>
    </form>`;
  }

  /** Only after a send succeeded, so the sending chunk is here. */
  #renderPending(request: ConsentRequestInput, sending: Sending) {
    const wait = this.#cooldown?.remaining ?? 0;
    const resend = () => this.#send(request);
    return sending.renderPending(
      this.#t,
      request,
      wait,
      this.headingLevel,
      resend,
      this.#changeAddress,
    );
  }

  /** Back to the filled form, the address field focused, so a typo costs no reload. */
  #changeAddress = async () => {
    this.state = { name: 'idle' };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#email')?.focus();
  };

  protected override render() {
    const t = this.#t;
    const state = this.state;
    const config = this.#form.config;
    if (this.#form.status === 'waiting') return nothing;
    if (this.#form.status === 'loading') {
      return html`<div class="reserve" aria-busy="true"><p role="status">${t.loading}</p></div>`;
    }
    if (this.#form.status === 'unavailable') {
      return html`<p class="status" part="status" role="status">${t.unavailable}</p>`;
    }
    if (this.#form.status === 'error' || !config) {
      return html`<div class="reserve">
        <p class="status error" part="status" role="alert">${t.loadFailed}</p>
        <button type="button" part="button" @click=${() => this.load()}>${t.retry}</button>
      </div>`;
    }
    if (state.name === 'pending' && this.#sending) {
      return this.#renderPending(state.request, this.#sending);
    }
    return this.#renderForm(config);
  }

  protected override updated() {
    // Once the form has been painted, the code that sends it is fetched, off the first paint's
    // path (a send waits for it, and tries again if this fetch failed).
    if (!this.#form.config || this.#sendingAsked) return;
    this.#sendingAsked = true;
    requestAnimationFrame(() => setTimeout(() => void this.#loadSending().catch(() => {})));
  }
}

export interface SignetEventDetails {
  'signet-submit': SignetSubmitDetail;
  'signet-pending': SignetPendingDetail;
  'signet-error': SignetErrorDetail;
}

declare global {
  interface HTMLElementEventMap {
    'signet-submit': CustomEvent<SignetSubmitDetail>;
    'signet-pending': CustomEvent<SignetPendingDetail>;
    'signet-error': CustomEvent<SignetErrorDetail>;
  }
}
