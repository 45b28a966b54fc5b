import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { type ImportFormat, importFormats } from '../contract/imports.js';
import { importAdapters } from '../import/adapters/index.js';
import type { createSignetAdmin } from '../server/admin-client.js';
import { siteExportSource } from './import-site-export.js';
import { unstatedStatus } from './import-status-columns.js';
import type { Output } from './verify-command.js';

export const importUsage = `  import FILE --format mailchimp|brevo|cleverreach|signet [--purpose ID] [--dry-run]
         [--rows-per-call N] [--calls-in-flight 1-4] [--out REPORT.json]
                                         import existing consents (CSV, or NDJSON for .ndjson/
                                         .jsonl files), streamed in calls; the report at the end
  import DIR|FILE --format signet-export [--dry-run] [--rows-per-call N] [--out REPORT.json]
                                         move a site: verify another deployment's site export,
                                         then import its consents, each naming its original record`;

/** The file as text pieces, counting the bytes read so far for the progress bar. */
async function* pieces(file: string, progress: { bytes: number }) {
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    progress.bytes += bytes.byteLength;
    yield bytes;
  }
}

/** UTF-8 text of a byte stream, a character cut between two chunks kept for the next. */
async function* decoded(chunks: AsyncIterable<Uint8Array>) {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

function bar(done: number, total: number) {
  const share = total > 0 ? Math.min(done / total, 1) : 1;
  const filled = Math.round(share * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${Math.round(share * 100)}%`;
}

/** `signet import FILE --format … [--purpose ID] [--dry-run]`: exit 0 done, 1 refused, 2 usage. */
export async function runImportCommand(
  file: string | undefined,
  flags: Record<string, string>,
  dryRun: boolean,
  admin: ReturnType<typeof createSignetAdmin>,
  io: Output,
): Promise<number> {
  const format = flags.format as ImportFormat | undefined;
  if (!file || !format || !importFormats.includes(format)) {
    io.err(`signet: import needs FILE and --format ${importFormats.join('|')}\n\n${importUsage}`);
    return 2;
  }
  const rowsPerCall = flags['rows-per-call'] ? Number(flags['rows-per-call']) : undefined;
  if (
    rowsPerCall !== undefined &&
    !(Number.isInteger(rowsPerCall) && rowsPerCall >= 1 && rowsPerCall <= 5000)
  ) {
    io.err('signet: --rows-per-call is a whole number from 1 to 5000');
    return 2;
  }
  const inFlight = flags['calls-in-flight'] ? Number(flags['calls-in-flight']) : undefined;
  if (inFlight !== undefined && !(Number.isInteger(inFlight) && inFlight >= 1 && inFlight <= 4)) {
    io.err('signet: --calls-in-flight is a whole number from 1 to 4');
    return 2;
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    io.err(`signet: cannot read ${file}`);
    return 2;
  }
  const progress = { bytes: 0 };
  const started = Date.now();
  const moved = format === 'signet-export' ? await siteExportSource(file, admin, io) : null;
  if (moved && !moved.ok) return moved.code;
  const ndjson = Boolean(moved) || /\.(nd)?jsonl?$/i.test(file);
  const unstated = ndjson ? null : await unstatedStatus(file, importAdapters[format]);
  if (unstated) io.err(unstated);
  const outcome = await admin.imports.run(moved ? moved.rows : decoded(pieces(file, progress)), {
    format,
    kind: ndjson ? 'ndjson' : 'csv',
    purpose: flags.purpose,
    dryRun,
    rowsPerCall,
    callsInFlight: inFlight,
    onProgress: (_call, rows) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const done = moved ? bar(rows, rows) : bar(progress.bytes, size);
      io.err(`${done} ${rows} rows, ${Math.round(rows / seconds)} rows/s`);
    },
  });
  const { report, error } = outcome;
  const summary = `${dryRun ? 'dry run: would import' : 'imported'} ${report.imported} of ${report.rows} rows (${report.withEvidence} with a confirmation time), skipped ${report.skipped.length}`;
  if (moved?.ok) {
    const { consents, noAddress, noRecord } = moved.summary;
    io.err(
      `${consents} consents in the export; not sent: ${noAddress} without a readable address, ${noRecord} without their record in the export's log`,
    );
  }
  if (flags.out) {
    await writeFile(flags.out, JSON.stringify(report, null, 2));
    io.out(`${summary}; report written to ${flags.out}`);
  } else {
    io.out(JSON.stringify(report, null, 2));
    io.out(summary);
  }
  if (error) {
    const id = error.requestId ? ` [request ${error.requestId}]` : '';
    io.err(
      `signet: ${error.code}: ${error.message}${id}; stopped after row ${report.rows}: run the same command again (within a day, calls already written answer their first report; later, their rows are skipped as consent-exists)`,
    );
    return 1;
  }
  return 0;
}
