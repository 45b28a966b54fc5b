import type { Locale } from '@signet/sdk';

/** A moment as a person reads it in a place: its date, its time of day and the zone's name. */
export interface LocalTime {
  date: string;
  time: string;
  /** The zone's short name at that moment, e.g. MEZ or MESZ, GMT+1, UTC+1. */
  zone: string;
}

const dateOptions: Record<Locale, Intl.DateTimeFormatOptions> = {
  de: { day: '2-digit', month: '2-digit', year: 'numeric' },
  // English readers on both sides of the Atlantic read the day and month the same way only
  // when the month is a word.
  en: { day: 'numeric', month: 'long', year: 'numeric' },
  fr: { day: '2-digit', month: '2-digit', year: 'numeric' },
};
const tags: Record<Locale, string> = { de: 'de-DE', en: 'en-GB', fr: 'fr-FR' };

const formats = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formatsFor(locale: Locale, timeZone: string) {
  const key = `${locale} ${timeZone}`;
  let found = formats.get(key);
  if (!found) {
    found = {
      date: new Intl.DateTimeFormat(tags[locale], { ...dateOptions[locale], timeZone }),
      time: new Intl.DateTimeFormat(tags[locale], {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
        timeZone,
      }),
    };
    formats.set(key, found);
  }
  return found;
}

/** An ISO instant in a time zone, for a locale (documents for people, never UTC with milliseconds). */
export function localTime(iso: string, locale: Locale, timeZone: string): LocalTime {
  const moment = new Date(iso);
  const { date, time } = formatsFor(locale, timeZone);
  const parts = time.formatToParts(moment);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((item) => item.type === type)?.value ?? '';
  return {
    date: date.format(moment),
    time: `${part('hour')}:${part('minute')}:${part('second')}`,
    zone: part('timeZoneName'),
  };
}

/** The date alone, for headings and "erased on …". */
export function localDate(iso: string, locale: Locale, timeZone: string): string {
  return localTime(iso, locale, timeZone).date;
}

/** Date and time in one phrase: "07.12.2026, 01:00:14 Uhr (MEZ)" and its English and French forms. */
export function localDateTime(iso: string, locale: Locale, timeZone: string): string {
  const { date, time, zone } = localTime(iso, locale, timeZone);
  if (locale === 'de') return `${date}, ${time} Uhr (${zone})`;
  if (locale === 'fr') return `${date} à ${time} (${zone})`;
  return `${date}, ${time} (${zone})`;
}

/** The calendar day of an instant in a zone as YYYY-MM-DD (file names). */
export function localIsoDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(new Date(iso));
}
