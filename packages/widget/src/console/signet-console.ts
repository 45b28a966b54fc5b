import type { OwnerSession } from '@signet/sdk';
import { createSignetAdmin, createSignetServer } from '@signet/sdk/server';
import { html, LitElement, nothing } from 'lit';
import { endSession, keepSession, sessionFromLink, storedSession } from './console-session.js';
import { shellStyles } from './console-shell-styles.js';
import { consoleStyles } from './console-styles.js';
import { type ConsoleContext, type ConsoleView, errorText } from './console-view.js';
import {
  type ConsoleLocale,
  consoleLocale,
  consoleLocales,
  initialLocale,
  t,
  useLocale,
  WatchLocale,
} from './i18n/console-locale.js';
import './views/sign-in-view.js';

/** The console's tasks, each its own chunk, loaded when first opened. */
const tasks = {
  settings: () => import('./views/settings-view.js'),
  purposes: () => import('./views/purposes-view.js'),
  records: () => import('./views/records-view.js'),
  person: () => import('./views/person-view.js'),
  keys: () => import('./views/keys-view.js'),
  sessions: () => import('./views/sessions-view.js'),
  webhooks: () => import('./views/webhooks-view.js'),
  reports: () => import('./views/reports-view.js'),
  import: () => import('./views/import-view.js'),
  reconfirm: () => import('./views/reconfirm-view.js'),
  mailbox: () => import('./views/test-mailbox-view.js'),
} as const;

/** Each language named in itself, so an owner who cannot read the other one still finds theirs. */
const languageNames: Record<ConsoleLocale, string> = { en: 'English', de: 'Deutsch' };
type Task = keyof typeof tasks;

const isTask = (name: string): name is Task => Object.hasOwn(tasks, name);

/**
 * `<signet-console>`: the site owner's console at /admin. Signs in (mailed link or pasted key),
 * then routes by the URL fragment (`#/settings`) to one task at a time, each talking to the admin
 * API through the SDK with the console session.
 */
export class SignetConsole extends LitElement {
  static override styles = [consoleStyles, shellStyles];
  static override properties = {
    session: { state: true },
    task: { state: true },
    notice: { state: true },
    view: { state: true },
  };

  session: OwnerSession | null = storedSession();
  task: Task = 'settings';
  notice = '';
  view: ConsoleView | null = null;
  #context: ConsoleContext | null = null;

  constructor() {
    super();
    new WatchLocale(this);
  }

  override connectedCallback() {
    super.connectedCallback();
    void useLocale(initialLocale(), false);
    window.addEventListener('hashchange', this.#route);
    this.addEventListener('console-session-ended', this.#ended);
    void this.#route();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#route);
  }

  /** A mailed link's `#token=…`: opens a session, and leaves the address bar before anything else. */
  async #signInFromLink(token: string) {
    history.replaceState(null, '', `${location.pathname}#/settings`);
    this.notice = t().shell.signingIn;
    const opened = await sessionFromLink(token);
    this.notice = opened.ok ? '' : errorText(opened.error);
    if (opened.ok) this.signedIn(opened.value);
  }

  signedIn(session: OwnerSession) {
    keepSession(session);
    this.session = session;
    this.#context = null;
    this.notice = '';
    if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/settings');
    this.#route();
  }

  /** A view found the session ended, or ended it (with what to tell the owner). */
  #ended = (event: Event) => {
    keepSession(null);
    this.session = null;
    this.view = null;
    const told = (event as CustomEvent<string | null>).detail;
    this.notice = told ?? t().shell.sessionEnded;
  };

  async #signOut() {
    if (this.session) await endSession(this.session);
    keepSession(null);
    this.session = null;
    this.view = null;
    this.notice = t().shell.signedOut;
  }

  get context(): ConsoleContext | null {
    if (!this.session) return null;
    if (!this.#context || this.#context.session !== this.session) {
      const options = {
        endpoint: location.origin,
        site: this.session.site,
        apiKey: this.session.session,
        maxRetries: 1,
      };
      this.#context = {
        admin: createSignetAdmin(options),
        server: createSignetServer(options),
        session: this.session,
      };
    }
    return this.#context;
  }

  #route = async () => {
    const token = /[#&]token=((?:[1-9][0-9]{0,3}\.)?[A-Za-z0-9_-]{43})/.exec(location.hash)?.[1];
    if (token) return this.#signInFromLink(token);
    const name = /^#\/([a-z]+)/.exec(location.hash)?.[1] ?? 'settings';
    const task: Task = isTask(name) ? name : 'settings';
    const context = this.context;
    if (!context) return;
    this.task = task;
    const module = await tasks[task]();
    if (this.task !== task) return;
    const view = new module.default();
    view.context = context;
    this.view = view;
    await this.updateComplete;
    view.focusHeading();
  };

  #renderNav() {
    const titles = t().tasks;
    return html`<nav aria-label=${t().shell.nav}>
      <ul>
        ${Object.keys(tasks).map(
          (name) =>
            html`<li>
              <a href="#/${name}" aria-current=${name === this.task ? 'page' : nothing}
                >${titles[name as Task]}</a>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  /** The language switch: the whole console, `<html lang>` included, follows it at once. */
  #renderLanguage() {
    return html`<div class="language">
      <label for="console-language">${t().shell.language}</label>
      <select id="console-language" @change=${(event: Event) =>
        useLocale((event.target as HTMLSelectElement).value as ConsoleLocale)}>
        ${consoleLocales.map(
          (locale) =>
            html`<option value=${locale} lang=${locale} .selected=${locale === consoleLocale()}>
              ${languageNames[locale]}</option>`,
        )}
      </select>
    </div>`;
  }

  override updated() {
    // The element's own language, so that it holds even inside a page of another language.
    this.lang = consoleLocale();
  }

  protected override render() {
    const s = t().shell;
    if (!this.session) {
      return html`<header class="top"><h1>${s.title}</h1>${this.#renderLanguage()}</header>
        ${this.notice ? html`<p role="status" class="status">${this.notice}</p>` : nothing}
        <signet-console-sign-in
          @console-signed-in=${(event: CustomEvent<OwnerSession>) => this.signedIn(event.detail)}
        ></signet-console-sign-in>`;
    }
    const who = this.session.actor.replace(/^owner:/, '');
    return html`<header class="top">
        <div>
          <h1>${s.titleOf(this.session.site)}</h1>
          <p class="hint">${s.signedInAs(who)}</p>
        </div>
        <div class="top-actions">
          ${this.#renderLanguage()}
          <button type="button" class="secondary" @click=${() => this.#signOut()}>${s.signOut}</button>
        </div>
      </header>
      ${this.#renderNav()}
      <div class="task">${this.view ?? html`<p role="status">${s.loading}</p>`}</div>`;
  }
}

if (!customElements.get('signet-console')) customElements.define('signet-console', SignetConsole);
