import type { OpenOwnerSession } from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';

const when = (at: string) => at.replace('T', ' ').slice(0, 16);

/**
 * The site's open console sessions: who opened each and when, any of them ended, or all of them
 * ("sign out everywhere", this one included) when a device or a link may be in the wrong hands.
 */
export default class SessionsView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    sessions: { state: true },
    notice: { state: true },
  };
  sessions: OpenOwnerSession[] = [];
  notice: { ok: boolean; text: string } | null = null;

  get heading() {
    return 'Open sessions';
  }

  protected async load() {
    const sessions = await this.context.admin.sessions();
    if (!sessions.ok) return sessions.error;
    this.sessions = sessions.value.sessions;
    return null;
  }

  async #end(session: OpenOwnerSession) {
    const result = await this.context.admin.endSession(session.id);
    if (!result.ok && result.error.code !== 'not_found') {
      if (result.error.code === 'unauthorized') return this.fail(result.error);
      this.notice = { ok: false, text: errorText(result.error) };
      return;
    }
    if (session.current) return this.#signedOut('You ended this session: you are signed out.');
    this.notice = { ok: true, text: `The session of ${who(session)} has ended.` };
    await this.load();
  }

  async #endAll() {
    const result = await this.context.admin.endAllSessions();
    if (!result.ok && result.error.code !== 'unauthorized') {
      this.notice = { ok: false, text: errorText(result.error) };
      return;
    }
    this.#signedOut('Every session of this site has ended: you are signed out everywhere.');
  }

  /** This session is gone too: the shell says so and asks to sign in again. */
  #signedOut(notice: string) {
    this.dispatchEvent(
      new CustomEvent('console-session-ended', { bubbles: true, composed: true, detail: notice }),
    );
  }

  protected renderContent() {
    return html`
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      <p>
        Each sign-in by a mailed link or a pasted key opens a session. It ends after 30 minutes
        without use, after 8 hours, when its key is revoked or its address is no longer an owner’s,
        or here.
      </p>
      <table>
        <caption>Open sessions of this site</caption>
        <thead><tr><th scope="col">Who</th><th scope="col">Opened (UTC)</th>
          <th scope="col">Last used (UTC)</th><th scope="col">Action</th></tr></thead>
        <tbody>${this.sessions.map(
          (session) => html`<tr>
            <td><code>${who(session)}</code>${session.current ? ' (this session)' : nothing}</td>
            <td>${when(session.createdAt)}</td><td>${when(session.lastUsedAt)}</td>
            <td><button type="button" class="danger" @click=${() => this.#end(session)}>
              End<span class="sr-only"> the session of ${who(session)} opened ${when(session.createdAt)}</span>
            </button></td></tr>`,
        )}</tbody>
      </table>
      <div class="card">
        <h3>Sign out everywhere</h3>
        <p>Ends every session of this site, this one too: everyone signs in again.</p>
        <div class="actions">
          <button type="button" class="danger" @click=${() => this.#endAll()}>Sign out everywhere</button>
        </div>
      </div>`;
  }
}

function who(session: OpenOwnerSession) {
  return session.actor.replace(/^owner:/, '');
}

customElements.define('console-sessions', SessionsView);
