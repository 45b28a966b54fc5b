import type { SiteExportLine } from '../contract/site-export.js';

type Lines = () => AsyncIterable<string> | Iterable<string>;

/** What the rows of an export left out, and why: the CLI says so rather than drop them unsaid. */
export interface SiteExportRowsSummary {
  consents: number;
  rows: number;
  /** Consents whose person's address the export could not open (its `email` is null). */
  noAddress: number;
  /** Active consents whose record is not in the export's log with the hash the consent names. */
  noRecord: number;
}

function parse(line: string): SiteExportLine | null {
  try {
    return JSON.parse(line) as SiteExportLine;
  } catch {
    return null;
  }
}

/**
 * M2: a Signet site export as rows of the `signet-export` import format (NDJSON lines), read in
 * two passes so a file of any size is never held: the first takes the manifest, the wording
 * texts and the key id of each record an active consent names (records come after persons), the
 * second makes one row per consent. A row names its original record by deployment, site, id,
 * hash and key id; an active consent whose record is not in the file with that hash makes no
 * row, so every imported record names a record of the exported log.
 */
export async function* siteExportImportRows(
  open: Lines,
  summary: SiteExportRowsSummary = { consents: 0, rows: 0, noAddress: 0, noRecord: 0 },
): AsyncGenerator<string> {
  let manifest: Extract<SiteExportLine, { type: 'manifest' }> | null = null;
  const wordings = new Map<string, string>();
  const wanted = new Map<string, string | null>();
  const signedBy = new Map<string, string>();
  for await (const line of open()) {
    const parsed = parse(line);
    if (parsed?.type === 'manifest') manifest = parsed;
    else if (parsed?.type === 'wording') wordings.set(parsed.version, parsed.text);
    else if (parsed?.type === 'person') {
      for (const consent of parsed.consents) {
        if (consent.status === 'active' && consent.record) {
          wanted.set(consent.record.id, consent.record.hash);
        }
      }
    } else if (parsed?.type === 'record' && wanted.get(parsed.record.id) === parsed.hash) {
      signedBy.set(parsed.record.id, parsed.kid);
    }
  }
  if (!manifest) throw new Error('The file is no Signet site export: it has no manifest line');
  for await (const line of open()) {
    const person = parse(line);
    if (person?.type !== 'person') continue;
    for (const consent of person.consents) {
      summary.consents += 1;
      const kid = consent.record ? signedBy.get(consent.record.id) : undefined;
      if (consent.status !== 'active') {
        // Still a row: the import reports it as not subscribed, so the counts add up.
      } else if (person.email === null) {
        summary.noAddress += 1;
        continue;
      } else if (!kid) {
        summary.noRecord += 1;
        continue;
      }
      summary.rows += 1;
      yield JSON.stringify({
        email: person.email ?? '',
        purpose: consent.purpose,
        status: consent.status,
        confirmed_at: consent.confirmedAt,
        wording_text: wordings.get(consent.wordingVersion) ?? null,
        wording_version: consent.wordingVersion,
        original_origin: manifest.origin,
        original_site: manifest.site,
        original_id: consent.record?.id ?? null,
        original_hash: consent.record?.hash ?? null,
        original_kid: kid ?? null,
      });
    }
  }
}
