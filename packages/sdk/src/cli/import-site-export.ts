/// <reference types="node" />
import { createReadStream } from 'node:fs';
import { type SiteExportRowsSummary, siteExportImportRows } from '../import/site-export-rows.js';
import { ndjsonLines, verifySiteExport } from '../records/verify-site-export.js';
import type { Output } from './verify-command.js';
import { exportFileOf } from './verify-site-export.js';

/**
 * `signet import DIR|FILE --format signet-export` (M2): the export is verified first (offline,
 * with its keys), since each imported record will name one of its records; then its consents
 * are read as rows, the file read twice and never held whole.
 */
export async function siteExportSource(
  path: string,
  io: Output,
): Promise<
  | { ok: true; rows: AsyncGenerator<string>; summary: SiteExportRowsSummary }
  | { ok: false; code: number }
> {
  const file = await exportFileOf(path);
  if (!file) {
    io.err(`signet: ${path} holds no site export (one .ndjson file)`);
    return { ok: false, code: 2 };
  }
  const found = await verifySiteExport(ndjsonLines(createReadStream(file)));
  if (!found.valid) {
    for (const line of found.lines) io.err(line);
    io.err('signet: the export does not verify; nothing was imported');
    return { ok: false, code: 1 };
  }
  const summary: SiteExportRowsSummary = { consents: 0, rows: 0, noAddress: 0, noRecord: 0 };
  const rows = siteExportImportRows(() => ndjsonLines(createReadStream(file)), summary);
  async function* asText() {
    for await (const row of rows) yield `${row}\n`;
  }
  return { ok: true, rows: asText(), summary };
}
