import type { OwnerSession } from '@signet/sdk';
import { html, LitElement, nothing } from 'lit';
import { askSignInLink, sessionFromKey } from '../console-session.js';
import { consoleStyles } from '../console-styles.js';
import { errorText } from '../console-view.js';
import { t, WatchLocale } from '../i18n/console-locale.js';

type Status =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'sent' }
  | { kind: 'error'; text: string };

/**
 * Signing in: an owner address asks for a mailed link (the same answer for any address), or a
 * site key is pasted once and exchanged for a session on the spot.
 */
export class ConsoleSignIn extends LitElement {
  static override styles = consoleStyles;
  static override properties = { link: { state: true }, key: { state: true } };

  link: Status = { kind: 'idle' };
  key: Status = { kind: 'idle' };

  constructor() {
    super();
    new WatchLocale(this);
  }

  async #askLink(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.link = { kind: 'busy' };
    const sent = await askSignInLink(
      String(data.get('site')).trim(),
      String(data.get('email')).trim(),
    );
    this.link = sent.ok ? { kind: 'sent' } : { kind: 'error', text: errorText(sent.error) };
  }

  async #useKey(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const key = String(new FormData(form).get('key')).trim();
    this.key = { kind: 'busy' };
    const opened = await sessionFromKey(key);
    if (!opened.ok) {
      this.key = { kind: 'error', text: errorText(opened.error) };
      return;
    }
    form.reset();
    this.key = { kind: 'idle' };
    this.dispatchEvent(
      new CustomEvent<OwnerSession>('console-signed-in', { detail: opened.value, bubbles: true }),
    );
  }

  #status(status: Status, sent: string) {
    if (status.kind === 'sent') return html`<p role="status" class="status ok">${sent}</p>`;
    if (status.kind === 'error')
      return html`<p role="alert" class="status error">${status.text}</p>`;
    return html`<p role="status" class="status">${status.kind === 'busy' ? t().signIn.busy : ''}</p>`;
  }

  protected override render() {
    const s = t().signIn;
    return html`<section class="card" aria-labelledby="by-mail">
        <h2 id="by-mail">${s.byMail}</h2>
        <p class="hint">${s.byMailHint}</p>
        <form @submit=${this.#askLink}>
          <label for="site">${s.site}</label>
          <input id="site" name="site" required autocomplete="organization" />
          <label for="email">${s.email}</label>
          <input id="email" name="email" type="email" required autocomplete="email" />
          <div class="actions">
            <button type="submit" ?disabled=${this.link.kind === 'busy'}>${s.askLink}</button>
          </div>
          ${this.#status(this.link, s.linkSent)}
        </form>
      </section>
      <section class="card" aria-labelledby="by-key">
        <h2 id="by-key">${s.byKey}</h2>
        <p class="hint">${s.byKeyHint}</p>
        <form @submit=${this.#useKey}>
          <label for="key">${s.key}</label>
          <input id="key" name="key" type="password" required autocomplete="off" spellcheck="false" />
          <div class="actions">
            <button type="submit" ?disabled=${this.key.kind === 'busy'}>${s.signIn}</button>
          </div>
          ${this.#status(this.key, '')}
        </form>
      </section>
      ${nothing}`;
  }
}

if (!customElements.get('signet-console-sign-in')) {
  customElements.define('signet-console-sign-in', ConsoleSignIn);
}
