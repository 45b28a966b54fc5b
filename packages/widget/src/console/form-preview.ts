import type { FormConfig, Locale } from '@signet/sdk';
import { html, LitElement, nothing, unsafeCSS } from 'lit';
import { renderPurpose } from '../form/render-purpose.js';
import { formStyles } from '../form/signet-form.styles.js';
import { type FormStrings, loadStrings } from '../i18n/strings.js';
import { t as consoleText } from './i18n/console-locale.js';

/**
 * The purposes as visitors will see them: the form's own purpose rendering and styles, with a
 * wording that is not published yet. Nothing here sends anything.
 */
export class ConsoleFormPreview extends LitElement {
  static override styles = unsafeCSS(formStyles);
  static override properties = {
    config: { attribute: false },
    locale: { type: String },
    strings: { state: true },
  };

  declare config: FormConfig | null;
  locale: Locale = 'en';
  strings: FormStrings | null = null;
  #loaded: Locale | null = null;

  override willUpdate() {
    if (this.#loaded === this.locale) return;
    this.#loaded = this.locale;
    const locale = this.locale;
    loadStrings(locale).then((strings) => {
      if (this.locale === locale) this.strings = strings;
    });
  }

  protected override render() {
    const t = this.strings;
    const config = this.config;
    if (!t || !config) return html`<p role="status">${consoleText().wording.loadingPreview}</p>`;
    return html`<form part="form" lang=${this.locale} @submit=${(e: Event) => e.preventDefault()}>
      <fieldset>
        <legend>${t.legend}</legend>
        ${config.purposes.map((purpose) => renderPurpose(purpose, config, t, false, () => undefined))}
        <p class="controller">${t.controller}: ${config.controller.name}</p>
      </fieldset>
      ${nothing}
    </form>`;
  }
}

if (!customElements.get('console-form-preview')) {
  customElements.define('console-form-preview', ConsoleFormPreview);
}
