import * as v from 'valibot';
import { type Locale, LocaleSchema } from './common.js';

const text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));

/**
 * What a person reads next to one consent box (C4): the box's label, what is processed, why,
 * for how long and how to withdraw. Controller and privacy link are the site's.
 */
export const WordingSchema = v.object({
  locale: LocaleSchema,
  label: text(300),
  processed: text(1000),
  purpose: text(1000),
  retention: text(500),
  withdrawal: text(500),
});
export type Wording = v.InferOutput<typeof WordingSchema>;

/**
 * The exact text a version hash covers. Keys in a fixed (sorted) order and only strings, so this is
 * the RFC 8785 canonical form of the wording object.
 */
export function wordingCanonicalText(wording: Wording): string {
  const { label, locale, processed, purpose, retention, withdrawal } = wording;
  return JSON.stringify({ label, locale, processed, purpose, retention, withdrawal });
}

/** The version id of a wording: lower-case hex SHA-256 of its canonical text. */
export async function wordingVersion(wording: Wording): Promise<string> {
  const bytes = new TextEncoder().encode(wordingCanonicalText(wording));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export type { Locale };
