import type { Evidence, Locale } from '@signet/sdk';
import { localIsoDate } from './local-time.js';

const words: Record<Locale, { document: string; allPurposes: string }> = {
  de: { document: 'nachweis', allPurposes: 'alle-zwecke' },
  en: { document: 'consent-proof', allPurposes: 'all-purposes' },
  fr: { document: 'preuve-consentement', allPurposes: 'toutes-finalites' },
};

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/**
 * The exhibit's file name: site, a person reference (a prefix of the keyed hash, never the
 * address), purpose and the day it was made, e.g. nachweis-backtipps-p7f3a0-newsletter-2026-12-07.pdf.
 */
export function exhibitFileName(evidence: Evidence, extension: 'html' | 'pdf' | 'json'): string {
  const w = words[evidence.locale];
  const purpose = evidence.purpose ? slug(evidence.purpose) : w.allPurposes;
  const day = localIsoDate(evidence.generatedAt, evidence.timeZone);
  return `${w.document}-${slug(evidence.site)}-${evidence.person.reference}-${purpose}-${day}.${extension}`;
}

/**
 * `Content-Disposition` that lets a browser show the document (PDF viewer, page) and keeps its
 * name when it is saved.
 */
export function inline(fileName: string): string {
  return `inline; filename="${fileName}"`;
}
