import type { TestMailboxMessage } from '@signet/sdk';
import { html } from 'lit';
import { ConsoleView } from '../console-view.js';
import { formatDateTime, formatNumber, t } from '../i18n/console-locale.js';

/**
 * The test mailbox (decision 0011): what test keys' requests would have mailed or texted, with
 * the live links, so the owner can follow a test sign-up by hand without anyone being mailed.
 */
export default class TestMailboxView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    messages: { state: true },
  };
  messages: TestMailboxMessage[] = [];
  #to = '';

  get heading() {
    return t().tasks.mailbox;
  }

  protected async load() {
    const answer = await this.context.admin.testMailbox(this.#to ? { to: this.#to } : {});
    if (!answer.ok) return answer.error;
    this.messages = answer.value.messages;
    return null;
  }

  async #narrow(event: SubmitEvent) {
    event.preventDefault();
    this.#to = String(new FormData(event.target as HTMLFormElement).get('to') ?? '').trim();
    await this.reload();
  }

  protected renderContent() {
    const s = t().testMailbox;
    return html`<p>${s.intro}</p>
      <form class="card" role="search" @submit=${this.#narrow}>
        <label for="mailbox-to">${s.to}</label>
        <input id="mailbox-to" name="to" maxlength="320" autocomplete="off" .value=${this.#to} />
        <div class="actions"><button type="submit">${s.show}</button></div>
      </form>
      <table>
        <caption>${s.caption(formatNumber(this.messages.length))}</caption>
        <thead><tr><th scope="col">${s.when}</th><th scope="col">${s.channel}</th>
          <th scope="col">${s.recipient}</th><th scope="col">${s.subject}</th><th scope="col">${s.message}</th></tr></thead>
        <tbody>${
          this.messages.length === 0
            ? html`<tr><td colspan="5">${s.none}</td></tr>`
            : this.messages.map(
                (m) => html`<tr><td>${formatDateTime(m.createdAt)}</td><td>${m.channel}</td>
                  <td>${m.to}</td><td>${m.subject}</td>
                  <td><details><summary>${s.showText}</summary><pre>${m.text}</pre></details></td></tr>`,
              )
        }</tbody>
      </table>`;
  }
}

customElements.define('console-mailbox', TestMailboxView);
