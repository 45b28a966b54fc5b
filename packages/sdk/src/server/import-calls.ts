import type { SignetError } from '../contract/errors.js';
import type { ImportFormat, ImportReport } from '../contract/imports.js';
import { CsvRecordSplitter } from '../import/csv.js';
import { toBase64url } from '../records/base64url.js';

/** How a file is read into calls: its format and kind, the purpose, whether only to try. */
export interface ImportParams {
  format: ImportFormat;
  kind: 'csv' | 'ndjson';
  /** The purpose of every row that names none (Signet format: `purpose` column). */
  purpose?: string | undefined;
  dryRun?: boolean | undefined;
  /**
   * Rows per call, at most 5,000 (the API's limit). 1,000 by default: docs/performance.md has
   * what a call costs in a Worker.
   */
  rowsPerCall?: number | undefined;
  /**
   * Calls sent together, 1 to 4 (default 2): the next call's rows are read and sent while the
   * previous call is written. Reports still come in file order.
   */
  callsInFlight?: number | undefined;
  /** After each call, in file order: its report, and the rows answered so far. */
  onProgress?: ((call: ImportReport, rowsSoFar: number) => void) | undefined;
}

/**
 * The calls of a file and what they did, in file order up to `error`, the call that failed:
 * none started after it, but calls already in flight with it may have been written. Running the
 * same file again finishes it; their keys make the server answer their first reports.
 */
export interface ImportOutcome {
  report: ImportReport;
  error: SignetError | null;
}

/** One call's rows: the body, and the file's number of its first data row. */
export interface ImportCallBody {
  body: string;
  firstRow: number;
  rows: number;
}

/** Whole NDJSON lines from text that arrives in pieces. */
class LineSplitter {
  #pending = '';
  push(piece: string) {
    const lines = (this.#pending + piece).split('\n');
    this.#pending = lines.pop() ?? '';
    return lines.map((line) => line.replace(/\r$/, ''));
  }
  end() {
    const rest = this.#pending.replace(/\r$/, '');
    this.#pending = '';
    return rest ? [rest] : [];
  }
}

/**
 * Cuts a file, read as a stream of text pieces, into call bodies of at most `rowsPerCall` rows,
 * without holding more than one call's rows: CSV calls each start with the file's header.
 * Empty lines are not rows (the API does not count them either).
 */
export async function* importCallBodies(
  source: AsyncIterable<string>,
  kind: 'csv' | 'ndjson',
  rowsPerCall: number,
): AsyncGenerator<ImportCallBody> {
  const splitter = kind === 'csv' ? new CsvRecordSplitter() : new LineSplitter();
  let header: string | null = kind === 'csv' ? null : '';
  let rows: string[] = [];
  let firstRow = 1;
  const body = () => (kind === 'csv' ? [header, ...rows].join('\r\n') : rows.join('\n'));
  const take = function* (records: string[]) {
    for (const record of records) {
      if (header === null) {
        header = record;
        continue;
      }
      if (record.trim() === '') continue;
      rows.push(record);
      if (rows.length === rowsPerCall) {
        yield { body: `${body()}${kind === 'csv' ? '\r\n' : '\n'}`, firstRow, rows: rows.length };
        firstRow += rows.length;
        rows = [];
      }
    }
  };
  for await (const piece of source) yield* take(splitter.push(piece));
  yield* take(splitter.end());
  if (rows.length > 0) {
    yield { body: `${body()}${kind === 'csv' ? '\r\n' : '\n'}`, firstRow, rows: rows.length };
  }
}

export const emptyImportReport = (format: ImportFormat, dryRun: boolean): ImportReport => ({
  dryRun,
  format,
  rows: 0,
  imported: 0,
  withEvidence: 0,
  skipped: [],
});

/** The reports of a file's calls as one. */
export function addImportReports(total: ImportReport, call: ImportReport): ImportReport {
  return {
    ...total,
    rows: total.rows + call.rows,
    imported: total.imported + call.imported,
    withEvidence: total.withEvidence + call.withEvidence,
    skipped: [...total.skipped, ...call.skipped],
  };
}

/**
 * The `Idempotency-Key` of one import call, derived from what it sends (the file's header and
 * the call's rows, where they start in the file, format, purpose, dry run): a retry, or the same
 * file run again after a stop, sends the same key for the same call, and the server answers the
 * first call's report instead of listing its rows as `consent-exists`.
 */
export async function importCallKey(
  params: {
    format: ImportFormat;
    kind: string;
    purpose?: string | undefined;
    dryRun?: boolean | undefined;
  },
  firstRow: number,
  body: string,
): Promise<string> {
  const what = JSON.stringify([
    params.format,
    params.kind,
    params.purpose ?? null,
    params.dryRun ?? false,
    firstRow,
  ]);
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${what}\n${body}`),
  );
  return `signet-import-${firstRow}-${toBase64url(new Uint8Array(digest))}`;
}
