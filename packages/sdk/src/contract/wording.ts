import * as v from 'valibot';
import { canonicalJson } from '../records/canonical-json.js';
import { sha256Hex } from '../records/signing-input.js';
import { type Locale, LocaleSchema, noControlCharacters } from './common.js';

const text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));

/**
 * What a person reads next to one consent box (C4): the box's label, what is processed, why,
 * for how long and how to withdraw. Controller and privacy link are the site's.
 */
export const WordingSchema = v.object({
  locale: LocaleSchema,
  /** Shown in the confirmation email and SMS, so one line without control characters. */
  label: v.pipe(text(300), noControlCharacters),
  processed: text(1000),
  purpose: text(1000),
  retention: text(500),
  withdrawal: text(500),
});
export type Wording = v.InferOutput<typeof WordingSchema>;

/**
 * The exact text a version hash covers: the RFC 8785 canonical JSON of the wording.
 */
export function wordingCanonicalText(wording: Wording): string {
  const { label, locale, processed, purpose, retention, withdrawal } = wording;
  return canonicalJson({ label, locale, processed, purpose, retention, withdrawal });
}

/** The version id of a wording: lower-case hex SHA-256 of its canonical text. */
export function wordingVersion(wording: Wording): Promise<string> {
  return sha256Hex(wordingCanonicalText(wording));
}

export type { Locale };
