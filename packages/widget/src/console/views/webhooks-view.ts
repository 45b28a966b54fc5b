import type { SignetError, WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@signet/sdk';
import { webhookEventTypes } from '@signet/sdk/server';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { formatDateTime, t } from '../i18n/console-locale.js';

type Result<T> = { ok: true; value: T } | { ok: false; error: SignetError };

/**
 * Webhook endpoints: add one (its secret shown once), change its events, remove it, rotate its
 * secret (the old one signs 24 hours more), send a test event of each type, and page through its
 * deliveries, sending one again.
 */
export default class WebhooksView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    endpoints: { state: true },
    open: { state: true },
    deliveries: { state: true },
    next: { state: true },
    secret: { state: true },
    notice: { state: true },
  };
  endpoints: WebhookEndpoint[] = [];
  /** The endpoint whose events and deliveries are shown. */
  open: WebhookEndpoint | null = null;
  deliveries: WebhookDelivery[] = [];
  next: string | null = null;
  secret: { url: string; secret: string; previousUntil: string | null } | null = null;
  notice: { ok: boolean; text: string } | null = null;

  get heading() {
    return t().tasks.webhooks;
  }

  protected async load() {
    const listed = await this.context.admin.webhooks.list();
    if (!listed.ok) return listed.error;
    this.endpoints = listed.value.webhooks;
    this.open = this.endpoints.find((endpoint) => endpoint.id === this.open?.id) ?? null;
    return null;
  }

  /** An answer: its value, or null after saying what went wrong (an ended session ends the view). */
  #answer<T>(result: Result<T>): T | null {
    if (result.ok) return result.value;
    if (result.error.code === 'unauthorized') this.fail(result.error);
    else this.notice = { ok: false, text: errorText(result.error) };
    return null;
  }

  async #focus(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #eventsOf(form: HTMLFormElement) {
    return new FormData(form).getAll('events').map(String) as WebhookEventType[];
  }

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const description = String(data.get('description') ?? '').trim();
    const created = this.#answer(
      await this.context.admin.webhooks.create({
        url: String(data.get('url') ?? '').trim(),
        events: this.#eventsOf(form),
        ...(description ? { description } : {}),
      }),
    );
    if (!created) return;
    form.reset();
    this.notice = null;
    this.secret = { url: created.url, secret: created.secret, previousUntil: null };
    await this.load();
    await this.#focus('#secret-title');
  }

  async #show(endpoint: WebhookEndpoint, before?: string) {
    const page = this.#answer(
      await this.context.admin.webhooks.deliveries(endpoint.id, { limit: 20, before }),
    );
    if (!page) return;
    this.open = endpoint;
    this.deliveries = before ? [...this.deliveries, ...page.deliveries] : page.deliveries;
    this.next = page.next;
    if (!before) await this.#focus('#open-title');
  }

  async #saveEvents(event: SubmitEvent) {
    event.preventDefault();
    if (!this.open) return;
    const changed = this.#answer(
      await this.context.admin.webhooks.update(this.open.id, {
        events: this.#eventsOf(event.target as HTMLFormElement),
      }),
    );
    if (!changed) return;
    this.notice = { ok: true, text: t().webhooks.saved(changed.url) };
    await this.load();
  }

  async #remove(endpoint: WebhookEndpoint) {
    if (!this.#answer(await this.context.admin.webhooks.remove(endpoint.id))) return;
    this.notice = { ok: true, text: t().webhooks.removed(endpoint.url) };
    if (this.open?.id === endpoint.id) this.open = null;
    await this.load();
  }

  async #rotate(endpoint: WebhookEndpoint) {
    const rotated = this.#answer(await this.context.admin.webhooks.rotateSecret(endpoint.id));
    if (!rotated) return;
    this.notice = null;
    this.secret = {
      url: endpoint.url,
      secret: rotated.secret,
      previousUntil: rotated.previousSecretExpiresAt,
    };
    await this.load();
    await this.#focus('#secret-title');
  }

  /** One test event of each type, one after the other; the log then shows them. */
  async #test(endpoint: WebhookEndpoint) {
    let delivered = 0;
    for (const type of webhookEventTypes) {
      const sent = this.#answer(await this.context.admin.webhooks.test(endpoint.id, type));
      if (!sent) return;
      if (sent.status === 'delivered') delivered += 1;
    }
    this.notice = {
      ok: delivered === webhookEventTypes.length,
      text: t().webhooks.tested(delivered, webhookEventTypes.length),
    };
    await this.#show(endpoint);
  }

  async #redeliver(delivery: WebhookDelivery) {
    if (!this.open) return;
    const sent = this.#answer(
      await this.context.admin.webhooks.redeliver(this.open.id, delivery.id),
    );
    if (!sent) return;
    this.notice = { ok: sent.status === 'delivered', text: t().webhooks.redelivered(sent.status) };
    this.deliveries = this.deliveries.map((d) => (d.id === sent.id ? sent : d));
  }

  #eventBoxes(prefix: string, checked: readonly string[]) {
    return html`${webhookEventTypes.map(
      (type) => html`<div>
        <input type="checkbox" id="${prefix}-${type}" name="events" value=${type}
          .checked=${checked.includes(type)} />
        <label for="${prefix}-${type}" class="inline"><code>${type}</code></label>
      </div>`,
    )}`;
  }

  #renderSecret() {
    const s = t().webhooks;
    const shown = this.secret;
    if (!shown) return nothing;
    return html`<section class="card" aria-labelledby="secret-title">
      <h3 id="secret-title" tabindex="-1">${s.secretOf(shown.url)}</h3>
      <p>${s.copyNow}</p>
      <p class="secret" aria-label=${s.theSecret}>${shown.secret}</p>
      ${shown.previousUntil ? html`<p>${s.previousUntil(formatDateTime(shown.previousUntil))}</p>` : nothing}
      <button type="button" class="secondary" @click=${() => {
        this.secret = null;
      }}>${s.copied}</button>
    </section>`;
  }

  #renderOpen() {
    const s = t().webhooks;
    const open = this.open;
    if (!open) return nothing;
    return html`<section class="card" aria-labelledby="open-title">
      <h3 id="open-title" tabindex="-1">${s.endpoint(open.url)}</h3>
      <form @submit=${this.#saveEvents}>
        <fieldset>
          <legend>${s.events}</legend>
          ${this.#eventBoxes('open', open.events)}
        </fieldset>
        <div class="actions"><button type="submit">${s.saveEvents}</button></div>
      </form>
      <div class="scroll" tabindex="0" role="region" aria-label=${s.deliveries}>
      <table>
        <caption>${s.deliveries}</caption>
        <thead><tr><th scope="col">${s.created}</th><th scope="col">${s.type}</th><th scope="col">${s.state}</th>
          <th scope="col">${s.attempts}</th><th scope="col">${s.last}</th><th scope="col">${s.action}</th></tr></thead>
        <tbody>${this.deliveries.map(
          (d) => html`<tr><td>${formatDateTime(d.createdAt)}</td><td><code>${d.type}</code>${
            d.id.startsWith('evt_test_') ? html` <small>${s.test}</small>` : nothing
          }</td><td>${s.status[d.status]}</td><td>${d.attempts}</td>
            <td>${d.lastError ?? d.lastStatus ?? ''}</td>
            <td><button type="button" class="secondary" @click=${() => this.#redeliver(d)}>
              ${s.redeliver}<span class="sr-only">${s.srDelivery(d.type, formatDateTime(d.createdAt))}</span></button></td></tr>`,
        )}</tbody>
      </table>
      </div>
      ${this.deliveries.length === 0 ? html`<p>${s.noDeliveries}</p>` : nothing}
      ${
        this.next
          ? html`<button type="button" class="secondary" @click=${() => this.#show(open, this.next ?? undefined)}>${s.older}</button>`
          : nothing
      }
    </section>`;
  }

  protected renderContent() {
    const s = t().webhooks;
    return html`
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      ${this.#renderSecret()}
      <div class="scroll" tabindex="0" role="region" aria-label=${s.caption}>
      <table>
        <caption>${s.caption}</caption>
        <thead><tr><th scope="col">${s.url}</th><th scope="col">${s.events}</th><th scope="col">${s.action}</th></tr></thead>
        <tbody>${this.endpoints.map(
          (endpoint) => html`<tr><td><code>${endpoint.url}</code>${
            endpoint.description ? html`<br />${endpoint.description}` : nothing
          }</td><td>${endpoint.events.map((e) => html`<code>${e}</code> `)}</td>
            <td class="actions-cell">
              <button type="button" class="secondary" @click=${() => this.#show(endpoint)}>
                ${s.open}<span class="sr-only">${s.srEndpoint(endpoint.url)}</span></button>
              <button type="button" class="secondary" @click=${() => this.#test(endpoint)}>
                ${s.sendTests}<span class="sr-only">${s.srEndpoint(endpoint.url)}</span></button>
              <button type="button" class="secondary" @click=${() => this.#rotate(endpoint)}>
                ${s.rotate}<span class="sr-only">${s.srEndpoint(endpoint.url)}</span></button>
              <button type="button" class="danger" @click=${() => this.#remove(endpoint)}>
                ${s.remove}<span class="sr-only">${s.srEndpoint(endpoint.url)}</span></button>
            </td></tr>`,
        )}</tbody>
      </table>
      </div>
      ${this.#renderOpen()}
      <form class="card" @submit=${this.#create}>
        <h3>${s.create}</h3>
        <label for="webhook-url">${s.url}</label>
        <input id="webhook-url" name="url" type="url" required maxlength="2048" />
        <fieldset>
          <legend>${s.events}</legend>
          ${this.#eventBoxes('new', ['consent.confirmed', 'consent.withdrawn', 'subject.erased'])}
        </fieldset>
        <label for="webhook-description">${s.description}</label>
        <input id="webhook-description" name="description" maxlength="200" />
        <div class="actions"><button type="submit">${s.createButton}</button></div>
      </form>`;
  }
}

customElements.define('console-webhooks', WebhooksView);
