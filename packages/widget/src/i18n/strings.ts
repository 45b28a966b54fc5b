import { type Locale, locales } from '@signet/sdk';
import type { FormStrings } from './form-strings.js';
import de from './locales/de.js';
import en from './locales/en.js';

export type { FormStrings };

/**
 * Every locale of the API's contract, either built in or loaded on first use. A locale added to
 * the contract fails the type check here until its texts exist (docs/widget.md, "Languages").
 */
const packs: Record<Locale, FormStrings | (() => Promise<{ default: FormStrings }>)> = {
  de,
  en,
  fr: () => import('./locales/fr.js'),
};

const loading = new Map<Locale, Promise<FormStrings>>();

/** The texts of a locale: at once when built in, else from its chunk, fetched once per page. */
export function loadStrings(locale: Locale): Promise<FormStrings> {
  const pack = packs[locale];
  if (typeof pack !== 'function') return Promise.resolve(pack);
  let promise = loading.get(locale);
  if (!promise) {
    promise = pack().then((module) => module.default);
    // A failed fetch is tried again on the next load (the element's retry button).
    promise.catch(() => loading.delete(locale));
    loading.set(locale, promise);
  }
  return promise;
}

/** Texts to show before a locale's own have arrived: its own if built in, else English. */
export function stringsAtOnce(locale: Locale): FormStrings {
  const pack = packs[locale];
  return typeof pack === 'function' ? en : pack;
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
