import type { ConsentRequestInput, FormConfig, FormPurpose, SignetError } from '@signet/sdk';
import { getFormUnchecked, requestConsentUnchecked } from '@signet/sdk/first-party';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type FormStrings, loadStrings, resolveLocale, stringsAtOnce } from '../i18n/strings.js';

export interface ConfigHost extends ReactiveControllerHost, HTMLElement {
  site: string;
  endpoint: string;
  /** Space-separated purpose ids to show; empty shows all. */
  purposes: string;
}

/**
 * Loads a site's form configuration for an element and keeps its loading state: shared by
 * every Signet element that shows purposes, so none repeats the API and locale logic.
 */
// Errors that only the site's owner can mend: trying again cannot help the visitor.
const ownersToMend = new Set(['origin_not_allowed', 'unknown_site', 'unknown_purpose']);

export class FormConfigController implements ReactiveController {
  /** `unavailable`: the form cannot be shown here until the site's owner acts (no retry). */
  status: 'loading' | 'error' | 'unavailable' | 'ready' = 'loading';
  config: FormConfig | null = null;
  /** The texts in the form's locale (until they have arrived, those {@link stringsAtOnce} has). */
  strings: FormStrings;
  private loaded = '';
  #runs = 0;
  // A site's language switch changes `lang` on the element or on <html>: both re-render the form.
  readonly #langWatch = new MutationObserver(() => this.host.requestUpdate());

  constructor(
    private readonly host: ConfigHost,
    private readonly onError: (error: SignetError) => void,
  ) {
    host.addController(this);
    this.strings = stringsAtOnce(this.locale);
  }

  /**
   * The purposes the host shows: all current ones, or those its `purposes` attribute names, in
   * the order it names them.
   */
  get visiblePurposes(): FormPurpose[] {
    const all = this.config?.purposes ?? [];
    const wanted = this.#wanted;
    if (!wanted.length) return all;
    return wanted.flatMap((id) => all.filter((purpose) => purpose.id === id));
  }

  get #wanted() {
    return this.host.purposes.split(/\s+/).filter(Boolean);
  }

  /** The `lang` attribute, then the document's language, then the browser's. */
  get locale() {
    return resolveLocale(this.host.lang, document.documentElement.lang, navigator.language);
  }

  /** The site's hosted preferences page (R6), in the form's language (not the browser's). */
  get preferencesUrl() {
    const { endpoint, site } = this.#options;
    return `${endpoint.replace(/\/+$/, '')}/p/${encodeURIComponent(site)}?lang=${this.locale}`;
  }

  get #options() {
    return { endpoint: this.host.endpoint || window.location.origin, site: this.host.site };
  }

  /** Sends a consent request for the host's site (only the SDK calls a bundle uses ship). */
  requestConsent(input: ConsentRequestInput) {
    return requestConsentUnchecked(this.#options, input);
  }

  hostConnected() {
    const lang = { attributes: true, attributeFilter: ['lang'] };
    this.#langWatch.observe(this.host, lang);
    this.#langWatch.observe(document.documentElement, lang);
  }

  hostDisconnected() {
    this.#langWatch.disconnect();
  }

  hostUpdate() {
    const key = `${this.host.site} ${this.host.endpoint} ${this.locale}`;
    if (this.host.site && key !== this.loaded) {
      this.loaded = key;
      void this.load();
    }
  }

  async load() {
    // Only the newest load may change the element: an answer for an earlier site or endpoint
    // that arrives late is dropped.
    const run = ++this.#runs;
    this.status = 'loading';
    // Purposes of an earlier site must not linger (a checkout form would submit them).
    this.config = null;
    const asked = this.locale;
    this.strings = stringsAtOnce(asked);
    this.host.requestUpdate();
    // The texts' chunk (if the locale has one) travels alongside the config request.
    void loadStrings(asked);
    const result = await getFormUnchecked(this.#options, asked);
    if (run !== this.#runs) return;
    const missing = result.ok
      ? this.#wanted.filter((id) => !result.value.purposes.some((purpose) => purpose.id === id))
      : [];
    if (!result.ok) {
      this.#fail(result.error);
    } else if (missing.length) {
      const site = this.host.site;
      const has = result.value.purposes.map((purpose) => purpose.id).join(', ');
      this.#fail({
        code: 'unknown_purpose',
        message: `site ${site} has no purpose ${missing.join(', ')} (it has ${has})`,
        field: 'purposes',
      });
    } else {
      // The API answers in the site's default locale when it lacks the asked one.
      const strings = await loadStrings(result.value.locale);
      if (run !== this.#runs) return;
      this.strings = strings;
      this.config = result.value;
      this.status = 'ready';
    }
    this.host.requestUpdate();
  }

  #fail(error: SignetError) {
    const forOwner = ownersToMend.has(error.code);
    this.status = forOwner ? 'unavailable' : 'error';
    // The visitor sees a neutral sentence; the site's owner, in the console, what to change.
    if (forOwner) console.error(`<${this.host.localName}>: ${error.message}`);
    this.onError(error);
  }
}
