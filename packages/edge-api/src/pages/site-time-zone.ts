import type { Locale } from '@signet/sdk';

/**
 * The time zone a site's pages show times in. Sites have no such setting yet: until they do,
 * every page takes this one, and the setting replaces it here.
 */
export const siteTimeZone = 'Europe/Berlin';

/** `7. Dez. 2026, 01:00:14 MEZ`: a time as a person reads it, in the site's time zone. */
export function localDateTime(iso: string, locale: Locale, timeZone = siteTimeZone): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'long',
    timeZone,
  }).format(new Date(iso));
}

/** `2026-12-07 01:00:14`: the same time for a spreadsheet, which reads this form as a date. */
export function sortableLocalTime(iso: string, timeZone = siteTimeZone): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
