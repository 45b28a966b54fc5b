import {
  createSignetClient,
  EmailSchema,
  type FormConfig,
  type FormPurpose,
  type SignetError,
} from '@signet/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import * as v from 'valibot';
import { type FormStrings, resolveLocale, strings } from '../i18n/strings.js';
import { formStyles } from './signet-form.styles.js';

type FormState =
  | { name: 'loading' }
  | { name: 'load-error' }
  | { name: 'idle' }
  | { name: 'submitting' }
  | { name: 'pending'; email: string }
  | { name: 'submit-error'; message: string; field: 'purposes' | 'email' | null };

export interface SignetSubmitDetail {
  purposes: string[];
}
export interface SignetPendingDetail {
  purposes: string[];
}
export interface SignetErrorDetail {
  error: SignetError;
}

/**
 * The consent form: one unticked box per purpose, each with the information the person needs
 * before ticking (C1, C2, C4), an email field, and the double-opt-in states.
 *
 * @summary Purpose-separated consent form with double opt-in.
 * @event signet-submit - The person submitted; `detail.purposes` are the ticked purpose ids.
 * @event signet-pending - The confirmation email is on its way.
 * @event signet-error - Loading or submitting failed; `detail.error` is a SignetError.
 * @csspart form - The form element.
 * @csspart status - The status message (pending, errors).
 * @cssproperty --signet-accent - Buttons, links and checkboxes.
 * @cssproperty --signet-danger - Error text and invalid fields.
 */
export class SignetForm extends LitElement {
  static override styles = formStyles;

  static override properties = {
    site: { type: String },
    endpoint: { type: String },
    purposes: { type: String },
    config: { state: true },
    state: { state: true },
    chosen: { state: true },
    email: { state: true },
  };

  /** The site id, as set up in Signet. */
  declare site: string;
  /** Base URL of the Signet API; defaults to this page's origin. */
  declare endpoint: string;
  /** Optional space-separated purpose ids: show only these. */
  declare purposes: string;
  declare config: FormConfig | null;
  declare state: FormState;
  declare chosen: ReadonlySet<string>;
  declare email: string;

  constructor() {
    super();
    this.site = '';
    this.endpoint = '';
    this.purposes = '';
    this.config = null;
    this.state = { name: 'loading' };
    // Never pre-ticked (C1): nothing is chosen until the person ticks it.
    this.chosen = new Set();
    this.email = '';
  }

  private get locale() {
    return resolveLocale(this.lang, document.documentElement.lang, navigator.language);
  }

  private get t(): FormStrings {
    return strings[this.config?.locale ?? this.locale];
  }

  private client() {
    const endpoint = this.endpoint || window.location.origin;
    return createSignetClient({ endpoint, site: this.site });
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('site') || changed.has('endpoint')) void this.load();
  }

  /** Loads (or reloads) the site's form configuration. */
  async load() {
    if (!this.site) return;
    this.state = { name: 'loading' };
    const result = await this.client().getForm(this.locale);
    if (!result.ok) {
      this.state = { name: 'load-error' };
      this.emit('signet-error', { error: result.error });
      return;
    }
    this.config = result.value;
    this.state = { name: 'idle' };
  }

  private visiblePurposes(): FormPurpose[] {
    const wanted = this.purposes.split(/\s+/).filter(Boolean);
    const all = this.config?.purposes ?? [];
    return wanted.length ? all.filter((purpose) => wanted.includes(purpose.id)) : all;
  }

  private toggle(id: string, checked: boolean) {
    const next = new Set(this.chosen);
    if (checked) next.add(id);
    else next.delete(id);
    this.chosen = next;
  }

  private messageFor(error: SignetError): string {
    if (error.code === 'outdated_wording') return this.t.outdated;
    if (error.code === 'rate_limited') return this.t.rateLimited;
    if (error.code === 'network') return this.t.network;
    if (error.field === 'email') return this.t.invalidEmail;
    return this.t.submitFailed;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.state.name === 'submitting' || !this.config) return;
    const chosen = this.visiblePurposes().filter((purpose) => this.chosen.has(purpose.id));
    if (chosen.length === 0) {
      this.state = { name: 'submit-error', message: this.t.noPurpose, field: 'purposes' };
      return this.focusStatus();
    }
    if (!v.is(EmailSchema, this.email)) {
      this.state = { name: 'submit-error', message: this.t.invalidEmail, field: 'email' };
      return this.focusStatus();
    }
    const ids = chosen.map((purpose) => purpose.id);
    this.emit('signet-submit', { purposes: ids });
    this.state = { name: 'submitting' };
    const result = await this.client().requestConsent({
      email: this.email.trim(),
      purposes: chosen.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
      locale: this.config.locale,
      pageUrl: window.location.href,
    });
    if (result.ok) {
      this.state = { name: 'pending', email: this.email.trim() };
      this.emit('signet-pending', { purposes: ids });
    } else {
      const field = result.error.field === 'email' ? 'email' : null;
      this.state = { name: 'submit-error', message: this.messageFor(result.error), field };
      this.emit('signet-error', { error: result.error });
    }
    this.focusStatus();
  }

  private async focusStatus() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.status')?.focus();
  }

  private emit<K extends keyof SignetEventDetails>(name: K, detail: SignetEventDetails[K]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private renderPurpose(purpose: FormPurpose) {
    const t = this.t;
    const id = `purpose-${purpose.id}`;
    const { wording } = purpose;
    return html`<div class="purpose">
      <input
        type="checkbox"
        id=${id}
        name="purposes"
        value=${purpose.id}
        .checked=${this.chosen.has(purpose.id)}
        aria-describedby="${id}-details"
        @change=${(e: Event) => this.toggle(purpose.id, (e.target as HTMLInputElement).checked)}
      />
      <label for=${id}>${wording.label}</label>
      <dl class="details" id="${id}-details">
        <div><dt>${t.whatLabel}:</dt> <dd>${wording.processed}</dd></div>
        <div><dt>${t.whyLabel}:</dt> <dd>${wording.purpose}</dd></div>
        <div><dt>${t.howLongLabel}:</dt> <dd>${wording.retention}</dd></div>
        <div><dt>${t.withdrawLabel}:</dt> <dd>${wording.withdrawal}</dd></div>
      </dl>
    </div>`;
  }

  private renderForm(config: FormConfig) {
    const t = this.t;
    const state = this.state;
    const error = state.name === 'submit-error' ? state : null;
    const busy = state.name === 'submitting';
    return html`<form part="form" novalidate @submit=${this.submit} aria-busy=${busy}>
      <fieldset aria-describedby=${error?.field === 'purposes' ? 'status' : nothing}>
        <legend>${t.legend}</legend>
        ${this.visiblePurposes().map((purpose) => this.renderPurpose(purpose))}
        <p class="controller">
          ${t.controller}: ${config.controller.name} ·
          <a href=${config.privacyPolicyUrl} target="_blank" rel="noopener">${t.privacyPolicy}</a>
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
          aria-describedby=${error?.field === 'email' ? 'email-hint status' : 'email-hint'}
          @input=${(e: Event) => {
            this.email = (e.target as HTMLInputElement).value;
          }}
        />
        <span class="hint" id="email-hint">${t.emailHint}</span>
      </div>
      <p id="status" class="status error" part="status" role="alert" tabindex="-1">
        ${error?.message ?? nothing}
      </p>
      <button type="submit" ?disabled=${busy}>${busy ? t.submitting : t.submit}</button>
    </form>`;
  }

  protected override render() {
    const t = this.t;
    const state = this.state;
    if (state.name === 'loading') {
      return html`<div class="reserve" aria-busy="true"><p role="status">${t.loading}</p></div>`;
    }
    if (state.name === 'load-error' || !this.config) {
      return html`<div class="reserve">
        <p class="status error" part="status" role="alert">${t.loadFailed}</p>
        <button type="button" @click=${() => this.load()}>${t.retry}</button>
      </div>`;
    }
    if (state.name === 'pending') {
      return html`<div class="status" part="status" role="status" tabindex="-1">
        <h3>${t.pendingTitle}</h3>
        <p>${t.pendingBody(state.email)}</p>
      </div>`;
    }
    return this.renderForm(this.config);
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
