import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConsoleStrings } from './console-strings.js';
import en from './en.js';

/** The console's languages: English is built in, German is its own chunk. */
export const consoleLocales = ['en', 'de'] as const;
export type ConsoleLocale = (typeof consoleLocales)[number];

const packs: Record<ConsoleLocale, () => Promise<{ default: ConsoleStrings }>> = {
  en: async () => ({ default: en }),
  de: () => import('./de.js'),
};

// The owner's choice outlives the tab's session (a language is no secret), never a cookie.
const storageKey = 'signet-console-locale';
const isLocale = (value: unknown): value is ConsoleLocale =>
  consoleLocales.includes(value as ConsoleLocale);

let current: { locale: ConsoleLocale; strings: ConsoleStrings } = { locale: 'en', strings: en };
const hosts = new Set<ReactiveControllerHost>();

/** The texts of the chosen language (English until its chunk has arrived). */
export const t = () => current.strings;
export const consoleLocale = () => current.locale;

/** The owner's earlier choice in this browser, else the browser's language: de for de-*, else en. */
export function initialLocale(): ConsoleLocale {
  try {
    const stored = localStorage.getItem(storageKey);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be off: the browser's language still holds.
  }
  return navigator.language.toLowerCase().split('-')[0] === 'de' ? 'de' : 'en';
}

/**
 * Switches the console's language: loads its texts, sets `<html lang>` (screen readers follow
 * it) and the page's title, keeps the choice, and re-renders every element that watches it. A chunk that cannot be
 * fetched leaves the console in the language it had.
 */
export async function useLocale(locale: ConsoleLocale, keep = true) {
  try {
    const strings = (await packs[locale]()).default;
    current = { locale, strings };
  } catch {
    return;
  }
  document.documentElement.lang = locale;
  document.title = current.strings.shell.title;
  if (keep) {
    try {
      localStorage.setItem(storageKey, locale);
    } catch {
      // Not kept: the choice holds until the page is left.
    }
  }
  for (const host of hosts) host.requestUpdate();
}

/** Re-renders its element when the language changes. */
export class WatchLocale implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected() {
    hosts.add(this.host);
  }
  hostDisconnected() {
    hosts.delete(this.host);
  }
}

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function format<T extends Intl.DateTimeFormat | Intl.NumberFormat>(
  name: string,
  make: (locale: ConsoleLocale) => T,
): T {
  const key = `${current.locale}:${name}`;
  let made = formats.get(key) as T | undefined;
  if (!made) {
    made = make(current.locale);
    formats.set(key, made);
  }
  return made;
}

/** A day of an ISO timestamp, in the chosen language (UTC, as the columns say). */
export const formatDate = (iso: string) =>
  format(
    'date',
    (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeZone: 'UTC' }),
  ).format(new Date(iso));
/** A moment to the second, in the chosen language (UTC, as the columns say). */
export const formatDateTime = (iso: string) =>
  format(
    'datetime',
    (l) =>
      new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }),
  ).format(new Date(iso));
export const formatNumber = (n: number) =>
  format('number', (l) => new Intl.NumberFormat(l)).format(n);
export const formatPercent = (share: number) =>
  format('percent', (l) => new Intl.NumberFormat(l, { style: 'percent' })).format(share);
export const formatMinutes = (minutes: number) =>
  format('minutes', (l) => new Intl.NumberFormat(l, { style: 'unit', unit: 'minute' })).format(
    minutes,
  );
export const formatHours = (hours: number) =>
  format(
    'hours',
    (l) => new Intl.NumberFormat(l, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }),
  ).format(hours);
