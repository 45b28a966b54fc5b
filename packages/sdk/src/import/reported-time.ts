/**
 * A time as a source system wrote it, in ISO 8601 and nothing more: a Unix time or a time with an
 * offset becomes UTC (`Z`); a time without a zone (German `31.12.2024 18:05`, Mailchimp's
 * `2024-12-31 18:05:00`) stays without one, because the file does not say which zone it meant
 * and Signet does not guess (M1: never invented). Empty (or CleverReach's `0`) is null.
 */
export type ReportedTime = { ok: true; value: string | null } | { ok: false };

const pad = (n: string | undefined, width = 2) => (n ?? '0').padStart(width, '0');

function validDate(year: string, month: string, day: string) {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

function validTime(hour?: string, minute?: string, second?: string) {
  return Number(hour ?? 0) < 24 && Number(minute ?? 0) < 60 && Number(second ?? 0) < 60;
}

function local(parts: {
  year: string;
  month: string;
  day: string;
  hour?: string | undefined;
  minute?: string | undefined;
  second?: string | undefined;
}): ReportedTime {
  const { year, month, day, hour, minute, second } = parts;
  if (!validDate(year, month, day) || !validTime(hour, minute, second)) return { ok: false };
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (hour === undefined) return { ok: true, value: date };
  return { ok: true, value: `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}` };
}

const unixSeconds = /^\d{9,11}$/;
const iso =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*Uhr)?)?$/;
const dashed = /^(\d{2})-(\d{2})-(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export function reportedTime(text: string | null | undefined): ReportedTime {
  const value = (text ?? '').trim();
  if (value === '' || value === '0') return { ok: true, value: null };
  if (unixSeconds.test(value)) {
    return { ok: true, value: new Date(Number(value) * 1000).toISOString().replace('.000Z', 'Z') };
  }
  const isoMatch = iso.exec(value);
  if (isoMatch) {
    const [, year = '', month = '', day = '', hour, minute, second, zone] = isoMatch;
    const parsed = local({ year, month, day, hour, minute, second });
    if (!parsed.ok || !zone || hour === undefined) return parsed;
    const time = Date.parse(`${parsed.value}${zone.toUpperCase() === 'Z' ? 'Z' : zone}`);
    if (Number.isNaN(time)) return { ok: false };
    return { ok: true, value: new Date(time).toISOString().replace('.000Z', 'Z') };
  }
  const dayFirst = german.exec(value) ?? dashed.exec(value);
  if (dayFirst) {
    const [, day = '', month = '', year = '', hour, minute, second] = dayFirst;
    return local({ year, month, day, hour, minute, second });
  }
  return { ok: false };
}
