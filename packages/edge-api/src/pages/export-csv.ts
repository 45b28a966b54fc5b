import type { Export, Locale } from '@signet/sdk';
import { exportHistory } from '../services/export.js';
import { exportStrings } from './export-strings.js';
import { sortableLocalTime } from './site-time-zone.js';

/**
 * RFC 4180: every cell quoted, quotes doubled. A cell a spreadsheet would run as a formula (a
 * label the site wrote could start with `=`) gets a leading apostrophe, which shows as text.
 */
const csvCell = (value: string | null) => {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
};

/**
 * The person's history as CSV (R3): one row per record with its local time, the purpose's label,
 * the event and the wording version, in the person's language. A byte order mark first, so that
 * Excel reads it as UTF-8 (umlauts, accents, „quotes“).
 */
export function historyCsv(data: Export, locale: Locale, timeZone: string): string {
  const t = exportStrings[locale];
  const rows = exportHistory(data).map((entry) =>
    [sortableLocalTime(entry.at, timeZone), entry.label, t.event[entry.event], entry.wordingVersion]
      .map(csvCell)
      .join(','),
  );
  const header = t.csvHeader(timeZone).map(csvCell).join(',');
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}
