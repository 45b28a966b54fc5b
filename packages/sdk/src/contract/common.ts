import * as v from 'valibot';

export const locales = ['de', 'en', 'fr'] as const;
export const LocaleSchema = v.picklist(locales);
export type Locale = v.InferOutput<typeof LocaleSchema>;

const slug = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const SiteIdSchema = v.pipe(
  v.string(),
  v.regex(slug, 'must be lower-case letters, digits and dashes (at most 63)'),
  v.examples(['demo']),
);

export const PurposeIdSchema = v.pipe(
  v.string(),
  v.regex(slug, 'must be lower-case letters, digits and dashes (at most 63)'),
  v.examples(['newsletter']),
);

export const channels = ['email', 'sms', 'phone', 'post'] as const;
export const ChannelSchema = v.picklist(channels);
export type Channel = v.InferOutput<typeof ChannelSchema>;

export const EmailSchema = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(254, 'is too long'),
  v.email('is not a valid email address'),
  v.examples(['person@example.org']),
);

/** A wording version is the lower-case hex SHA-256 of the wording's canonical text. */
export const WordingVersionSchema = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
);

export const HttpUrlSchema = v.pipe(
  v.string(),
  v.maxLength(2048, 'is too long'),
  v.url('is not a URL'),
  v.regex(/^https?:\/\//i, 'must be an http or https URL'),
);

/** E.164: `+` and 7 to 15 digits. Exported on its own for the widget's check before sending. */
export const e164Pattern = /^\+[1-9]\d{6,14}$/;

/** An international phone number in E.164 form. */
export const PhoneSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(e164Pattern, 'must be an international number like +4915112345678'),
  v.examples(['+4915112345678']),
);

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * One line of text that may reach an email's subject or headers (a site's name, a purpose's
 * label): a control character there could end a header or forge another one.
 */
export const noControlCharacters = v.check<string, string>(
  (text) => !controlCharacters.test(text),
  'must not contain control characters or line breaks',
);

const timestampMessage = 'must be a UTC timestamp like 2027-06-30T23:59:59Z';

/** A UTC instant that every runtime reads the same way: no offsets, no rolled-over dates. */
export const IsoDateTimeSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/, timestampMessage),
  v.check((text) => {
    const time = Date.parse(text);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text.slice(0, 10);
  }, timestampMessage),
);

/** An IANA time zone name this runtime knows (Intl), e.g. Europe/Berlin. */
export const TimeZoneSchema = v.pipe(
  v.string(),
  v.maxLength(64),
  v.check((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return /^[A-Za-z_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin'),
);

/**
 * A mailed link's token: 43 characters of base64url, after the number of the shard that holds
 * what it opens (`2.`) when that is not the first (the API's decision 0009).
 */
export const LinkTokenSchema = v.pipe(
  v.string(),
  v.regex(/^(?:[1-9][0-9]{0,3}\.)?[A-Za-z0-9_-]{43}$/, 'is not a link token'),
);
