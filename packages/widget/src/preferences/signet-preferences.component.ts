import type { Locale, Me, MyPurpose, SignetClientOptions, SignetError } from '@signet/sdk';
import {
  endSessionUnchecked,
  eraseUnchecked,
  exportFileUnchecked,
  getMeUnchecked,
  openPreferenceSessionUnchecked,
  receiptFileUnchecked,
  reconsentUnchecked,
  requestPreferenceLinkUnchecked,
  withdrawUnchecked,
} from '@signet/sdk/first-party';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { resolveLocale } from '../i18n/strings.js';
import { type PreferencesStrings, preferencesStrings } from './preferences-strings.js';
import { receiptStrings } from './receipt-strings.js';
import { preferencesStyles } from './signet-preferences.styles.js';
import './signet-receipt-check.js';

type View =
  | {
      name: 'request';
      sent: boolean;
      notice: 'expired' | 'ended' | 'signed-out' | 'code-needs-email' | null;
      /** After a wrong code: the tries the API says are left. */
      triesLeft?: number;
    }
  | { name: 'opening' }
  | { name: 'ready'; me: Me; notice: string | null; confirmingDelete: boolean }
  /** `controller` when the last withdrawal erased the person: the page says what was kept. */
  | { name: 'erased'; controller: string | null }
  | { name: 'failed'; retry: () => void }
  | { name: 'switch'; token: string; signedInAs: string; previous: View };

export interface SignetWithdrawnDetail {
  purposes: string[];
}
export interface SignetPreferencesErrorDetail {
  error: SignetError;
}

/**
 * The person's self-service page (R1-R4, R6): opens a session from the link's token (or from the
 * address and the mailed code), shows every purpose with its state, withdraws one in one click,
 * downloads the data, and deletes everything after one confirmation step. The session lives in
 * memory only: no cookie, no storage. A link opened while a session is open asks before it
 * replaces the session.
 *
 * @tagname signet-preferences
 * @summary Self-service consent preferences: withdraw, export, erase.
 * @event signet-withdrawn - A purpose was withdrawn; `detail.purposes` are their ids.
 * @event signet-erased - Everything was deleted.
 * @event signet-error - A call failed; `detail.error` is a SignetError.
 * @csspart section - Each section of the page.
 * @csspart button - The page's buttons.
 * @csspart status - Status and error messages.
 * @cssproperty --signet-accent - Buttons and links.
 * @cssproperty --signet-danger - The delete button and errors.
 * @cssproperty --signet-muted - Secondary text.
 * @cssproperty --signet-border - Borders.
 * @cssproperty --signet-radius - Corner radius.
 * @cssproperty --signet-focus - The focus ring.
 */
export class SignetPreferences extends LitElement {
  static override styles = preferencesStyles;

  static override properties = {
    site: { type: String },
    endpoint: { type: String },
    view: { state: true },
    busy: { state: true },
  };

  /** The site id, as set up in Signet. */
  declare site: string;
  /** Base URL of the Signet API; defaults to this page's origin. */
  declare endpoint: string;
  declare view: View;
  declare busy: boolean;
  #session: string | null = null;
  /** The open session's address (masked), to name it when another link arrives. */
  #signedInAs: string | null = null;
  /** The address as typed, for the link and the code alike: asked once, kept after a wrong code. */
  #email = '';
  /**
   * Where focus goes once the next render is on screen: the result of what the person just did
   * (a keyboard or screen-reader user would otherwise be left on <body> and start over).
   */
  #focusNext: string | null = null;

  constructor() {
    super();
    this.site = '';
    this.endpoint = '';
    this.view = { name: 'request', sent: false, notice: null };
    this.busy = false;
  }

  override updated(changed: PropertyValues) {
    super.updated(changed);
    if (!this.#focusNext) return;
    const target = this.shadowRoot?.querySelector<HTMLElement>(this.#focusNext);
    this.#focusNext = null;
    target?.focus();
  }

  get #locale(): Locale {
    return resolveLocale(this.lang, document.documentElement.lang, navigator.language);
  }

  get #t(): PreferencesStrings {
    return preferencesStrings[this.#locale];
  }

  get #options(): SignetClientOptions {
    return { endpoint: this.endpoint || location.origin, site: this.site };
  }

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#takeToken);
    this.#takeToken();
  }

  override disconnectedCallback() {
    window.removeEventListener('hashchange', this.#takeToken);
    super.disconnectedCallback();
  }

  /**
   * The token rides in the fragment, which no server sees; it leaves the address bar at once.
   * A link opened while a session is open may carry someone else's token (sent to them, or sent
   * on): the person chooses which page to see, rather than it switching or staying silently.
   */
  #takeToken = () => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token');
    if (!token) return;
    history.replaceState(null, '', location.pathname + location.search);
    if (this.#session) {
      const previous = this.view.name === 'switch' ? this.view.previous : this.view;
      this.view = { name: 'switch', token, signedInAs: this.#signedInAs ?? '', previous };
      return;
    }
    void this.#open({ token });
  };

  #switchTo(token: string) {
    this.#session = null;
    this.#signedInAs = null;
    void this.#open({ token });
  }

  #emit(name: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #fail(error: SignetError, retry: () => void) {
    this.#emit('signet-error', { error });
    if (error.code === 'unauthorized') {
      this.#session = null;
      this.view = {
        name: 'request',
        sent: false,
        notice: this.view.name === 'opening' ? 'expired' : 'ended',
      };
      this.#focusNext = '#notice';
      return;
    }
    this.view = { name: 'failed', retry };
    this.#focusNext = '#failed';
  }

  async #open(input: { token: string } | { email: string; code: string }) {
    this.view = { name: 'opening' };
    const opened = await openPreferenceSessionUnchecked(this.#options, input);
    if (!opened.ok && 'code' in input && opened.error.field === 'code') {
      // A wrong code: the address stays, the API's count of tries left is said.
      this.#emit('signet-error', { error: opened.error });
      const triesLeft = Number(/(\d+)/.exec(opened.error.message)?.[1] ?? 0);
      this.view = { name: 'request', sent: true, notice: null, triesLeft };
      this.#focusNext = '#notice';
      return;
    }
    if (!opened.ok) return this.#fail(opened.error, () => void this.#open(input));
    this.#session = opened.value.session;
    this.#signedInAs = null;
    await this.#load(null, '#purposes');
  }

  /** `focus`: what to focus once loaded; the notice when there is one. */
  async #load(notice: string | null, focus: string | null = notice ? '#notice' : null) {
    if (!this.#session) return;
    const me = await getMeUnchecked(this.#options, this.#session, this.#locale);
    if (!me.ok) return this.#fail(me.error, () => void this.#load(notice));
    this.#signedInAs = me.value.contact.email;
    // A link that arrived while this loaded is still waiting for the person's answer.
    if (this.view.name === 'switch') {
      this.view = {
        ...this.view,
        signedInAs: me.value.contact.email,
        previous: { name: 'ready', me: me.value, notice, confirmingDelete: false },
      };
      return;
    }
    this.view = { name: 'ready', me: me.value, notice, confirmingDelete: false };
    this.#focusNext = focus;
  }

  async #requestLink(event: SubmitEvent) {
    event.preventDefault();
    const email = this.#email;
    if (!email) return;
    this.busy = true;
    const sent = await requestPreferenceLinkUnchecked(this.#options, {
      email,
      locale: this.#locale,
    });
    this.busy = false;
    if (!sent.ok)
      return this.#fail(sent.error, () => {
        this.view = { name: 'request', sent: false, notice: null };
      });
    this.view = { name: 'request', sent: true, notice: null };
    this.#focusNext = '#sent';
  }

  #openWithCode(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const code = String(data.get('code') ?? '').replace(/\s+/g, '');
    const email = this.#email;
    if (!email) {
      this.view = { name: 'request', sent: false, notice: 'code-needs-email' };
      this.#focusNext = '#email';
      return;
    }
    if (code) void this.#open({ email, code });
  }

  /** Ends the session at the API too, so that its token opens nothing after. */
  async #signOut() {
    const session = this.#session;
    if (!session) return;
    this.busy = true;
    await endSessionUnchecked(this.#options, session);
    this.busy = false;
    this.#session = null;
    this.#signedInAs = null;
    this.view = { name: 'request', sent: false, notice: 'signed-out' };
    this.#focusNext = '#notice';
  }

  async #withdraw(purpose: MyPurpose, me: Me) {
    if (!this.#session) return;
    this.busy = true;
    const result = await withdrawUnchecked(this.#options, this.#session, [purpose.id]);
    this.busy = false;
    if (!result.ok) return this.#fail(result.error, () => void this.#load(null));
    this.#emit('signet-withdrawn', { purposes: result.value.withdrawn });
    if (result.value.erased) {
      this.#session = null;
      this.view = { name: 'erased', controller: me.site.controller };
      this.#focusNext = '#result';
      return;
    }
    await this.#load(`${this.#t.withdrawn(purpose.wording?.label ?? purpose.id)} ${this.#t.again}`);
  }

  /** Agreeing (again) starts a new double opt-in: the link goes to the person's own address. */
  async #agree(purpose: MyPurpose, me: Me) {
    if (!this.#session || !purpose.wordingVersion) return;
    this.busy = true;
    const started = await reconsentUnchecked(this.#options, this.#session, {
      purposes: [{ id: purpose.id, wordingVersion: purpose.wordingVersion }],
      locale: this.#locale,
    });
    this.busy = false;
    if (!started.ok) return this.#fail(started.error, () => void this.#load(null));
    await this.#load(this.#t.confirmSent(me.contact.email));
  }

  async #download(format: 'json' | 'html' | 'csv') {
    if (!this.#session) return;
    this.busy = true;
    const file = await exportFileUnchecked(this.#options, this.#session, format, this.#locale);
    this.busy = false;
    if (!file.ok && file.error.code === 'unauthorized') {
      // Export needs a session opened in the last 15 minutes, withdrawing does not: an older
      // session stays open (if it has ended, reloading says so).
      this.#emit('signet-error', { error: file.error });
      return this.#load(this.#t.exportStale);
    }
    if (!file.ok) return this.#fail(file.error, () => void this.#load(null));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(file.value);
    link.download = `signet-export-${this.site}.${format}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  /** The purpose's receipt (P6) as a file the person keeps. */
  async #downloadReceipt(purpose: MyPurpose) {
    if (!this.#session) return;
    this.busy = true;
    const file = await receiptFileUnchecked(this.#options, this.#session, purpose.id);
    this.busy = false;
    if (!file.ok) return this.#fail(file.error, () => void this.#load(null));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(file.value);
    link.download = `receipt-${this.site}-${purpose.id}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  /** A consent that was confirmed (active, withdrawn, expired) has a receipt. */
  #renderReceiptButton(purpose: MyPurpose, label: string) {
    if (purpose.state === 'never' || purpose.state === 'pending') return nothing;
    const text = receiptStrings[this.#locale].download;
    return html`<div><button part="button" class="secondary" ?disabled=${this.busy}
      aria-label=${`${text}: ${label}`} @click=${() => this.#downloadReceipt(purpose)}>${text}</button></div>`;
  }

  async #erase() {
    if (!this.#session) return;
    this.busy = true;
    const result = await eraseUnchecked(this.#options, this.#session);
    this.busy = false;
    if (!result.ok) return this.#fail(result.error, () => void this.#load(null));
    this.#session = null;
    this.view = { name: 'erased', controller: null };
    this.#focusNext = '#result';
    this.#emit('signet-erased', {});
  }

  #date(iso: string | null) {
    return iso ? new Date(iso).toLocaleDateString(this.#locale, { dateStyle: 'medium' }) : '';
  }

  #dateTime(iso: string) {
    return new Date(iso).toLocaleString(this.#locale, { dateStyle: 'medium', timeStyle: 'short' });
  }

  override render() {
    const t = this.#t;
    const view = this.view;
    return html`<section part="section" aria-labelledby="title" aria-busy=${this.busy || view.name === 'opening'}>
      <h2 id="title">${t.title}</h2>
      ${view.name === 'opening' ? html`<p role="status" part="status">${t.opening}</p>` : nothing}
      ${view.name === 'request' ? this.#renderRequest(view) : nothing}
      ${view.name === 'ready' ? this.#renderReady(view) : nothing}
      ${
        view.name === 'erased'
          ? html`<h3 id="result" tabindex="-1">${t.erasedTitle}</h3><p role="status" part="status">${t.erased}${
              view.controller ? ` ${t.kept(view.controller)}` : ''
            }</p>`
          : nothing
      }
      ${view.name === 'switch' ? this.#renderSwitch(view) : nothing}
      ${
        view.name === 'failed'
          ? html`<p role="alert" part="status" class="error" id="failed" tabindex="-1">${t.failed}</p>
              <button part="button" @click=${() => view.retry()}>${t.retry}</button>`
          : nothing
      }
      <signet-receipt-check part="section" endpoint=${this.endpoint} lang=${this.#locale}></signet-receipt-check>
    </section>`;
  }

  #renderSwitch(view: Extract<View, { name: 'switch' }>) {
    const t = this.#t;
    return html`<p role="alert" part="status">${t.switchAsk(view.signedInAs)}</p>
      <div class="actions">
        <button part="button" @click=${() => this.#switchTo(view.token)}>${t.switchOpen}</button>
        <button part="button" class="secondary" @click=${() => {
          this.view = view.previous;
        }}>${t.switchStay(view.signedInAs)}</button>
      </div>`;
  }

  #renderRequest(view: Extract<View, { name: 'request' }>) {
    const t = this.#t;
    const notice =
      view.triesLeft !== undefined
        ? t.wrongCode(view.triesLeft)
        : view.notice === 'expired'
          ? t.expired
          : view.notice === 'ended'
            ? t.sessionEnded
            : view.notice === 'code-needs-email'
              ? t.codeNeedsEmail
              : null;
    // Signing out is no error: a status, not an alert.
    return html`${
      view.notice === 'signed-out'
        ? html`<p role="status" part="status" id="notice" tabindex="-1">${t.signedOut}</p>`
        : nothing
    }${notice ? html`<p role="alert" part="status" class="error" id="notice" tabindex="-1">${notice}</p>` : nothing}
      <form @submit=${this.#requestLink}>
        <p>${t.requestIntro}</p>
        <div class="field">
          <label for="email">${t.email}</label>
          <input id="email" name="email" type="email" autocomplete="email" required
            .value=${this.#email} @input=${(event: InputEvent) => {
              this.#email = (event.target as HTMLInputElement).value.trim();
            }} />
        </div>
        <button part="button" ?disabled=${this.busy}>${this.busy ? t.sending : t.send}</button>
        ${view.sent && view.triesLeft === undefined ? html`<p role="status" part="status" id="sent" tabindex="-1">${t.sent}</p>` : nothing}
      </form>
      <form @submit=${this.#openWithCode}>
        <p>${t.codeIntro}</p>
        <div class="field">
          <label for="code">${t.code}</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{8,11}" required />
        </div>
        <button part="button" class="secondary">${t.openWithCode}</button>
      </form>`;
  }

  #renderReady(view: Extract<View, { name: 'ready' }>) {
    const t = this.#t;
    const { me } = view;
    // Agreed once (given, withdrawn or lapsed) apart from never agreed or still to be confirmed.
    const agreed = me.purposes.filter((p) => p.state !== 'never' && p.state !== 'pending');
    const others = me.purposes.filter((p) => p.state === 'never' || p.state === 'pending');
    return html`${view.notice ? html`<p role="status" part="status" id="notice" tabindex="-1">${view.notice}</p>` : nothing}
      <dl class="contact">
        <dt>${t.contact}</dt><dd>${me.contact.email}</dd>
        ${me.contact.phone ? html`<dt>${t.phone}</dt><dd>${me.contact.phone}</dd>` : nothing}
      </dl>
      <div class="signed-in">
        <p class="meta">${t.tabNote}</p>
        <button part="button" class="secondary" ?disabled=${this.busy} @click=${this.#signOut}>${t.signOut}</button>
      </div>
      ${
        agreed.length
          ? html`<section part="section" aria-labelledby="purposes">
              <h2 id="purposes" tabindex="-1">${t.purposes}</h2>
              <ul class="purposes">${agreed.map((purpose) => this.#renderPurpose(purpose, me))}</ul>
            </section>`
          : nothing
      }
      ${
        others.length
          ? html`<section part="section" aria-labelledby=${agreed.length ? 'others' : 'purposes'}>
              <h2 id=${agreed.length ? 'others' : 'purposes'} tabindex="-1">${t.others}</h2>
              <ul class="purposes others">${others.map((purpose) => this.#renderPurpose(purpose, me))}</ul>
            </section>`
          : nothing
      }
      <section part="section" aria-labelledby="downloads">
        <h2 id="downloads">${t.downloads}</h2>
        <div class="actions">
          <button part="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#download('json')}>${t.downloadJson}</button>
          <button part="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#download('html')}>${t.downloadHtml}</button>
          <button part="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#download('csv')}>${t.downloadCsv}</button>
        </div>
      </section>
      <section part="section" aria-labelledby="history">
        <h2 id="history">${t.history}</h2>
        <ol class="history">${me.records.map(
          (record) =>
            html`<li>${this.#dateTime(record.at)}: ${me.purposes.find((p) => p.id === record.purpose)?.wording?.label ?? record.purpose}, ${t.event[record.event]}${record.system ? ` ${record.system}` : ''}</li>`,
        )}</ol>
      </section>
      <section part="section" aria-labelledby="delete">
        <h2 id="delete">${t.deleteTitle}</h2>
        <p>${t.deleteIntro}</p>
        ${
          view.confirmingDelete
            ? html`<div class="actions">
                <button part="button" class="danger" ?disabled=${this.busy} @click=${this.#erase}>${t.deleteConfirm}</button>
                <button part="button" class="secondary" @click=${() => {
                  this.view = { ...view, confirmingDelete: false };
                }}>${t.deleteCancel}</button>
              </div>`
            : html`<button part="button" class="danger" @click=${() => {
                this.view = { ...view, confirmingDelete: true };
              }}>${t.deleteAll}</button>`
        }
      </section>`;
  }

  /**
   * R4: withdrawing this purpose would leave nothing active or pending, so it erases the person
   * (the server's rule, services/last-purpose.ts); the page says so before the click.
   */
  #isLast(purpose: MyPurpose, me: Me) {
    const active = me.purposes.filter((p) => p.state === 'active');
    return (
      purpose.state === 'active' &&
      active.length === 1 &&
      !me.purposes.some((p) => p.state === 'pending')
    );
  }

  /**
   * What the person may want to keep before their last withdrawal erases them, offered right
   * where they withdraw: the purpose's receipt (P6) and the export.
   */
  #renderKeepFirst(purpose: MyPurpose, me: Me) {
    const t = this.#t;
    const receipt = receiptStrings[this.#locale].download;
    return html`<div class="last-purpose" id=${`last-${purpose.id}`}>
      <p>${t.lastPurpose(me.site.controller)}</p>
      <div class="actions keep-first" aria-label=${t.keepFirst} role="group">
        <button part="button" class="secondary" ?disabled=${this.busy}
          aria-label=${`${receipt}: ${purpose.wording?.label ?? purpose.id}`}
          @click=${() => this.#downloadReceipt(purpose)}>${receipt}</button>
        <button part="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#download('html')}>${t.keepFirst}</button>
      </div>
    </div>`;
  }

  #renderPurpose(purpose: MyPurpose, me: Me) {
    const t = this.#t;
    const label = purpose.wording?.label ?? purpose.id;
    const last = this.#isLast(purpose, me);
    const when = purpose.state === 'never' ? '' : t.since(this.#date(purpose.since));
    return html`<li>
      <div class="row">
        <h3>${label}</h3>
        <span class="state">${t.state[purpose.state]}</span>
      </div>
      ${when ? html`<p class="meta">${when}${purpose.until ? html` · ${t.until(this.#date(purpose.until))}` : nothing}</p>` : nothing}
      ${purpose.wording ? html`<p class="meta">${purpose.wording.purpose}</p>` : nothing}
      ${purpose.channel === 'phone' && purpose.state === 'active' ? html`<p class="meta">${t.phoneProof}</p>` : nothing}
      ${last ? this.#renderKeepFirst(purpose, me) : nothing}
      ${
        purpose.state === 'active'
          ? html`<div><button part="button" class="secondary" ?disabled=${this.busy}
              aria-label=${`${t.withdraw}: ${label}`} aria-describedby=${last ? `last-${purpose.id}` : nothing}
              @click=${() => this.#withdraw(purpose, me)}>${t.withdraw}</button></div>`
          : purpose.state !== 'pending' && purpose.wording
            ? html`<div><button part="button" class="secondary" ?disabled=${this.busy}
                aria-label=${`${t.agree}: ${label}`} @click=${() => this.#agree(purpose, me)}>${t.agree}</button></div>`
            : nothing
      }
      ${last ? nothing : this.#renderReceiptButton(purpose, label)}
    </li>`;
  }
}
