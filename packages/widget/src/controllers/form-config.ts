import type { FormConfig, FormPurpose, Locale, SignetError } from '@signet/sdk';
import { getFormUnchecked } from '@signet/sdk/first-party';
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

type Options = { endpoint: string; site: string };
const requestKey = ({ endpoint, site }: Options, locale: Locale) => `${endpoint} ${site} ${locale}`;
/** Configurations asked for before the element was defined ({@link prefetchForm}), each used once. */
const early = new Map<string, ReturnType<typeof getFormUnchecked>>();
const takeEarly = (options: Options, locale: Locale) => {
  const key = requestKey(options, locale);
  const request = early.get(key);
  early.delete(key);
  return request;
};

/**
 * Asks for the configuration an element in the page will load, before the element's code has
 * been evaluated and its styles built: signet.js does this first, so that the request travels
 * while the rest of the script runs. The element takes the answer if it asks for the same
 * site, endpoint and locale; a later load (retry, new site) asks again.
 */
export function prefetchForm(element: HTMLElement) {
  const site = element.getAttribute('site');
  if (!site) return;
  const options = { endpoint: element.getAttribute('endpoint') || window.location.origin, site };
  const locale = resolveLocale(element.lang, document.documentElement.lang, navigator.language);
  const key = requestKey(options, locale);
  if (early.has(key)) return;
  early.set(key, getFormUnchecked(options, locale));
  void loadStrings(locale);
}

export class FormConfigController implements ReactiveController {
  /**
   * How long a load may take before the host shows its loading state. A configuration that
   * arrives sooner is rendered at once: a loading message seen for a frame or two says nothing,
   * and its render and layout would delay the form's own first paint (issue 23). Tests set it.
   */
  static loadingDelayMs = 150;
  /**
   * `waiting`: loading, shown as nothing until {@link loadingDelayMs} has passed, then `loading`;
   * `unavailable`: the form cannot be shown here until the site's owner acts (no retry).
   */
  status: 'waiting' | 'loading' | 'error' | 'unavailable' | 'ready' = 'waiting';
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
    const { endpoint, site } = this.options;
    return `${endpoint.replace(/\/+$/, '')}/p/${encodeURIComponent(site)}?lang=${this.locale}`;
  }

  /** The API and site the host talks to. */
  get options() {
    return { endpoint: this.host.endpoint || window.location.origin, site: this.host.site };
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
    this.status = 'waiting';
    // Purposes of an earlier site must not linger (a checkout form would submit them).
    this.config = null;
    const asked = this.locale;
    this.strings = stringsAtOnce(asked);
    this.host.requestUpdate();
    setTimeout(() => {
      if (run !== this.#runs || this.status !== 'waiting') return;
      this.status = 'loading';
      this.host.requestUpdate();
    }, FormConfigController.loadingDelayMs);
    // The texts' chunk (if the locale has one) travels alongside the config request.
    void loadStrings(asked);
    const result = await (takeEarly(this.options, asked) ?? getFormUnchecked(this.options, asked));
    if (run !== this.#runs) return;
    const missing = result.ok
      ? this.#wanted.filter((id) => !result.value.purposes.some((purpose) => purpose.id === id))
      : [];
    // The API answers in the site's default locale when it lacks the asked one; an error is read
    // in the asked one (its chunk, if any, is on its way already).
    const strings = await loadStrings(result.ok ? result.value.locale : asked);
    if (run !== this.#runs) return;
    this.strings = strings;
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
