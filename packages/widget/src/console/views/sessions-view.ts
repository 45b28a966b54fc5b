import type { OpenOwnerSession } from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { formatDateTime, t } from '../i18n/console-locale.js';

const when = (at: string) => formatDateTime(at);

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
    return t().tasks.sessions;
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
    if (session.current) return this.#signedOut(t().sessions.youEnded);
    this.notice = { ok: true, text: t().sessions.ended(who(session)) };
    await this.load();
  }

  async #endAll() {
    const result = await this.context.admin.endAllSessions();
    if (!result.ok && result.error.code !== 'unauthorized') {
      this.notice = { ok: false, text: errorText(result.error) };
      return;
    }
    this.#signedOut(t().sessions.allEnded);
  }

  /** This session is gone too: the shell says so and asks to sign in again. */
  #signedOut(notice: string) {
    this.dispatchEvent(
      new CustomEvent('console-session-ended', { bubbles: true, composed: true, detail: notice }),
    );
  }

  protected renderContent() {
    const s = t().sessions;
    return html`
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      <p>${s.explained}</p>
      <table>
        <caption>${s.caption}</caption>
        <thead><tr><th scope="col">${s.who}</th><th scope="col">${s.opened}</th>
          <th scope="col">${s.lastUsed}</th><th scope="col">${s.action}</th></tr></thead>
        <tbody>${this.sessions.map(
          (session) => html`<tr>
            <td><code>${who(session)}</code>${session.current ? s.current : nothing}</td>
            <td>${when(session.createdAt)}</td><td>${when(session.lastUsedAt)}</td>
            <td><button type="button" class="danger" @click=${() => this.#end(session)}>
              ${s.end}<span class="sr-only">${s.srEnd(who(session), when(session.createdAt))}</span>
            </button></td></tr>`,
        )}</tbody>
      </table>
      <div class="card">
        <h3>${s.everywhere}</h3>
        <p>${s.everywhereExplained}</p>
        <div class="actions">
          <button type="button" class="danger" @click=${() => this.#endAll()}>${s.everywhere}</button>
        </div>
      </div>`;
  }
}

function who(session: OpenOwnerSession) {
  return session.actor.replace(/^owner:/, '');
}

customElements.define('console-sessions', SessionsView);
