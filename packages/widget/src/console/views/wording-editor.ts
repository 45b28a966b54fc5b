import {
  type AdminPurpose,
  type FormConfig,
  FormConfigSchema,
  type Locale,
  type Wording,
} from '@signet/sdk';
import { html, LitElement, nothing } from 'lit';
import * as v from 'valibot';
import { consoleStyles } from '../console-styles.js';
import type { ConsoleContext } from '../console-view.js';
import { errorText } from '../console-view.js';
import { t, WatchLocale } from '../i18n/console-locale.js';
import { wordDiff } from '../word-diff.js';
import '../form-preview.js';

type Fields = Omit<Wording, 'locale'>;
const fields: { name: keyof Fields; long: boolean }[] = [
  { name: 'label', long: false },
  { name: 'purpose', long: true },
  { name: 'processed', long: true },
  { name: 'retention', long: true },
  { name: 'withdrawal', long: true },
];
const empty: Fields = { label: '', purpose: '', processed: '', retention: '', withdrawal: '' };

/**
 * Writes and publishes one purpose's wording in one locale: starts from the current text, shows
 * what changed word by word, and previews the form with the draft before anything is published.
 */
export class ConsoleWordingEditor extends LitElement {
  static override styles = [consoleStyles];
  static override properties = {
    context: { attribute: false },
    purpose: { attribute: false },
    locales: { state: true },
    locale: { state: true },
    config: { state: true },
    draft: { state: true },
    status: { state: true },
  };

  declare context: ConsoleContext;
  declare purpose: AdminPurpose;
  locales: Locale[] = [];
  locale: Locale = 'en';
  /** The form as visitors see it now, in the chosen locale. */
  config: FormConfig | null = null;
  draft: Fields = empty;
  status: { ok: boolean; text: string } | null = null;
  #for = '';

  constructor() {
    super();
    new WatchLocale(this);
  }

  override async willUpdate(changed: Map<string, unknown>) {
    if (changed.has('purpose') && this.purpose && this.#for !== this.purpose.id) {
      this.#for = this.purpose.id;
      const site = await this.context.admin.site();
      if (!site.ok) {
        this.status = { ok: false, text: errorText(site.error) };
        return;
      }
      this.locales = site.value.locales;
      await this.#open(site.value.defaultLocale);
    }
  }

  get #current(): Fields | null {
    return this.config?.purposes.find((purpose) => purpose.id === this.purpose.id)?.wording ?? null;
  }

  async #open(locale: Locale) {
    this.locale = locale;
    this.config = null;
    this.status = { ok: true, text: t().wording.loadingCurrent };
    const site = encodeURIComponent(this.context.session.site);
    try {
      const response = await fetch(`/v1/sites/${site}/form?locale=${locale}`);
      const parsed = v.safeParse(FormConfigSchema, await response.json());
      if (!response.ok || !parsed.success) throw new Error('unexpected answer');
      this.config = parsed.output;
      const current = this.#current;
      this.draft = current
        ? {
            label: current.label,
            purpose: current.purpose,
            processed: current.processed,
            retention: current.retention,
            withdrawal: current.withdrawal,
          }
        : empty;
      this.status = null;
    } catch {
      this.status = { ok: false, text: t().wording.loadFailed };
    }
  }

  get #preview(): FormConfig | null {
    const config = this.config;
    if (!config) return null;
    const wording = { ...this.draft, locale: this.locale };
    const mine = {
      id: this.purpose.id,
      channel: this.purpose.channel,
      wordingVersion: 'draft',
      wording,
    };
    // In its place when visitors see it already; a purpose without a wording yet comes last.
    const shown = config.purposes.some((purpose) => purpose.id === mine.id);
    const purposes = shown
      ? config.purposes.map((purpose) => (purpose.id === mine.id ? mine : purpose))
      : [...config.purposes, mine];
    return { ...config, purposes };
  }

  async #publish(event: SubmitEvent) {
    event.preventDefault();
    this.status = { ok: true, text: t().wording.publishing };
    const published = await this.context.admin.publishWording(this.purpose.id, {
      ...this.draft,
      locale: this.locale,
    });
    if (!published.ok) {
      this.status = { ok: false, text: errorText(published.error) };
      const field = published.error.field;
      if (field) this.renderRoot.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
      return;
    }
    this.status = {
      ok: true,
      text: t().wording.publishedVersion(published.value.version.slice(0, 12), this.locale),
    };
    this.dispatchEvent(new CustomEvent('console-published', { bubbles: true, composed: true }));
    await this.#open(this.locale);
    this.status = { ok: true, text: t().wording.published(this.locale) };
  }

  #diff(name: keyof Fields) {
    const before = this.#current?.[name] ?? '';
    const after = this.draft[name];
    if (before === after) return html`<p class="hint">${t().wording.unchanged}</p>`;
    return html`<p class="diff" aria-label=${t().wording.changesTo(t().wording.fields[name][0])}>
      ${wordDiff(before, after).map((part) =>
        part.kind === 'same'
          ? part.text
          : part.kind === 'added'
            ? html`<ins>${part.text}</ins>`
            : html`<del>${part.text}</del>`,
      )}
    </p>`;
  }

  protected override render() {
    if (!this.purpose) return nothing;
    const changed = fields.some(({ name }) => (this.#current?.[name] ?? '') !== this.draft[name]);
    const s = t().wording;
    return html`<section class="card" aria-labelledby="editor-title">
      <h3 id="editor-title">${s.title(this.purpose.id)}</h3>
      <label for="wording-locale">${s.language}</label>
      <select id="wording-locale" @change=${(e: Event) => this.#open((e.target as HTMLSelectElement).value as Locale)}>
        ${this.locales.map((l) => html`<option .selected=${l === this.locale}>${l}</option>`)}
      </select>
      <p role="status" class="status ${this.status?.ok === false ? 'error' : 'ok'}">${this.status?.text ?? ''}</p>
      ${
        this.config
          ? html`<form @submit=${this.#publish}>
            ${fields.map(
              ({ name, long }) => html`<label for="w-${name}">${s.fields[name][0]}</label>
                ${
                  long
                    ? html`<textarea id="w-${name}" name=${name} required aria-describedby="w-${name}-hint"
                      .value=${this.draft[name]}
                      @input=${(e: Event) => {
                        this.draft = {
                          ...this.draft,
                          [name]: (e.target as HTMLTextAreaElement).value,
                        };
                      }}></textarea>`
                    : html`<input id="w-${name}" name=${name} required aria-describedby="w-${name}-hint"
                      .value=${this.draft[name]}
                      @input=${(e: Event) => {
                        this.draft = {
                          ...this.draft,
                          [name]: (e.target as HTMLInputElement).value,
                        };
                      }} />`
                }
                <p class="hint" id="w-${name}-hint">${s.fields[name][1]}</p>
                ${this.#diff(name)}`,
            )}
            <h4>${s.preview(this.locale)}</h4>
            <console-form-preview .config=${this.#preview} locale=${this.locale}></console-form-preview>
            <div class="actions">
              <button type="submit" ?disabled=${!changed}>${s.publish(this.locale)}</button>
            </div>
            <p class="hint">${s.publishHint}</p>
          </form>`
          : nothing
      }
    </section>`;
  }
}

if (!customElements.get('console-wording-editor')) {
  customElements.define('console-wording-editor', ConsoleWordingEditor);
}
