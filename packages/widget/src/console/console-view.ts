import type { OwnerSession, SignetError } from '@signet/sdk';
import type { SignetAdmin, SignetServer } from '@signet/sdk/server';
import { type CSSResultGroup, html, LitElement, nothing } from 'lit';
import { consoleStyles } from './console-styles.js';
import { t, WatchLocale } from './i18n/console-locale.js';

/** What every view works with: the admin API and the person's tasks, both with the session. */
export interface ConsoleContext {
  admin: SignetAdmin;
  server: SignetServer;
  session: OwnerSession;
}

/** The messages a person reads for an error: the API's own message says what was wrong. */
export function errorText(error: SignetError) {
  if (error.code === 'network' || error.code === 'timeout') {
    return t().shell.unreachable;
  }
  return error.field ? `${error.message} (${error.field})` : error.message;
}

/**
 * A console view: loads with a visible status, shows errors it can recover from in place, and
 * hands an ended session to the shell (which asks to sign in again).
 */
export abstract class ConsoleView extends LitElement {
  static override styles: CSSResultGroup = consoleStyles;
  static override properties = {
    context: { attribute: false },
    loading: { state: true },
    problem: { state: true },
  };

  declare context: ConsoleContext;
  loading = true;
  problem: SignetError | null = null;

  constructor() {
    super();
    new WatchLocale(this);
  }

  /** The view's heading, focused when the view opens (the shell moves focus here). */
  abstract get heading(): string;

  override connectedCallback() {
    super.connectedCallback();
    void this.reload();
  }

  /** Loads what the view shows; the base class keeps the loading and error states. */
  protected abstract load(): Promise<SignetError | null>;

  async reload() {
    this.loading = true;
    this.problem = null;
    const error = await this.load();
    this.loading = false;
    if (error) this.fail(error);
  }

  /** Reports an error: an ended session goes to the shell, anything else shows in the view. */
  protected fail(error: SignetError) {
    if (error.code === 'unauthorized') {
      this.dispatchEvent(
        new CustomEvent('console-session-ended', { bubbles: true, composed: true }),
      );
      return;
    }
    this.problem = error;
  }

  focusHeading() {
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h2')?.focus());
  }

  protected abstract renderContent(): unknown;

  protected override render() {
    return html`<h2 tabindex="-1">${this.heading}</h2>
      ${
        this.problem
          ? html`<div role="alert" class="status error">
              <p>${errorText(this.problem)}</p>
              <button type="button" class="secondary" @click=${() => this.reload()}>${t().shell.tryAgain}</button>
            </div>`
          : nothing
      }
      ${this.loading ? html`<p role="status">${t().shell.loading}</p>` : this.renderContent()}`;
  }
}
