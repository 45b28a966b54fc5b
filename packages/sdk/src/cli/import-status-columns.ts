/// <reference types="node" />
import { createReadStream } from 'node:fs';
import type { ImportAdapter } from '../import/adapters/adapter.js';
import { CsvRecordSplitter, detectDelimiter, parseCsvRecord } from '../import/csv.js';

/** The header of a CSV file, read up to its first record only. */
async function headerOf(file: string): Promise<string[]> {
  const splitter = new CsvRecordSplitter();
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream) {
      const [first] = splitter.push(decoder.decode(chunk as Buffer, { stream: true }));
      if (first !== undefined) return parseCsvRecord(first, detectDelimiter(first));
    }
  } finally {
    stream.destroy();
  }
  const [last = ''] = splitter.end();
  return parseCsvRecord(last, detectDelimiter(last));
}

/**
 * Why a file cannot tell who left, or null: an export without its source's status columns (a
 * Brevo export without `EMAIL_BLACKLISTED`, as the exports read in public code are) has every
 * row imported as subscribed, blocklisted people too, and the owner should know before it runs.
 */
export async function unstatedStatus(file: string, adapter: ImportAdapter) {
  const columns = adapter.statusColumns;
  if (!columns) return null;
  const header = new Set((await headerOf(file)).map((name) => name.trim().toLowerCase()));
  if (columns.some((column) => header.has(column.toLowerCase()))) return null;
  return `signet: warning: the file has no ${columns.join(' or ')} column, so it does not say who unsubscribed or was never confirmed: every row is imported as subscribed; export only the subscribed contacts, or with their status`;
}
