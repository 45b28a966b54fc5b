import { type Locale, locales } from '@signet/sdk';
import type { FormStrings } from './form-strings.js';
import en from './locales/en.js';

export type { FormStrings };

/**
 * Every locale of the API's contract, either built in (English, the fallback) or loaded on first
 * use, alongside the form's configuration. A locale added to the contract fails the type check
 * here until its texts exist (docs/widget.md, "Languages").
 */
const packs: Record<Locale, FormStrings | (() => Promise<{ default: FormStrings }>)> = {
  de: () => import('./locales/de.js'),
  en,
  fr: () => import('./locales/fr.js'),
};

const loading = new Map<Locale, Promise<FormStrings>>();
const loaded = new Map<Locale, FormStrings>();

/**
 * The texts of a locale: at once when built in, else from its chunk, fetched once per page.
 * Never fails: if the chunk cannot be fetched (offline, or a redeploy removed that hashed file),
 * the form works in English rather than not at all, and the next load tries the chunk again.
 */
export function loadStrings(locale: Locale): Promise<FormStrings> {
  const pack = packs[locale];
  if (typeof pack !== 'function') return Promise.resolve(pack ?? en);
  let promise = loading.get(locale);
  if (!promise) {
    promise = pack().then(
      (module) => {
        loaded.set(locale, module.default);
        return module.default;
      },
      () => {
        loading.delete(locale);
        return en;
      },
    );
    loading.set(locale, promise);
  }
  return promise;
}

/** Texts to show before a load finishes: the locale's own if at hand, else English. */
export function stringsAtOnce(locale: Locale): FormStrings {
  const pack = packs[locale];
  return typeof pack === 'function' ? (loaded.get(locale) ?? en) : (pack ?? en);
}

/** The `lang` attribute, then the document's language, then the browser's; German otherwise. */
export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    const primary = candidate?.toLowerCase().split('-')[0];
    const known = locales.find((locale) => locale === primary);
    if (known) return known;
  }
  return 'de';
}
