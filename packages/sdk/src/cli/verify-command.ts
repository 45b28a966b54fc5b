/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { type Jwks, JwksSchema } from '../contract/records.js';
import { checkEachRecord, checkLog, checkPersonRecords, type Finding } from './record-checks.js';
import { runReceiptCli } from './verify-receipt.js';
import { runSiteExportCli } from './verify-site-export.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const usage = `Usage: signet verify FILE --jwks URL|FILE [--checkpoint FILE]
       signet verify RECEIPT.json [--jwks URL|FILE]
       signet verify DIR|EXPORT.ndjson [--jwks URL|FILE]

A site export (signet export-all, docs/site-export.md) carries its keys and a checkpoint: it
checks offline, and with --jwks also against the published keys.

A receipt (docs/receipt.md) carries its own key: it checks offline, and with --jwks also
against the published keys.

FILE holds one signed record, an array of them, { "records": [...] } as served by
GET /v1/records (optionally with a "checkpoint"), a person's export or an evidence file.
Records of a log must be numbered without a gap, each linked to the one before; with a
checkpoint they must be the site's whole log up to it, and without one the output says
what that leaves unchecked. A file with no records is invalid.
Exit code: 0 valid, 1 invalid, 2 usage or input error.`;

async function load(source: string, emptyAs?: unknown): Promise<unknown> {
  const text = /^https?:\/\//.test(source)
    ? await (await fetch(source)).text()
    : await readFile(source, 'utf8');
  return emptyAs !== undefined && text.trim() === '' ? emptyAs : JSON.parse(text);
}

function parseArgs(args: string[]) {
  const [command, file, ...rest] = args;
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i];
    const value = rest[i + 1];
    if (!name?.startsWith('--') || value === undefined) return null;
    options[name.slice(2)] = value;
  }
  if (command !== 'verify' || !file || !options.jwks) return null;
  return { file, jwks: options.jwks, checkpoint: options.checkpoint };
}

/**
 * What a file holds, told by its shape: each shape has its own check in {@link checkFile}. A new
 * kind of file (a receipt, say) is a new shape here and a new branch there.
 */
export type FileShape =
  | { kind: 'log'; records: unknown[]; checkpoint: unknown }
  | { kind: 'person'; records: unknown[]; source: 'export' | 'evidence file' }
  | { kind: 'record'; record: unknown };

export function shapeOf(input: unknown, checkpoint?: unknown): FileShape {
  if (Array.isArray(input)) return { kind: 'log', records: input, checkpoint };
  if (input && typeof input === 'object') {
    const object = input as { records?: unknown; checkpoint?: unknown; format?: unknown };
    if (Array.isArray(object.records)) {
      if (object.format === 'signet-export/1') {
        return { kind: 'person', records: object.records, source: 'export' };
      }
      if ('verification' in object && 'purpose' in object) {
        return { kind: 'person', records: object.records, source: 'evidence file' };
      }
      return { kind: 'log', records: object.records, checkpoint: checkpoint ?? object.checkpoint };
    }
  }
  return { kind: 'record', record: input };
}

async function checkFile(shape: FileShape, jwks: Jwks): Promise<Finding & { count: number }> {
  switch (shape.kind) {
    case 'log':
      return {
        ...(await checkLog(shape.records, shape.checkpoint, jwks)),
        count: shape.records.length,
      };
    case 'person':
      return {
        ...(await checkPersonRecords(shape.records, jwks, shape.source)),
        count: shape.records.length,
      };
    case 'record': {
      const found = await checkEachRecord([shape.record], jwks);
      const lines = found.valid
        ? [...found.lines, 'not checked: its place in the log; pass the log and --checkpoint']
        : found.lines;
      return { ...found, lines, count: 1 };
    }
  }
}

/** `signet verify`: a verdict a person can read, and an exit code a script can use. */
export async function runCli(args: string[], io: Output): Promise<number> {
  const siteExport = await runSiteExportCli(args, io);
  if (siteExport !== null) return siteExport;
  const receipt = await runReceiptCli(args, io);
  if (receipt !== null) return receipt;
  const parsed = parseArgs(args);
  if (!parsed) {
    io.err(usage);
    return 2;
  }
  let input: unknown;
  let jwks: Jwks;
  let checkpoint: unknown;
  try {
    // An empty file is an empty log: invalid, not unreadable.
    input = await load(parsed.file, []);
    jwks = v.parse(JwksSchema, await load(parsed.jwks));
    checkpoint = parsed.checkpoint ? await load(parsed.checkpoint) : undefined;
  } catch (error) {
    io.err(`signet: cannot read input: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const found = await checkFile(shapeOf(input, checkpoint), jwks);
  for (const line of found.lines) io.out(line);
  io.out(found.valid ? `VALID: ${found.count} record(s) verified` : 'INVALID: see above');
  return found.valid ? 0 : 1;
}
