import * as v from 'valibot';
import { EmailSchema, PurposeIdSchema } from '../contract/common.js';
import {
  type ImportFormat,
  type ImportSkip,
  type OriginalRecord,
  OriginalRecordSchema,
} from '../contract/imports.js';
import {
  type Cell,
  type ImportAdapter,
  importAdapters,
  type SourceField,
} from './adapters/index.js';
import { parseCsv } from './csv.js';
import { reportedTime } from './reported-time.js';

/** One row as Signet imports it: the address, the purpose if the row names one, the evidence. */
export interface ImportRow {
  row: number;
  email: string;
  purpose: string | null;
  optIn: { at: string | null; ip: string | null };
  confirmation: { at: string | null; ip: string | null };
  form: string | null;
  wording: { text: string | null; version: string | null };
  /** Only from a Signet site export (M2): the original record the import restates. */
  original: OriginalRecord | null;
}

export type RowOutcome = { ok: true; value: ImportRow } | { ok: false; skip: ImportSkip };

/** A call's body read: its rows, each imported or skipped; or why the body cannot be read. */
export type ImportBody =
  | { ok: true; rows: RowOutcome[]; system: string }
  | { ok: false; message: string };

const limits = { form: 512, wordingText: 20_000, wordingVersion: 200, ip: 64 };

/** The column (as the file names it) each field is read from, if the file has one. */
function columnsOf(adapter: ImportAdapter, header: string[]) {
  const byLowerCase = new Map(header.map((name) => [name.toLowerCase(), name]));
  const found: Partial<Record<SourceField, string>> = {};
  for (const [field, names] of Object.entries(adapter.columns) as [SourceField, string[]][]) {
    const name = names.map((alias) => byLowerCase.get(alias.toLowerCase())).find(Boolean);
    if (name) found[field] = name;
  }
  return found;
}

const skip = (row: number, reason: ImportSkip['reason'], column: string | null = null) =>
  ({ ok: false, skip: { row, reason, column } }) as const;

function text(cell: Cell, column: string | undefined) {
  const value = column ? cell(column)?.trim() : undefined;
  return value ? value : null;
}

function readRow(
  adapter: ImportAdapter,
  columns: Partial<Record<SourceField, string>>,
  cell: Cell,
  row: number,
): RowOutcome {
  const email = v.safeParse(EmailSchema, text(cell, columns.email) ?? '');
  if (!email.success) return skip(row, 'invalid-email', columns.email ?? null);
  if (adapter.subscribed && !adapter.subscribed(cell)) return skip(row, 'not-subscribed');
  const purpose = text(cell, columns.purpose);
  if (purpose !== null && !v.is(PurposeIdSchema, purpose)) {
    return skip(row, 'unknown-purpose', columns.purpose ?? null);
  }
  const times: Record<'optInAt' | 'confirmedAt', string | null> = {
    optInAt: null,
    confirmedAt: null,
  };
  for (const field of ['optInAt', 'confirmedAt'] as const) {
    const time = reportedTime(text(cell, columns[field]));
    if (!time.ok) return skip(row, 'invalid-date', columns[field] ?? null);
    times[field] = time.value;
  }
  const fields = {
    optInIp: text(cell, columns.optInIp),
    confirmedIp: text(cell, columns.confirmedIp),
    form: text(cell, columns.form),
    wordingText: text(cell, columns.wordingText),
    wordingVersion: text(cell, columns.wordingVersion),
  };
  for (const [field, limit] of [
    ['optInIp', limits.ip],
    ['confirmedIp', limits.ip],
    ['form', limits.form],
    ['wordingText', limits.wordingText],
    ['wordingVersion', limits.wordingVersion],
  ] as const) {
    if ((fields[field]?.length ?? 0) > limit)
      return skip(row, 'invalid-row', columns[field] ?? null);
  }
  const original = originalOf(columns, cell);
  if (original === 'invalid') return skip(row, 'invalid-row', columns.originalHash ?? null);
  return {
    ok: true,
    value: {
      row,
      email: email.output,
      purpose,
      optIn: { at: times.optInAt, ip: fields.optInIp },
      confirmation: { at: times.confirmedAt, ip: fields.confirmedIp },
      form: fields.form,
      wording: { text: fields.wordingText, version: fields.wordingVersion },
      original,
    },
  };
}

/** The original record a row names (all five fields), none, or `invalid` when only some are. */
function originalOf(columns: Partial<Record<SourceField, string>>, cell: Cell) {
  const named = {
    origin: text(cell, columns.originalOrigin),
    site: text(cell, columns.originalSite),
    id: text(cell, columns.originalId),
    hash: text(cell, columns.originalHash),
    kid: text(cell, columns.originalKid),
  };
  const given = Object.values(named).filter((value) => value !== null);
  if (given.length === 0) return null;
  if (given.some((value) => value.length > limits.form)) return 'invalid';
  const parsed = v.safeParse(OriginalRecordSchema, named);
  return parsed.success ? parsed.output : 'invalid';
}

function csvBody(adapter: ImportAdapter, body: string, firstRow: number): ImportBody {
  const { header, rows } = parseCsv(body);
  const columns = columnsOf(adapter, header);
  if (!columns.email) {
    const names = (adapter.columns.email ?? []).join('" or "');
    return { ok: false, message: `The header has no "${names}" column` };
  }
  const index = new Map(header.map((name, i) => [name, i]));
  return {
    ok: true,
    system: adapter.system,
    rows: rows.map((cells, i) =>
      readRow(adapter, columns, (name) => cells[index.get(name) ?? -1] ?? null, firstRow + i),
    ),
  };
}

function ndjsonBody(adapter: ImportAdapter, body: string, firstRow: number): ImportBody {
  const lines = body.split(/\r?\n/).filter((line) => line.trim() !== '');
  const rows = lines.map((line, i): RowOutcome => {
    const row = firstRow + i;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return skip(row, 'invalid-row');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return skip(row, 'invalid-row');
    }
    const object = parsed as Record<string, unknown>;
    const columns = columnsOf(adapter, Object.keys(object));
    const cell: Cell = (name) => {
      const value = object[name];
      return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
    };
    return readRow(adapter, columns, cell, row);
  });
  return { ok: true, system: adapter.system, rows };
}

/**
 * One call's body in a format: CSV (any of the formats) or NDJSON (one JSON object a line, the
 * Signet format's column names as keys). `firstRow` is the file's number of its first data row.
 */
export function readImportBody(
  format: ImportFormat,
  body: string,
  kind: 'csv' | 'ndjson',
  firstRow = 1,
): ImportBody {
  const adapter = importAdapters[format];
  return kind === 'csv' ? csvBody(adapter, body, firstRow) : ndjsonBody(adapter, body, firstRow);
}
