/// <reference types="node" />
import { createReadStream } from 'node:fs';
import { type SiteExportRowsSummary, siteExportImportRows } from '../import/site-export-rows.js';
import { ndjsonLines, verifySiteExport } from '../records/verify-site-export.js';
import type { createSignetAdmin } from '../server/admin-client.js';
import type { Output } from './verify-command.js';
import { exportFileOf } from './verify-site-export.js';

/**
 * `signet import DIR|FILE --format signet-export` (M2): the export is verified first (offline,
 * with its keys), since each imported record will name one of its records; the site must hold
 * every purpose the consents name; then its consents are read as rows. The file is read a few
 * times over and never held whole.
 */
/** The purposes the export's active consents name. */
async function purposesOf(file: string): Promise<Set<string>> {
  const named = new Set<string>();
  for await (const line of ndjsonLines(createReadStream(file))) {
    if (!line.startsWith('{"type":"person"')) continue;
    const person = JSON.parse(line) as { consents: { purpose: string; status: string }[] };
    for (const consent of person.consents)
      if (consent.status === 'active') named.add(consent.purpose);
  }
  return named;
}

/**
 * The purposes the export needs that the site lacks, asked before any call: the API refuses a
 * call naming one, and without this a file cut into calls would stop midway.
 */
async function missingPurposes(
  file: string,
  admin: ReturnType<typeof createSignetAdmin>,
  io: Output,
): Promise<number | null> {
  const held = await admin.purposes();
  if (!held.ok) {
    io.err(`signet: ${held.error.code}: ${held.error.message}`);
    return 1;
  }
  const have = new Set(held.value.purposes.map((purpose) => purpose.id));
  const missing = [...(await purposesOf(file))].filter((id) => !have.has(id)).sort();
  if (missing.length === 0) return null;
  const list = missing.map((id) => `"${id}"`).join(', ');
  io.err(
    `signet: this site has no purpose ${list} of the export: create each (signet purposes put ID, or PUT /v1/admin/purposes/{id}) and publish its wordings; nothing was imported`,
  );
  return 1;
}

export async function siteExportSource(
  path: string,
  admin: ReturnType<typeof createSignetAdmin>,
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
  const missing = await missingPurposes(file, admin, io);
  if (missing !== null) return { ok: false, code: missing };
  const summary: SiteExportRowsSummary = { consents: 0, rows: 0, noAddress: 0, noRecord: 0 };
  const rows = siteExportImportRows(() => ndjsonLines(createReadStream(file)), summary);
  async function* asText() {
    for await (const row of rows) yield `${row}\n`;
  }
  return { ok: true, rows: asText(), summary };
}
